/**
 * Merges the next page of a listing into what is loaded. Servers page over a list that can change between requests
 * (a repository created while the user reads page 1 shifts everything by one), so pages overlap: an item whose key is
 * already present is skipped (VS Code rejects a tree with two items of the same id). Order is the source's: the
 * catalog source returns tags and versions newest first across pages, so nothing is sorted here.
 */
export function mergePage<T>(existing: readonly T[], incoming: readonly T[], key: (item: T) => string): T[] {
    const seen = new Set(existing.map(key));
    const merged = [...existing];
    for (const item of incoming) {
        const k = key(item);
        if (!seen.has(k)) {
            seen.add(k);
            merged.push(item);
        }
    }
    return merged;
}
