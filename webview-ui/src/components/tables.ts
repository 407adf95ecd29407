import { isActionableTag, type DetailsModel, type WebviewMessage } from '../../../src/protocol/details';
import { formatBytes, platformLabel, shortDigest, versionState } from '../../../src/protocol/text';
import { post } from '../api';
import { button, formatDate, h, icon } from './dom';
import { expandButton } from './inspection';
import { signatureCell, versionSignatureCell } from './signatureCells';

type Tag = DetailsModel['tags'][number];
type Version = DetailsModel['versions'][number];

/** A column shown only when some row has data for it (NGC never fills Rating, for instance). */
interface Column<T> {
    header: string;
    /** Class of the header cell (the row's cell sets its own); a narrow panel hides the `optional` ones. */
    cls?: string;
    cell: (row: T) => HTMLElement;
    /** Omitted: always shown. */
    has?: (row: T) => boolean;
}

/** The columns for which some row has data; the header and each row's cells follow them. */
function columnsFor<T>(columns: Column<T>[], rows: readonly T[]): Column<T>[] {
    return columns.filter((c) => !c.has || rows.some(c.has));
}

const TAG_COLUMNS: Column<Tag>[] = [
    {
        header: 'Tag',
        // An actionable tag opens to show what is inside it; any other name is only shown.
        cell: (t) => h('td', { class: 'mono nowrap tag' }, isActionableTag(t.tag) && expandButton(t.tag), t.tag),
    },
    {
        header: 'Updated',
        cls: 'optional',
        cell: (t) => h('td', { class: 'nowrap optional', title: t.updated ?? '' }, formatDate(t.updated)),
        has: (t) => t.updated !== undefined,
    },
    {
        header: 'Size',
        cls: 'optional',
        cell: (t) => h('td', { class: 'num optional' }, formatBytes(t.size)),
        has: (t) => t.size !== undefined,
    },
    {
        header: 'Platforms',
        cell: (t) => h('td', { class: 'platforms' }, ...t.platforms.map(platformLine)),
        has: (t) => t.platforms.length > 0,
    },
    { header: 'Signature', cell: (t) => h('td', { class: 'signature nowrap' }, signatureCell(t)) },
    { header: 'Rating', cell: (t) => h('td', {}, t.rating ?? ''), has: (t) => Boolean(t.rating) },
    {
        header: '',
        // A tag name that is not a valid Docker tag is shown, never turned into a command.
        cell: (t) =>
            isActionableTag(t.tag)
                ? h(
                      'td',
                      { class: 'actions' },
                      rowAction(t.tag, 'Copy pull', 'Copy Pull Command', 'copy', {
                          type: 'details/copyPull',
                          tag: t.tag,
                      }),
                      rowAction(t.tag, 'Insert FROM', 'Insert Pinned FROM', 'insert', {
                          type: 'details/insertFrom',
                          tag: t.tag,
                      }),
                      rowAction(t.tag, 'Pull', 'Pull Image', 'cloud-download', { type: 'details/pull', tag: t.tag }),
                      rowAction(t.tag, 'Verify', 'Verify Signature', 'verified', {
                          type: 'details/verify',
                          tag: t.tag,
                      }),
                      rowAction(t.tag, 'Mirror to…', 'Mirror Image', 'repo-push', {
                          type: 'details/mirror',
                          tag: t.tag,
                      }),
                  )
                : h('td', { class: 'actions muted', title: 'Not a valid image tag' }, 'no actions'),
    },
];

/**
 * The tags table: tag, updated, size, platforms with abbreviated digests, signature, and per-row actions. Columns no
 * row fills are left out; tags, dates and digests never wrap inside a token; the action buttons wrap as a group when
 * the editor is narrow, so the table never scrolls sideways.
 */
export function tagsTable(model: DetailsModel): HTMLElement {
    const columns = columnsFor(TAG_COLUMNS, model.tags);
    const rows = model.tags.map((t) => h('tr', { 'data-tag': t.tag }, ...columns.map((c) => c.cell(t))));
    return table(
        columns.map((c) => c.header),
        rows,
        'tags',
        columns.map((c) => c.cls),
    );
}

/** An icon button of a row, titled like the tree's command of the same action (`Pull Image 25.03-py3`). */
function rowAction(tag: string, label: string, title: string, iconName: string, message: WebviewMessage): HTMLElement {
    const b = button(label, iconName, () => post(message));
    b.setAttribute('title', `${title} ${tag}`);
    b.setAttribute('aria-label', `${title} ${tag}`);
    return b;
}

