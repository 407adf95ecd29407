import type { CatalogPage } from './catalogSource';

/**
 * Pages a list that core returns whole (tags, versions: one repo's worth, never an org's) so the tree shows it one
 * screenful at a time. The full list is fetched once per key and kept until {@link clear}.
 */
export class ClientPager<T> {
    private readonly cache = new Map<string, Promise<T[]>>();

    constructor(private readonly pageSize = 50) {}

    async page(key: string, page: number, load: () => Promise<T[]>): Promise<CatalogPage<T>> {
        let all = this.cache.get(key);
        if (!all || page === 0) {
            all = load();
            this.cache.set(key, all);
            all.catch(() => this.cache.delete(key));
        }
        const items = await all;
        const start = page * this.pageSize;
        return {
            items: items.slice(start, start + this.pageSize),
            page,
            hasMore: start + this.pageSize < items.length,
            totalResults: items.length,
        };
    }

    clear(): void {
        this.cache.clear();
    }
}
