import type { ArtifactKind } from '../../core/catalog/catalogSource';

/** How a search with no results can be widened: all types instead of one, unsigned results too. */
export type Widening = 'allKinds' | 'unsigned';

export interface EmptyResultItem {
    label: string;
    detail?: string;
    widen?: Widening;
}

/**
 * What the search quick pick shows instead of an empty list: "No results for 'x'", then the ways to widen the
 * search that apply (the type filter back to all types, signed-only off), each a row that does it when picked.
 * Without a filter to lift, it suggests other words. Pure: the quick pick turns these into items.
 */
export function emptyResultItems(
    text: string,
    filter: ArtifactKind | 'all',
    signedOnly: boolean,
    canSearchAll: boolean,
    kindLabel: (kind: ArtifactKind) => string,
): EmptyResultItem[] {
    const what = text.trim() === '' ? 'No results' : `No results for '${text.trim()}'`;
    const scope = [filter !== 'all' && kindLabel(filter).toLowerCase(), signedOnly && 'signed only']
        .filter((s): s is string => typeof s === 'string')
        .join(', ');
    const widen: EmptyResultItem[] = [];
    if (filter !== 'all' && canSearchAll) {
        widen.push({ label: '$(filter) Search all types', widen: 'allKinds' });
    }
    if (signedOnly) {
        widen.push({ label: '$(verified) Include unsigned results', widen: 'unsigned' });
    }
    const label = `$(search-stop) ${scope ? `${what} (${scope})` : what}`;
    const head: EmptyResultItem =
        widen.length > 0 ? { label } : { label, detail: 'Try a shorter word or a part of the name (pytorch, cuda).' };
    return [head, ...widen];
}
