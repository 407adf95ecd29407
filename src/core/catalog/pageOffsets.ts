/**
 * How many items the server served before each page of a list the tree pages through. Servers cap page sizes, so
 * "page N starts at N × the size asked for" is wrong; counting what came back is not. With the count, "Load more"
 * is offered exactly while `totalResults` says items remain.
 */
export class PageOffsets {
    private readonly starts = new Map<string, number[]>();

    /** Items served before `page` of `key`, or undefined when an earlier page was never seen. */
    before(key: string, page: number): number | undefined {
        return page === 0 ? 0 : this.starts.get(key)?.[page];
    }

    /** Records that `page` of `key` held `count` items (page 0 starts the list afresh). */
    record(key: string, page: number, count: number): void {
        if (page === 0) {
            this.starts.set(key, [0]);
        }
        const starts = this.starts.get(key);
        const start = starts?.[page];
        if (starts && start !== undefined) {
            starts.length = page + 1;
            starts.push(start + count);
        }
    }

    clear(): void {
        this.starts.clear();
    }
}
