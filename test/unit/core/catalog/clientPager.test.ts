import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ClientPager } from '../../../../src/core/catalog/clientPager';

describe('ClientPager (unit)', () => {
    it('Should serve pages from one load and say when more remain', async () => {
        let loads = 0;
        const pager = new ClientPager<number>(2);
        const load = async () => {
            loads++;
            return [1, 2, 3, 4, 5];
        };
        assert.deepEqual(await pager.page('k', 0, load), { items: [1, 2], page: 0, hasMore: true, totalResults: 5 });
        assert.deepEqual((await pager.page('k', 2, load)).items, [5]);
        assert.equal((await pager.page('k', 2, load)).hasMore, false);
        assert.equal(loads, 1);
    });

    it('Should load again after a failed load', async () => {
        const pager = new ClientPager<number>(2);
        await assert.rejects(pager.page('k', 1, async () => Promise.reject(new Error('boom'))));
        assert.deepEqual((await pager.page('k', 1, async () => [1, 2, 3])).items, [3]);
    });
});
