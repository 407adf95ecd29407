import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mergePage } from '../../../../src/extension/tree/mergePage';

interface Row {
    tag: string;
    updated?: string;
}
const key = (r: Row) => r.tag;
const updated = (r: Row) => r.updated;

describe('mergePage (unit)', () => {
    it('Should skip items of the next page that are already loaded (overlapping server pages)', () => {
        const page1 = [{ tag: 'a' }, { tag: 'b' }];
        const page2 = [{ tag: 'b' }, { tag: 'c' }, { tag: 'c' }];
        assert.deepEqual(mergePage(page1, page2, { key }).map(key), ['a', 'b', 'c']);
    });

    it('Should keep the merged list newest first across pages, not per page', () => {
        const page1 = [
            { tag: '25.02', updated: '2025-02-01T00:00:00Z' },
            { tag: '24.12', updated: '2024-12-01T00:00:00Z' },
        ];
        const page2 = [
            { tag: '25.03', updated: '2025-03-01T00:00:00Z' },
            { tag: '24.01', updated: '2024-01-01T00:00:00Z' },
        ];
        assert.deepEqual(mergePage(page1, page2, { key, updated }).map(key), ['25.03', '25.02', '24.12', '24.01']);
    });

    it('Should be stable: equal dates and undated items keep their arrival order, undated last', () => {
        const same = '2025-01-01T00:00:00Z';
        const page1 = [{ tag: 'x' }, { tag: 'b', updated: same }, { tag: 'a', updated: same }];
        const page2 = [{ tag: 'y' }, { tag: 'c', updated: same }, { tag: 'new', updated: '2025-06-01T00:00:00Z' }];
        assert.deepEqual(mergePage(page1, page2, { key, updated }).map(key), ['new', 'b', 'a', 'c', 'x', 'y']);
    });

    it('Should keep the server order when no date is given', () => {
        assert.deepEqual(mergePage([{ tag: 'z' }], [{ tag: 'a' }], { key }).map(key), ['z', 'a']);
    });
});