/** `linux/amd64 c0823d79b43e ⧉`: the platform as Docker writes it, then its digest cut to 12 digits, click to copy. */
function platformLine(p: Tag['platforms'][number]): HTMLElement {
    return h(
        'div',
        { class: 'platform' },
        h('span', { class: 'nowrap' }, platformLabel(p)),
        ' ',
        linkButton(
            shortDigest(p.digest),
            'copy',
            () => post({ type: 'details/copyDigest', digest: p.digest }),
            `Copy ${p.digest}`,
        ),
    );
}

const VERSION_COLUMNS: Column<Version>[] = [
    { header: 'Version', cell: (v) => h('td', { class: 'mono nowrap' }, v.version) },
    {
        header: 'Updated',
        cls: 'optional',
        cell: (v) => h('td', { class: 'nowrap optional', title: v.updated ?? '' }, formatDate(v.updated)),
        has: (v) => v.updated !== undefined,
    },
    {
        header: 'Size',
        cls: 'optional',
        cell: (v) => h('td', { class: 'num optional' }, formatBytes(v.size)),
        has: (v) => v.size !== undefined,
    },
    {
        header: 'Files',
        cell: (v) => h('td', { class: 'num' }, v.fileCount === undefined ? '' : String(v.fileCount)),
        has: (v) => v.fileCount !== undefined,
    },
    {
        header: 'Signature',
        cell: (v) => h('td', { class: 'signature' }, versionSignatureCell(v)),
        has: (v) => v.signed === true || v.verification !== undefined,
    },
    {
        header: 'Status',
        cell: (v) => {
            const state = versionState(v.status);
            return h(
                'td',
                { class: `nowrap ${state.ready ? 'muted' : 'warn'}`, 'data-status': state.label },
                state.label,
            );
        },
    },
];

/**
 * The versions table, with per-row actions: Files (asks the host for the file list), Download, and for Helm charts
 * Copy Helm Command. A version whose upload is pending or failed says so and offers no Download.
 */
export function versionsTable(model: DetailsModel): HTMLElement {
    const downloadable = model.ref.kind !== 'container';
    const helm = model.ref.kind === 'helm-chart';
    const columns = columnsFor(VERSION_COLUMNS, model.versions);
    const rows = model.versions.map((v: Version) => {
        const ready = versionState(v.status).ready;
        const version = v.version;
        return h(
            'tr',
            { 'data-version': version },
            ...columns.map((c) => c.cell(v)),
            h(
                'td',
                { class: 'actions' },
                rowAction(version, 'Files', 'Show Files of', 'list-flat', { type: 'details/selectVersion', version }),
                downloadable &&
                    ready &&
                    rowAction(version, 'Download', 'Download Version', 'desktop-download', {
                        type: 'details/download',
                        version,
                    }),
                helm &&
                    ready &&
                    rowAction(version, 'Copy helm', 'Copy Helm Command for', 'terminal', {
                        type: 'details/copyHelm',
                        version,
                    }),
            ),
        );
    });
    return table(
        [...columns.map((c) => c.header), ''],
        rows,
        'versions',
        columns.map((c) => c.cls),
    );
}

export function filesTable(
    version: string,
    files: { path: string; size?: number; hasChecksum: boolean }[],
): HTMLElement {
    const rows = files.map((f) =>
        h(
            'tr',
            {},
            h('td', { class: 'mono' }, f.path),
            h('td', { class: 'num' }, formatBytes(f.size)),
            h('td', {}, f.hasChecksum ? 'sha256' : 'size only'),
        ),
    );
    return h(
        'section',
        { id: 'files' },
        h('h2', {}, `Files of ${version} (${files.length})`),
        table(['Path', 'Size', 'Verified by'], rows, 'files'),
    );
}

function table(headers: string[], rows: HTMLElement[], id: string, classes: (string | undefined)[] = []): HTMLElement {
    return h(
        'table',
        { id: `${id}-table` },
        h('thead', {}, h('tr', {}, ...headers.map((x, i) => h('th', { class: classes[i] }, x)))),
        h('tbody', {}, ...rows),
    );
}

function linkButton(label: string, iconName: string, onClick: () => void, title: string): HTMLElement {
    const b = h('button', { class: 'link', title, 'aria-label': title, type: 'button' }, `${label} `, icon(iconName));
    b.addEventListener('click', onClick);
    return b;
}
