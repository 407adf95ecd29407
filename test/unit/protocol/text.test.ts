import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatArtifactRef, formatBytes } from '../../../src/protocol/text';

describe('protocol text (unit)', () => {
    it('Should write sizes in IEC binary units, one decimal below 100', () => {
        assert.equal(formatBytes(900), '900 B');
        assert.equal(formatBytes(1536), '1.5 KiB');
        assert.equal(formatBytes(512 * 1024 * 1024), '512 MiB');
        assert.equal(formatBytes(3 * 1024 ** 3), '3.0 GiB');
        assert.equal(formatBytes(undefined), undefined);
    });

    it('Should write org/[team/]name[:version]', () => {
        assert.equal(formatArtifactRef({ org: 'nvidia', name: 'cuda' }), 'nvidia/cuda');
        assert.equal(formatArtifactRef({ org: 'acme', team: 'vision', name: 'det' }, '1.0'), 'acme/vision/det:1.0');
    });
});
