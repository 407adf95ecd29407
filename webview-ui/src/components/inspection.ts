import type { PlatformInspectionMessage } from '../../../src/protocol/details';
import { formatBytes, plural, shortDigest } from '../../../src/protocol/text';
import { post } from '../api';
import { button, formatDate, h, icon } from './dom';

type InspectionState =
    | { kind: 'loading' }
    | { kind: 'done'; digest: string; platforms: PlatformInspectionMessage[] }
    | { kind: 'error'; title: string; remedy: string };

/** Tags whose row is open, and what each inspection came to (kept while the same artifact is shown). */
const expanded = new Set<string>();
const inspections = new Map<string, InspectionState>();

/** Forgets every inspection (another artifact is shown). */
export function resetInspections(): void {
    expanded.clear();
    inspections.clear();
}

/**
 * The chevron in a tag's first cell: opens a row under it with what is inside the tag, per platform (created,
 * framework versions, layers, compressed size). The host inspects the tag only when it is first opened; a failed
 * inspection is asked again on the next opening.
 */
export function expandButton(tag: string): HTMLElement {
    const open = expanded.has(tag);
    const b = h(
        'button',
        {
            class: 'expand',
            type: 'button',
            'aria-expanded': String(open),
            'aria-label': `What is inside ${tag}`,
            title: `What is inside ${tag}: frameworks, CUDA, layers per platform`,
        },
        icon(open ? 'chevron-down' : 'chevron-right'),
    );
    b.addEventListener('click', () => toggle(tag));
    return b;
}

function toggle(tag: string): void {
    if (expanded.has(tag)) {
        expanded.delete(tag);
    } else {
        expanded.add(tag);
        if (inspections.get(tag)?.kind !== 'done' && inspections.get(tag)?.kind !== 'loading') {
            ask(tag);
        }
    }
    renderDetail(tag);
}

function ask(tag: string): void {
    inspections.set(tag, { kind: 'loading' });
    post({ type: 'details/inspect', tag });
}

export function showInspection(tag: string, digest: string, platforms: PlatformInspectionMessage[]): void {
    inspections.set(tag, { kind: 'done', digest, platforms });
    renderDetail(tag);
}

export function showInspectionError(tag: string, problem: { title: string; remedy: string }): void {
    inspections.set(tag, { kind: 'error', title: problem.title, remedy: problem.remedy });
    renderDetail(tag);
}

/** Re-opens the open rows after the tags table was drawn again (a reload, "Load more"). */
export function restoreInspections(): void {
    expanded.forEach(renderDetail);
}

/** Draws (or removes) the detail row under `tag`'s row, whose chevron follows. Rows are compared as data. */
function renderDetail(tag: string): void {
    const rows = [...document.querySelectorAll<HTMLElement>('#tags-table > tbody > tr')];
    const row = rows.find((r) => r.dataset['tag'] === tag);
    rows.find((r) => r.dataset['inspectionFor'] === tag)?.remove();
    const chevron = row?.querySelector('button.expand');
    if (!row || !chevron) {
        return;
    }
    const open = expanded.has(tag);
    chevron.replaceWith(expandButton(tag));
    if (!open) {
        return;
    }
    const state = inspections.get(tag) ?? { kind: 'loading' };
    const cell = h('td', { colspan: String(row.children.length) }, detailContent(tag, state));
    row.after(h('tr', { class: 'inspection', 'data-inspection-for': tag, 'aria-live': 'polite' }, cell));
}

function detailContent(tag: string, state: InspectionState): HTMLElement {
    switch (state.kind) {
        case 'loading':
            return h(
                'div',
                { class: 'loading inline', 'aria-busy': 'true' },
                h('vscode-progress-ring', {}),
                ` Reading the image configs of ${tag}…`,
            );
        case 'error':
            return h(
                'div',
                { class: 'problem', role: 'alert' },
                h('strong', {}, icon('error'), ` ${state.title}`),
                h('p', {}, state.remedy),
                button('Retry', 'refresh', () => {
                    ask(tag);
                    renderDetail(tag);
                }),
            );
        case 'done':
            return inspectionTable(state.digest, state.platforms);
    }
}

/** A variable with a name people know (`PYTORCH_VERSION` → PyTorch), not only its own. */
function known(f: PlatformInspectionMessage['frameworks'][number]): boolean {
    return f.name !== f.variable;
}

/** One line per platform: what "which PyTorch is in 25.03-py3?" asks, answered from the image config. */
function inspectionTable(digest: string, platforms: PlatformInspectionMessage[]): HTMLElement {
    if (platforms.length === 0) {
        return h('p', { class: 'muted' }, `No image platforms in ${shortDigest(digest)}.`);
    }
    const rows = platforms.map((p) =>
        h(
            'tr',
            { 'data-platform': p.platform },
            h('td', { class: 'nowrap', title: p.digest }, p.platform),
            h('td', { class: 'nowrap', title: p.created ?? '' }, p.created ? formatDate(p.created) : 'unknown'),
            h(
                'td',
                { class: 'frameworks' },
                p.frameworks.length === 0
                    ? h('span', { class: 'muted' }, 'no framework versions in the config')
                    : h(
                          'ul',
                          {},
                          // Names people know first (PyTorch, CUDA…); raw variables after them, muted.
                          ...[...p.frameworks.filter(known), ...p.frameworks.filter((f) => !known(f))].map((f) =>
                              h(
                                  'li',
                                  {
                                      title: f.variable,
                                      'data-variable': f.variable,
                                      class: known(f) ? undefined : 'muted',
                                  },
                                  h('span', { class: 'framework' }, f.name),
                                  ' ',
                                  h('span', { class: 'mono' }, f.version),
                              ),
                          ),
                      ),
            ),
            h('td', { class: 'num' }, plural(p.layers, 'layer')),
            h('td', { class: 'num' }, formatBytes(p.compressedSize)),
        ),
    );
    return h(
        'table',
        { class: 'inspection-table' },
        h(
            'thead',
            {},
            h('tr', {}, ...['Platform', 'Created', 'Versions', 'Layers', 'Compressed'].map((x) => h('th', {}, x))),
        ),
        h('tbody', {}, ...rows),
    );
}
