import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
    formatArtifactRef,
    formatBytes,
    platformLabel,
    plural,
    shortDigest,
    versionState,
} from '../../../src/protocol/text';

describe('protocol text (unit)', () => {
    it('Should write sizes in IEC binary units, one decimal below 100', () => {
        assert.equal(formatBytes(900), '900 B');
        assert.equal(formatBytes(153.25670498084293), '153 B', 'a measured rate is whole bytes');
        assert.equal(formatBytes(1536), '1.5 KiB');
        assert.equal(formatBytes(512 * 1024 * 1024), '512 MiB');
        assert.equal(formatBytes(3 * 1024 ** 3), '3.0 GiB');
        assert.equal(formatBytes(undefined), undefined);
    });

    it('Should write org/[team/]name[:version]', () => {
        assert.equal(formatArtifactRef({ org: 'nvidia', name: 'cuda' }), 'nvidia/cuda');
        assert.equal(formatArtifactRef({ org: 'acme', team: 'vision', name: 'det' }, '1.0'), 'acme/vision/det:1.0');
    });

    it('Should write "1 file" and "3 files"', () => {
        assert.equal(plural(1, 'file'), '1 file');
        assert.equal(plural(3, 'file'), '3 files');
        assert.equal(plural(0, 'version'), '0 versions');
        assert.equal(plural(2, 'entry', 'entries'), '2 entries');
    });

    it('Should write platforms as linux/arm64, keeping the variant only where it matters', () => {
        assert.equal(platformLabel({ os: 'linux', architecture: 'amd64' }), 'linux/amd64');
        // NGC's tag listing puts the variant in the architecture; an OCI index has it apart.
        assert.equal(platformLabel({ os: 'linux', architecture: 'arm64/v8' }), 'linux/arm64');
        assert.equal(platformLabel({ os: 'linux', architecture: 'arm64', variant: 'v8' }), 'linux/arm64');
        assert.equal(platformLabel({ os: 'linux', architecture: 'arm', variant: 'v7' }), 'linux/arm/v7');
        assert.equal(platformLabel({ os: 'linux', architecture: 'arm/v6' }), 'linux/arm/v6');
        assert.equal(platformLabel({ os: 'linux', architecture: 'amd64', variant: 'v3' }), 'linux/amd64/v3');
        assert.equal(platformLabel({ architecture: 'AMD64' }), 'linux/amd64');
        assert.equal(platformLabel({ os: 'windows', architecture: 'amd64' }), 'windows/amd64');
        assert.equal(platformLabel({}), 'linux/unknown');
    });

    it('Should cut a digest to the 12 hex digits docker shows', () => {
        assert.equal(shortDigest(`sha256:${'c0823d79b43e'}${'0'.repeat(52)}`), 'c0823d79b43e');
    });

    it('Should call only complete versions ready to download', () => {
        assert.deepEqual(versionState('UPLOAD_COMPLETE'), { ready: true, label: 'ready' });
        assert.deepEqual(versionState(undefined), { ready: true, label: 'ready' });
        assert.deepEqual(versionState('UPLOAD_PENDING'), { ready: false, label: 'upload pending' });
        assert.deepEqual(versionState('UPLOAD_FAILED'), { ready: false, label: 'upload failed' });
    });
});
