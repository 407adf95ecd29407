import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dropUndefined } from '../../../../src/core/lib/object';

describe('dropUndefined (unit)', () => {
    it('Should remove undefined keys and keep null, false, 0 and empty strings', () => {
        const out = dropUndefined({ a: 1, b: undefined, c: null, d: false, e: 0, f: '' });
        assert.deepEqual(Object.keys(out), ['a', 'c', 'd', 'e', 'f']);
    });
});
