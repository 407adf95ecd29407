import { isActionableTag, type DetailsModel, type VerificationMessage } from '../../../src/protocol/details';
import { signatureLabel } from '../../../src/protocol/signature';
import { formatBytes } from '../../../src/protocol/text';
import { post } from '../api';
import { button, formatDate, h, icon } from './dom';

type Tag = DetailsModel['tags'][number];
type Version = DetailsModel['versions'][number];

/** The tags table: tag, updated, size, architectures with digests, signed, rating, and per-row actions. */
export function tagsTable(model: DetailsModel): HTMLElement {
    const rows = model.tags.map((t: Tag) =>
        h(
            'tr',
            { 'data-tag': t.tag },
            h('td', { class: 'mono' }, t.tag),
            h('td', {}, formatDate(t.updated)),
            h('td', { class: 'num' }, formatBytes(t.size)),
            h(
                'td',
                {},
                ...t.platforms.map((p) =>
                    h(
                        'div',
                        { class: 'platform' },
                        `${p.os ?? 'linux'}/${p.architecture ?? '?'} `,
                        linkButton(
                            p.digest.slice(0, 19) + '…',
                            'copy',
                            () => post({ type: 'details/copyDigest', digest: p.digest }),
                            `Copy ${p.digest}`,
                        ),
                    ),
                ),
            ),
            h('td', {}, signatureCell(t)),
            h('td', {}, t.rating ?? ''),
            // A tag name that is not a valid Docker tag is shown, never turned into a command.
            isActionableTag(t.tag)
                ? h(
                      'td',
                      { class: 'actions' },
                      button('Copy pull', 'copy', () => post({ type: 'details/copyPull', tag: t.tag })),
                      button('Insert FROM', 'insert', () => post({ type: 'details/insertFrom', tag: t.tag })),
                      button('Pull', 'cloud-download', () => post({ type: 'details/pull', tag: t.tag })),
                      button('Verify', 'verified', () => post({ type: 'details/verify', tag: t.tag })),
                  )
                : h('td', { class: 'actions muted', title: 'Not a valid image tag' }, 'no actions'),
        ),
    );
    return table(['Tag', 'Updated', 'Size', 'Architectures', 'Signed', 'Rating', ''], rows, 'tags');
}

/**
 * Shows a signature check in the tag's Signed cell: what it found, each signature's verdict as the tooltip. Rows
 * are found by their `data-tag` value (compared as data, never spliced into a selector).
 */
export function showVerification(tag: string, v: VerificationMessage): void {
    const row = [...document.querySelectorAll<HTMLElement>('#tags-table tbody tr')].find(
        (r) => r.dataset['tag'] === tag,
    );
    const cell = row?.children[4];
    if (!cell) {
        return;
    }
    const label = signatureLabel(true, v);
    if (label) {
        cell.replaceChildren(
            h(
                'span',
                {
                    class: label.tone,
                    title: [v.summary, v.digest, ...v.details].join('\n'),
                    'data-verification': v.state,
                },
                icon(label.icon),
                ` ${label.text}`,
            ),
        );
    }
}

/** "signed (unverified)" from the catalog's flag until a Verify of this session says verified / signature invalid. */
function signatureCell(t: Tag): HTMLElement | string {
    const label = signatureLabel(t.signed, t.verification);
    if (!label) {
        return '—';
    }
    const title = t.verification
        ? `${t.verification.summary} (${t.verification.digest})`
        : "The catalog lists a cosign signature; Verify checks it against NGC's public key";
    return h(
        'span',
        { class: label.tone, title, ...(t.verification ? { 'data-verification': t.verification.state } : {}) },
        icon(label.icon),
        ` ${label.text}`,
    );
}

/** The versions table, with a Files toggle that asks the host for the file list of that version. */
export function versionsTable(model: DetailsModel): HTMLElement {
    const downloadable = model.ref.kind === 'model' || model.ref.kind === 'resource';
    const rows = model.versions.map((v: Version) =>
        h(
            'tr',
            { 'data-version': v.version },
            h('td', { class: 'mono' }, v.version),
            h('td', {}, formatDate(v.updated)),
            h('td', { class: 'num' }, formatBytes(v.size)),
            h('td', { class: 'num' }, v.fileCount === undefined ? '' : String(v.fileCount)),
            h(
                'td',
                {},
                v.status && v.status !== 'UPLOAD_COMPLETE' ? v.status.toLowerCase().replace(/_/g, ' ') : 'ready',
            ),
            h(
                'td',
                { class: 'actions' },
                button('Files', 'list-flat', () => post({ type: 'details/selectVersion', version: v.version })),
                downloadable &&
                    button('Download', 'desktop-download', () =>
                        post({ type: 'details/download', version: v.version }),
                    ),
            ),
        ),
    );
    return table(['Version', 'Updated', 'Size', 'Files', 'Status', ''], rows, 'versions');
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

function table(headers: string[], rows: HTMLElement[], id: string): HTMLElement {
    return h(
        'table',
        { id: `${id}-table` },
        h('thead', {}, h('tr', {}, ...headers.map((x) => h('th', {}, x)))),
        h('tbody', {}, ...rows),
    );
}

function linkButton(label: string, iconName: string, onClick: () => void, title: string): HTMLElement {
    const b = h('button', { class: 'link', title, type: 'button' }, icon(iconName), ` ${label}`);
    b.addEventListener('click', onClick);
    return b;
}
