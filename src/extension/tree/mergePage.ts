/**
 * Merges the next page of a listing into what is loaded. Servers page over a list that can change between requests
 * (a tag pushed while the user reads page 1 shifts everything by one), so pages overlap: an item whose key is already
 * present is skipped (VS Code rejects a tree with two items of the same id). With `updated`, the merged list is kept
 * newest first across pages (the server sorts per page at best); the sort is stable, and undated items follow the
 * dated ones in the order they arrived.
 */
export function mergePage<T>(
    existing: readonly T[],
    incoming: readonly T[],
    options: { key: (item: T) => string; updated?: (item: T) => string | undefined },
): T[] {
    const seen = new Set(existing.map(options.key));
    const merged = [...existing];
    for (const item of incoming) {
        const key = options.key(item);
        if (!seen.has(key)) {
            seen.add(key);
            merged.push(item);
        }
    }
    const updated = options.updated;
    if (!updated) {
        return merged;
    }
    return merged
        .map((item, index) => ({ item, index, time: timeOf(updated(item)) }))
        .sort((a, b) => b.time - a.time || a.index - b.index)
        .map((x) => x.item);
}

/** Milliseconds since the epoch, or 0 (sorts last) for a missing or unparsable date. */
export function timeOf(iso: string | undefined): number {
    const t = iso ? Date.parse(iso) : NaN;
    return Number.isFinite(t) ? t : 0;
}
