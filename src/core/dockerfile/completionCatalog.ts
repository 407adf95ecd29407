/**
 * The catalog answers behind `FROM <registry>/` completion, cached and debounced. Editors ask on every keystroke
 * (an incomplete list is asked again as the user types), so: answers are kept per scope and text for a while; a
 * scope's first page (empty text) is asked once, and when it holds the whole scope every later keystroke filters it
 * locally; otherwise a text search is sent only after the user paused (`delayMs`) and only if the editor did not
 * cancel the request by then (it does when the next keystroke arrives). Failures are answers too (empty, kept
 * briefly), so a refused key does not cost a request per keystroke either.
 */
import type { ArtifactSummary, CatalogScope } from '../catalog/catalogSource';
import { sleep } from '../lib/abort';

export interface CompletionSources {
    /** One page of container search hits in `scope` for `text` ('' lists the scope); `complete` when no more pages. */
    search(
        scope: CatalogScope,
        text: string,
        signal?: AbortSignal,
    ): Promise<{ items: ArtifactSummary[]; complete: boolean }>;
    /** The key's orgs (empty for a guest). */
    orgs(signal?: AbortSignal): Promise<string[]>;
    /** Teams of `org` the key can see (empty for a guest). */
    teams(org: string, signal?: AbortSignal): Promise<string[]>;
}

export interface CompletionCatalogOptions {
    /** Pause after a keystroke before a text search is sent; default 300 ms. */
    delayMs?: number;
    /** How long answers are kept; default 5 minutes (failures a tenth of it). */
    ttlMs?: number;
    now?: () => number;
}

interface Entry<T> {
    at: number;
    ttl: number;
    promise: Promise<T>;
}

export interface PathAnswer {
    hits: ArtifactSummary[];
    orgs: string[];
    teams: string[];
    /** False when a longer text could find more (the editor should ask again as the user types). */
    complete: boolean;
}

type SearchAnswer = { items: ArtifactSummary[]; complete: boolean };

export class CompletionCatalog {
    private readonly searches = new Map<string, Entry<SearchAnswer>>();
    private readonly names = new Map<string, Entry<string[]>>();
    private readonly delay: number;
    private readonly ttl: number;
    private readonly now: () => number;

    constructor(
        private readonly sources: CompletionSources,
        options: CompletionCatalogOptions = {},
    ) {
        this.delay = options.delayMs ?? 300;
        this.ttl = options.ttlMs ?? 5 * 60_000;
        this.now = options.now ?? Date.now;
    }

    /**
     * Hits, orgs and teams for the path being typed in `scope`: the scope's listing, narrowed by a debounced text
     * search when the listing is only a first page. Resolves undefined when `signal` aborted before a search went out.
     */
    async path(scope: CatalogScope, typed: string, signal?: AbortSignal): Promise<PathAnswer | undefined> {
        const org = scope.org;
        const [listing, orgs, teams] = await Promise.all([
            this.cached(this.searches, `${key(scope)}:`, () => this.sources.search(scope, ''), {
                items: [],
                complete: true,
            }),
            org === undefined ? this.cached(this.names, 'orgs', () => this.sources.orgs(), []) : Promise.resolve([]),
            org !== undefined && scope.team === undefined
                ? this.cached(this.names, `teams:${org}`, () => this.sources.teams(org), [])
                : Promise.resolve([]),
        ]);
        const text = typed.trim();
        if (listing.complete || text === '') {
            return { hits: listing.items, orgs, teams, complete: listing.complete };
        }
        const searchKey = `${key(scope)}:${text.toLowerCase()}`;
        if (!this.fresh(this.searches, searchKey)) {
            try {
                await sleep(this.delay, signal);
            } catch {
                return undefined;
            }
        }
        const found = await this.cached(this.searches, searchKey, () => this.sources.search(scope, text), {
            items: [],
            complete: false,
        });
        return { hits: mergeHits(listing.items, found.items), orgs, teams, complete: false };
    }

    /** Forgets every answer (the key or endpoints changed). */
    clear(): void {
        this.searches.clear();
        this.names.clear();
    }

    private fresh<T>(map: Map<string, Entry<T>>, k: string): boolean {
        const hit = map.get(k);
        return hit !== undefined && this.now() - hit.at < hit.ttl;
    }

    /** The kept answer for `k`, or `work`'s; the work is shared and not cancelled by one asker (others may wait). */
    private cached<T>(map: Map<string, Entry<T>>, k: string, work: () => Promise<T>, onFailure: T): Promise<T> {
        const hit = map.get(k);
        if (hit !== undefined && this.now() - hit.at < hit.ttl) {
            return hit.promise;
        }
        const entry: Entry<T> = { at: this.now(), ttl: this.ttl, promise: Promise.resolve(onFailure) };
        entry.promise = work().catch(() => {
            entry.ttl = this.ttl / 10;
            return onFailure;
        });
        map.set(k, entry);
        return entry.promise;
    }
}

function key(scope: CatalogScope): string {
    return `${scope.org ?? ''}/${scope.team ?? ''}`;
}

function mergeHits(a: readonly ArtifactSummary[], b: readonly ArtifactSummary[]): ArtifactSummary[] {
    const seen = new Set<string>();
    return [...a, ...b].filter((h) => {
        const id = `${h.org}/${h.team ?? ''}/${h.name}`;
        return !seen.has(id) && seen.add(id);
    });
}
