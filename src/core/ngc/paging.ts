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
    signal?: AbortSignal;
}

export const DEFAULT_PAGE_SIZE = 100;

/**
 * Fetches every page of a REST list the way ngcsdk's `pagination_helper` does: page 0 first, then
 * `paginationInfo.totalPages` tells how many remain, and those are fetched concurrently (bounded) and concatenated
 * in page order. Without `totalPages` (missing `paginationInfo`) it derives the count from `totalResults`, and failing
 * that walks pages one by one while they come back full (a short or empty page ends the list). Walking on after a
 * short page would loop forever on a server that ignores `page-number`.
 */
export async function fetchAllPages<T>(load: PageLoader<T>, options: FetchAllOptions = {}): Promise<T[]> {
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    const maxPages = options.maxPages ?? 1000;
    throwIfAborted(options.signal);
    const first = await load(0, pageSize);
    const totalPages = pageCount(first, pageSize);
    if (totalPages !== undefined) {
        const rest = Array.from({ length: Math.max(0, Math.min(totalPages, maxPages) - 1) }, (_, i) => i + 1);
        const pages = await mapConcurrent(rest, options.concurrency ?? 4, (page) => {
            throwIfAborted(options.signal);
            return load(page, pageSize);
        });
        return [...first.items, ...pages.flatMap((p) => p.items)];
    }
    const items = [...first.items];
    let last = first.items.length;
    for (let page = 1; last >= pageSize && page < maxPages; page++) {
        throwIfAborted(options.signal);
        const next = await load(page, pageSize);
        items.push(...next.items);
        last = next.items.length;
    }
    return items;
}

/** A single page with what a "Load more" node needs to know. */
export interface Page<T> {
    items: T[];
    page: number;
    pageSize: number;
    totalPages?: number;
    totalResults?: number;
    /** True when a later page exists (by `totalPages`, else because this page was full). */
    hasMore: boolean;
}

/** Fetches one page (for the tree's "Load more"), tolerating a missing `paginationInfo`. */
export async function fetchPage<T>(load: PageLoader<T>, page: number, pageSize = DEFAULT_PAGE_SIZE): Promise<Page<T>> {
    const result = await load(page, pageSize);
    const totalPages = pageCount(result, pageSize);
    const totalResults = result.paginationInfo?.totalResults ?? undefined;
    const hasMore = totalPages !== undefined ? page + 1 < totalPages : result.items.length >= pageSize;
    return { items: result.items, page, pageSize, totalPages, totalResults, hasMore };
}

function pageCount(result: PageResult<unknown>, pageSize: number): number | undefined {
    const info = result.paginationInfo;
    if (typeof info?.totalPages === 'number' && info.totalPages >= 0) {
        return info.totalPages;
    }
    if (typeof info?.totalResults === 'number' && info.totalResults >= 0) {
        // The server may cap the page size: trust the size it actually used when it says so.
        const size =
            typeof info.size === 'number' && info.size > 0 && result.items.length === info.size
                ? Math.max(info.size, 1)
                : pageSize;
        return Math.ceil(info.totalResults / size);
    }
    return undefined;
}
