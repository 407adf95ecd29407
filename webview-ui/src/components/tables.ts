import type { DetailsModel, VerificationMessage } from '../../../src/protocol/details';
import { post } from '../api';
import { button, formatBytes, formatDate, h, icon } from './dom';

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
                        linkButton(p.digest.slice(0, 19) + '…', 'copy', () => post({ type: 'details/copyDigest', digest: p.digest }), `Copy ${p.digest}`),
                    ),
                ),
            ),
            h('td', {}, t.signed ? h('span', { class: 'ok', title: 'cosign signature present' }, icon('verified-filled'), ' signed') : '—'),
            h('td', {}, t.rating ?? ''),
            h(
                'td',
                { class: 'actions' },
                button('Copy pull', 'copy', () => post({ type: 'details/copyPull', tag: t.tag })),
                button('Insert FROM', 'insert', () => post({ type: 'details/insertFrom', tag: t.tag })),
                button('Pull', 'cloud-download', () => post({ type: 'details/pull', tag: t.tag })),
                button('Verify', 'verified', () => post({ type: 'details/verify', tag: t.tag })),
            ),
        ),
    );
    return table(['Tag', 'Updated', 'Size', 'Architectures', 'Signed', 'Rating', ''], rows, 'tags');
}

/**
 * Shows a signature check in the tag's Signed cell: what it found, each signature's verdict as the tooltip. Rows
 * are found by their `data-tag` value (compared as data, never spliced into a selector).
 */
export function showVerification(tag: string, v: VerificationMessage): void {
    const row = [...document.querySelectorAll<HTMLElement>('#tags-table tbody tr')].find((r) => r.dataset['tag'] === tag);
    const cell = row?.children[4];
    if (!cell) {
        return;
    }
    const look = { verified: ['ok', 'verified-filled', 'signed · verified'], unsigned: ['warn', 'warning', 'not signed'], invalid: ['bad', 'unverified', v.summary] }[v.state];
    const [cls = '', iconName = '', text = ''] = look;
    cell.replaceChildren(h('span', { class: cls, title: [v.digest, ...v.details].join('\n'), 'data-verification': v.state }, icon(iconName), ` ${text}`));
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
            h('td', {}, v.status && v.status !== 'UPLOAD_COMPLETE' ? v.status.toLowerCase().replace(/_/g, ' ') : 'ready'),
            h(
                'td',
                { class: 'actions' },
                button('Files', 'list-flat', () => post({ type: 'details/selectVersion', version: v.version })),
                downloadable && button('Download', 'desktop-download', () => post({ type: 'details/download', version: v.version })),
            ),
        ),
    );
    return table(['Version', 'Updated', 'Size', 'Files', 'Status', ''], rows, 'versions');
}

export function filesTable(version: string, files: { path: string; size?: number; hasChecksum: boolean }[]): HTMLElement {
    const rows = files.map((f) =>
        h(
            'tr',
            {},
            h('td', { class: 'mono' }, f.path),
            h('td', { class: 'num' }, formatBytes(f.size)),
            h('td', {}, f.hasChecksum ? 'sha256' : 'size only'),
        ),
    );
    return h('section', { id: 'files' }, h('h2', {}, `Files of ${version} (${files.length})`), table(['Path', 'Size', 'Verified by'], rows, 'files'));
}

function table(headers: string[], rows: HTMLElement[], id: string): HTMLElement {
    return h('table', { id: `${id}-table` }, h('thead', {}, h('tr', {}, ...headers.map((x) => h('th', {}, x)))), h('tbody', {}, ...rows));
}

function linkButton(label: string, iconName: string, onClick: () => void, title: string): HTMLElement {
    const b = h('button', { class: 'link', title, type: 'button' }, icon(iconName), ` ${label}`);
    b.addEventListener('click', onClick);
    return b;
}
