import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { CancelledError } from '../../../../src/core/lib/abort';
import { fetchAllPages, fetchPage, type PageLoader } from '../../../../src/core/ngc/paging';

/** A server-like loader over `total` items that records the pages asked for. */
function loader(total: number, opts: { info?: 'full' | 'none' | 'resultsOnly'; cap?: number; latency?: number } = {}) {
    const asked: number[] = [];
    let inFlight = 0;
    let peak = 0;
    const load: PageLoader<number> = async (page, pageSize) => {
        asked.push(page);
        inFlight++;
        peak = Math.max(peak, inFlight);
        await delay(opts.latency ?? 1);
        inFlight--;
        const size = Math.min(pageSize, opts.cap ?? Infinity);
        const items = Array.from(
            { length: Math.max(0, Math.min(size, total - page * size)) },
            (_, i) => page * size + i,
        );
        const info =
            opts.info === 'none'
                ? undefined
                : opts.info === 'resultsOnly'
                  ? { size: items.length, totalResults: total }
                  : { index: page, size: items.length, totalPages: Math.ceil(total / size), totalResults: total };
        return { items, paginationInfo: info };
    };
    return { load, asked, peak: () => peak };
}

describe('fetchAllPages (unit)', () => {
    it('Should fetch page 0, then the remaining pages, and keep page order', async () => {
        const l = loader(95, { latency: 5 });
        const items = await fetchAllPages(l.load, { pageSize: 10, concurrency: 3 });
        assert.deepEqual(
            items,
            Array.from({ length: 95 }, (_, i) => i),
        );
        assert.equal(l.asked[0], 0);
        assert.deepEqual(
            [...l.asked].sort((a, b) => a - b),
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        );
        assert.ok(l.peak() <= 3 && l.peak() > 1, `peak ${l.peak()}`);
    });

    it('Should ask for exactly one page when one item exists', async () => {
        const l = loader(1);
        assert.deepEqual(await fetchAllPages(l.load, { pageSize: 10 }), [0]);
        assert.deepEqual(l.asked, [0]);
    });

    it('Should ask for exactly one page when the list fills exactly one page', async () => {
        const l = loader(10);
        assert.equal((await fetchAllPages(l.load, { pageSize: 10 })).length, 10);
        assert.deepEqual(l.asked, [0]);
    });

    it('Should return nothing for an empty list', async () => {
        const l = loader(0);
        assert.deepEqual(await fetchAllPages(l.load, { pageSize: 10 }), []);
        assert.deepEqual(l.asked, [0]);
    });

    it('Should walk pages until a short one when paginationInfo is missing', async () => {
        const l = loader(25, { info: 'none' });
        assert.equal((await fetchAllPages(l.load, { pageSize: 10 })).length, 25);
        assert.deepEqual(l.asked, [0, 1, 2]);
    });

    it('Should stop at an empty page past the end when paginationInfo is missing and the list is a whole page', async () => {
        const l = loader(20, { info: 'none' });
        assert.equal((await fetchAllPages(l.load, { pageSize: 10 })).length, 20);
        assert.deepEqual(l.asked, [0, 1, 2]);
    });

    it('Should derive the page count from totalResults and a server-capped page size', async () => {
        const l = loader(23, { info: 'resultsOnly', cap: 5 });
        const items = await fetchAllPages(l.load, { pageSize: 100 });
        assert.equal(items.length, 23);
        assert.equal(l.asked.length, 5);
    });

    it('Should stop when a page repeats the one before without paginationInfo (a server ignoring page-number)', async () => {
        const asked: number[] = [];
        const items = await fetchAllPages(
            async (page) => {
                asked.push(page);
                return { items: ['same'] };
            },
            { pageSize: 100 },
        );
        assert.deepEqual(items, ['same']);
        assert.deepEqual(
            asked,
            [0, 1],
            'a short first page may be a server cap: one more page is asked, then the repeat ends it',
        );
    });

    it('Should stop at maxPages', async () => {
        const l = loader(1000);
        assert.equal((await fetchAllPages(l.load, { pageSize: 10, maxPages: 3 })).length, 30);
    });

    it('Should not start when the signal is already aborted', async () => {
        const l = loader(10);
        await assert.rejects(fetchAllPages(l.load, { signal: AbortSignal.abort() }), CancelledError);
        assert.deepEqual(l.asked, []);
    });
});

describe('fetchPage (unit)', () => {
    it('Should say whether more pages exist from totalPages', async () => {
        const l = loader(25);
        assert.equal((await fetchPage(l.load, 0, 10)).hasMore, true);
        assert.equal((await fetchPage(l.load, 2, 10)).hasMore, false);
        const past = await fetchPage(l.load, 7, 10);
        assert.deepEqual(past.items, []);
        assert.equal(past.hasMore, false);
        assert.equal(past.totalResults, 25);
    });

    it('Should guess more from any non-empty page when paginationInfo is missing, and stop at an empty one', async () => {
        const l = loader(20, { info: 'none' });
        assert.equal((await fetchPage(l.load, 1, 10)).hasMore, true);
        assert.equal((await fetchPage(l.load, 2, 10)).hasMore, false);
    });
});

describe('fetchPage under a page-size cap (unit)', () => {
    it('Should offer more by the items counted so far when the server caps pages and reports totalPages by the size asked', async () => {
        // 30 items, 7 served per page, totalPages computed from the 10 asked for (3): a lie the count sees through.
        const load: PageLoader<number> = async (page, pageSize) => {
            const items = Array.from({ length: 30 }, (_, i) => i).slice(page * 7, page * 7 + 7);
            return { items, paginationInfo: { totalPages: Math.ceil(30 / pageSize), totalResults: 30 } };
        };
        const seen: number[] = [];
        let page = 0;
        for (let more = true; more; page++) {
            const result = await fetchPage(load, page, 10, seen.length);
            seen.push(...result.items);
            more = result.hasMore;
        }
        assert.equal(seen.length, 30);
        assert.equal(page, 5, 'five pages of 7, 7, 7, 7, 2');
    });
});
