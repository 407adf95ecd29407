import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { downloadKindOf } from '../../../../src/extension/commands/downloadKind';

describe('downloadKindOf (unit)', () => {
    it('Should refuse a container with a message that names it and says to pull', () => {
        const decided = downloadKindOf({ kind: 'container', org: 'nvidia', name: 'pytorch' });
        assert.equal(decided.kind, undefined);
        assert.ok(
            decided.kind === undefined &&
                /nvidia\/pytorch/.test(decided.message) &&
                /pulled, not downloaded/.test(decided.message),
        );
    });

    it('Should accept models, resources and helm charts as downloadable', () => {
        for (const kind of ['model', 'resource', 'helm-chart'] as const) {
            assert.deepEqual(downloadKindOf({ kind, org: 'acme', team: 'vision', name: 'x' }), { kind });
        }
    });
});
