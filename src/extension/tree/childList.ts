import type { LevelPage } from './levelLoader';
import { mergePage } from './mergePage';
import { childId, type CatalogNode, type ErrorNode, type LoadMoreNode } from './nodes';

/** A page fetched ahead, settled: nobody has seen it yet, so a failure is only a reason to ask again. */
export type Settled = { ok: true; page: LevelPage } | { ok: false; error: unknown };

/**
 * The children of one tree node: the pages loaded so far, the error of the last page asked for, and at most one page
 * fetched ahead of the user (the next "Load more", or the first page of a level not opened yet). Everything a list
 * fetches is aborted when the list is dropped (refresh), and a fetch ahead also when its node collapses.
 */
export class ChildList {
    items: CatalogNode[] = [];
    /** The page a "Load more" asks for next; undefined once the list is complete (or its first page failed). */
    nextPage: number | undefined = 0;
    /** The size of the whole list, when the server said. */
    total: number | undefined;
    /** A failed page shows up after the loaded items, so what was loaded stays visible. */
    tail: ErrorNode | undefined;
    /** The page the user is waiting for (an expand or a "Load more"): repeated asks wait for it. */
    pending: Promise<void> | undefined;
    /** Set once the user opened the level; until then the list holds at most a page fetched ahead. */
    started = false;
    private ahead: { page: number; result: Promise<Settled>; controller: AbortController } | undefined;
    private more: LoadMoreNode | undefined;
    private readonly lifetime = new AbortController();

    constructor(private readonly parentId: string | undefined) {}

    /** Aborted when the list is dropped: what it still fetches is for rows nobody will see. */
    get signal(): AbortSignal {
        return this.lifetime.signal;
    }

    get dropped(): boolean {
        return this.lifetime.signal.aborted;
    }

    /** Whether `page` is being (or was) fetched ahead and not taken yet. */
    hasAhead(page: number): boolean {
        return this.ahead?.page === page;
    }

    /**
     * Starts fetching `page` before anyone asks for it, replacing (and aborting) a fetch ahead of another page. A
     * rejection is kept, not thrown: it surfaces only if the user asks for that page and asking again fails too.
     */
    fetchAhead(page: number, fetch: (signal: AbortSignal) => Promise<LevelPage>): void {
        if (this.dropped || this.ahead?.page === page) {
            return;
        }
        this.cancelAhead();
        const controller = new AbortController();
        const signal = AbortSignal.any([this.lifetime.signal, controller.signal]);
        this.ahead = { page, result: settle(fetch(signal)), controller };
    }

    /** The fetch ahead of `page`, handed over once (undefined if there is none for that page). */
    takeAhead(page: number): Promise<Settled> | undefined {
        if (this.ahead?.page !== page) {
            return undefined;
        }
        const { result } = this.ahead;
        this.ahead = undefined;
        return result;
    }

    /** Aborts and forgets the fetch ahead (its node collapsed: the user is not about to ask for it). */
    cancelAhead(): void {
        this.ahead?.controller.abort();
        this.ahead = undefined;
    }

    /** Aborts everything the list fetches; it is no longer part of the tree. */
    drop(): void {
        this.ahead = undefined;
        this.lifetime.abort();
    }

    /** Appends a page (overlapping pages repeat items: the first of each id is kept) and clears the error. */
    append(page: number, result: LevelPage, remember: (node: CatalogNode) => CatalogNode): void {
        this.items = mergePage(this.items, result.items, (n) => n.id).map(remember);
        this.nextPage = result.hasMore ? page + 1 : undefined;
        this.total = result.total;
        this.tail = undefined;
    }

    /** The rows to show: the items, then the error of the last page or a "Load more…" that says how many remain. */
    visible(remember: (node: CatalogNode) => CatalogNode): CatalogNode[] {
        const out = [...this.items];
        if (this.tail) {
            out.push(this.tail);
        } else if (this.nextPage !== undefined && this.items.length > 0) {
            out.push(this.loadMoreNode(remember));
        }
        return out;
    }

    /** The same node object while nothing it shows changes, so its TreeItem is built once. */
    private loadMoreNode(remember: (node: CatalogNode) => CatalogNode): LoadMoreNode {
        const nextPage = this.nextPage ?? 0;
        const remaining = this.total !== undefined ? Math.max(0, this.total - this.items.length) : undefined;
        if (this.more?.nextPage !== nextPage || this.more.remaining !== remaining) {
            this.more = {
                kind: 'loadMore',
                id: childId(this.parentId, 'more'),
                parentId: this.parentId ?? '',
                nextPage,
                ...(remaining !== undefined ? { remaining } : {}),
            };
        }
        remember(this.more);
        return this.more;
    }
}

/** A page's fetch as a value: kept (not thrown) until someone asks for that page. */
export function settle(promise: Promise<LevelPage>): Promise<Settled> {
    return promise.then(
        (page): Settled => ({ ok: true, page }),
        (error: unknown): Settled => ({ ok: false, error }),
    );
}
