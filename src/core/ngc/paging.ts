import { mapConcurrent, throwIfAborted } from '../lib/abort';
import type { PaginationInfo } from './schemas/common';

/** One page as a loader returns it: the items and NGC's `paginationInfo` (which some endpoints leave out). */
export interface PageResult<T> {
    items: T[];
    paginationInfo?: PaginationInfo | null;
}

/** Loads page `page` (0-based, NGC's `page-number`) of size `pageSize`. */
export type PageLoader<T> = (page: number, pageSize: number) => Promise<PageResult<T>>;

export interface FetchAllOptions {
    /** Requested `page-size`; ngcsdk asks for 1000, we default to 100 (servers may cap it lower). */
    pageSize?: number;
    /** Pages fetched at once after the first; default 4. */
    concurrency?: number;
    /** Safety stop for endless or hostile paging; default 1000 pages. */
    maxPages?: number;
    /** Stop once this many items are in hand (and return no more than that). */
    limit?: number;
    signal?: AbortSignal;
}

export const DEFAULT_PAGE_SIZE = 100;
const DEFAULT_MAX_PAGES = 1000;

/**
 * Fetches every page of a REST list the way ngcsdk's `pagination_helper` does (page 0, then the rest concurrently,
 * in page order), but never trusting the page size it asked for: servers cap it (NGC serves fewer items than
 * `page-size` asks, and some report `totalPages` computed from the size asked, not the size served). So:
 * - the size the server used is the first page's length; `totalResults` divided by it gives the page count, else
 *   `totalPages`;
 * - after those pages, while fewer items than `totalResults` are in hand (or, without totals, while pages come back
 *   as full as the first), it walks on one page at a time;
 * - an empty page ends the list, and so does a page identical to the one before (a server that ignores
 *   `page-number` would otherwise loop), and `maxPages`.
 */
export async function fetchAllPages<T>(load: PageLoader<T>, options: FetchAllOptions = {}): Promise<T[]> {
    const requested = options.pageSize ?? DEFAULT_PAGE_SIZE;
    const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    throwIfAborted(options.signal);
    const first = await load(0, requested);
    const items = [...first.items];
    const served = first.items.length;
    const total = totalOf(first);
    if (served === 0 || items.length >= limit || (total !== undefined && items.length >= total)) {
        return items.slice(0, limit);
    }
    let planned = total !== undefined ? Math.ceil(total / served) : totalPagesOf(first);
    planned = Math.min(planned ?? 1, maxPages, Number.isFinite(limit) ? Math.ceil(limit / served) : maxPages);
    let last = first.items;
    let page = 1;
    if (planned > 1) {
        const rest = Array.from({ length: planned - 1 }, (_, i) => i + 1);
        const pages = await mapConcurrent(rest, options.concurrency ?? 4, (p) => {
            throwIfAborted(options.signal);
            return load(p, requested);
        });
        for (const p of pages) {
            items.push(...p.items);
        }
        last = pages[pages.length - 1]?.items ?? last;
        page = planned;
    }
    const more = () => (total !== undefined ? items.length < total : last.length >= served);
    while (items.length < limit && page < maxPages && last.length > 0 && more()) {
        throwIfAborted(options.signal);
        const next = await load(page++, requested);
        if (next.items.length === 0 || sameItems(next.items, last)) {
            break;
        }
        items.push(...next.items);
        last = next.items;
    }
    return items.slice(0, limit);
}

/** A single page with what a "Load more" node needs to know. */
export interface Page<T> {
    items: T[];
    page: number;
    pageSize: number;
    totalPages?: number;
    totalResults?: number;
    /** True when a later page may hold more (see {@link fetchPage}). */
    hasMore: boolean;
}

/**
 * Fetches one page (for the tree's "Load more"). Whether more exist is decided from what the server reports, not
 * from the size asked for (servers cap it): with `totalResults` and `seen` (the items the earlier pages held, when
 * the caller kept count), by counting; else by `totalPages`; else by `totalResults` taking earlier pages to be as
 * full as this one; with nothing reported, any non-empty page may have a successor (an empty page ends the list).
 */
export async function fetchPage<T>(
    load: PageLoader<T>,
    page: number,
    pageSize = DEFAULT_PAGE_SIZE,
    seen?: number,
): Promise<Page<T>> {
    const result = await load(page, pageSize);
    const count = result.items.length;
    const totalResults = totalOf(result);
    const totalPages = totalPagesOf(result);
    let hasMore: boolean;
    if (count === 0) {
        hasMore = false;
    } else if (totalResults !== undefined && seen !== undefined) {
        hasMore = seen + count < totalResults;
    } else if (totalPages !== undefined) {
        hasMore = page + 1 < totalPages;
    } else if (totalResults !== undefined) {
        hasMore = (page + 1) * count < totalResults;
    } else {
        hasMore = true;
    }
    return { items: result.items, page, pageSize, totalPages, totalResults, hasMore };
}

function totalOf(result: PageResult<unknown>): number | undefined {
    const n = result.paginationInfo?.totalResults;
    return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

function totalPagesOf(result: PageResult<unknown>): number | undefined {
    const n = result.paginationInfo?.totalPages;
    return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
    return a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}
