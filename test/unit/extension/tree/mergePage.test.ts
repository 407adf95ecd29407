import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mergePage } from '../../../../src/extension/tree/mergePage';

interface Row {
    tag: string;
    updated?: string;
}
const key = (r: Row) => r.tag;

describe('mergePage (unit)', () => {
    it('Should skip items of the next page that are already loaded (overlapping server pages)', () => {
        const page1 = [{ tag: 'a' }, { tag: 'b' }];
        const page2 = [{ tag: 'b' }, { tag: 'c' }, { tag: 'c' }];
        assert.deepEqual(mergePage(page1, page2, key).map(key), ['a', 'b', 'c']);
    });

    it("Should keep the source's order, loaded items first, whatever the dates say", () => {
        const page1 = [{ tag: 'z', updated: '2024-01-01T00:00:00Z' }];
        const page2 = [{ tag: 'a', updated: '2025-06-01T00:00:00Z' }];
        assert.deepEqual(mergePage(page1, page2, key).map(key), ['z', 'a']);
    });
});
