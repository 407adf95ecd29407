import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
    formatPlatform,
    InvalidPlatformError,
    parsePlatform,
    platformsEqual,
    platformsOf,
    selectPlatform,
} from '../../../../src/core/registry/platform';
import type { Descriptor } from '../../../../src/core/registry/manifests';

const entry = (digest: string, os: string, architecture: string, variant?: string): Descriptor => ({
    digest,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    size: 1,
    platform: { os, architecture, ...(variant ? { variant } : {}) },
});

describe('platform (unit)', () => {
    it('Should parse os/arch[/variant] with aliases and default variants', () => {
        assert.deepEqual(parsePlatform('linux/amd64'), { os: 'linux', architecture: 'amd64' });
        assert.deepEqual(parsePlatform('Linux/AARCH64'), { os: 'linux', architecture: 'arm64', variant: 'v8' });
        assert.deepEqual(parsePlatform('linux/arm'), { os: 'linux', architecture: 'arm', variant: 'v7' });
        assert.deepEqual(parsePlatform('linux/x86_64'), { os: 'linux', architecture: 'amd64' });
        assert.equal(formatPlatform(parsePlatform('linux/arm64/v8')), 'linux/arm64/v8');
    });

    it('Should reject text that is not a platform', () => {
        for (const bad of ['linux', 'linux/', '/amd64', 'linux/amd64/v8/x', 'linux/am d64', '$BUILDPLATFORM']) {
            assert.throws(() => parsePlatform(bad), InvalidPlatformError, bad);
        }
    });

    it('Should treat arm64 with no variant as arm64/v8', () => {
        assert.ok(
            platformsEqual(
                { os: 'linux', architecture: 'arm64' },
                { os: 'linux', architecture: 'arm64', variant: 'v8' },
            ),
        );
        assert.ok(
            !platformsEqual({ os: 'linux', architecture: 'arm', variant: 'v6' }, { os: 'linux', architecture: 'arm' }),
        );
    });

    it('Should select from a Docker list that says arm64 and from an OCI index that says arm64/v8', () => {
        const dockerList = [entry('sha256:a', 'linux', 'amd64'), entry('sha256:b', 'linux', 'arm64')];
        const ociIndex = [entry('sha256:c', 'linux', 'amd64'), entry('sha256:d', 'linux', 'arm64', 'v8')];
        assert.equal(selectPlatform(dockerList, parsePlatform('linux/arm64/v8'))?.digest, 'sha256:b');
        assert.equal(selectPlatform(ociIndex, parsePlatform('linux/arm64'))?.digest, 'sha256:d');
        assert.equal(selectPlatform(ociIndex, parsePlatform('linux/amd64'))?.digest, 'sha256:c');
        assert.equal(selectPlatform(ociIndex, parsePlatform('linux/ppc64le')), undefined);
    });

    it('Should never choose or list a BuildKit attestation entry', () => {
        const index = [entry('sha256:att', 'unknown', 'unknown'), entry('sha256:a', 'linux', 'amd64')];
        assert.equal(selectPlatform(index, { os: 'unknown', architecture: 'unknown' }), undefined);
        assert.deepEqual(platformsOf(index), [{ os: 'linux', architecture: 'amd64' }]);
    });
});
