import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpError } from '../../../../src/core/http/errors';
import { envMap, frameworkVersions, parseImageConfig } from '../../../../src/core/registry/imageConfig';
import { imageEntries } from '../../../../src/core/registry/inspect';

const url = 'http://r/v2/x/blobs/sha256:1';

describe('parseImageConfig', () => {
    it('Should read a Docker config with null Env/Labels (FROM scratch) and drop unknown fields', () => {
        const config = parseImageConfig(
            Buffer.from(
                JSON.stringify({ os: 'linux', architecture: 'amd64', config: { Env: null, Labels: null }, x: 1 }),
            ),
            url,
        );
        assert.deepEqual(config, { os: 'linux', architecture: 'amd64', config: { Env: null, Labels: null } });
    });

    it('Should refuse non-JSON, a body without a platform, and absurdly many Env entries', () => {
        assert.throws(
            () => parseImageConfig(Buffer.from('<html>'), url),
            (e) => HttpError.is(e) && e.kind === 'format',
        );
        assert.throws(() => parseImageConfig(Buffer.from('{"mediaType":"x"}'), url), /not one/);
        const env = Array.from({ length: 5000 }, (_, i) => `V${i}=1`);
        assert.throws(() =>
            parseImageConfig(
                Buffer.from(JSON.stringify({ os: 'linux', architecture: 'amd64', config: { Env: env } })),
                url,
            ),
        );
    });
});

describe('envMap / frameworkVersions', () => {
    it('Should split at the first = and pick the framework versions in a fixed order', () => {
        const env = envMap([
            'PATH=/usr/bin',
            'NVIDIA_REQUIRE_CUDA=cuda>=12.8 brand=tesla,driver>=470',
            'CUDA_VERSION=12.8.1.012',
            'PYTORCH_VERSION=2.7.0a0+7c8ec84dab',
            'EMPTY=',
            'BROKEN',
            'CUDA_VERSION=12.8.1.013',
        ]);
        assert.equal(env['NVIDIA_REQUIRE_CUDA'], 'cuda>=12.8 brand=tesla,driver>=470');
        assert.equal(env['CUDA_VERSION'], '12.8.1.013', 'a later duplicate wins, as in Docker');
        assert.equal(env['BROKEN'], undefined);
        assert.deepEqual(Object.keys(frameworkVersions(env)), [
            'PYTORCH_VERSION',
            'CUDA_VERSION',
            'NVIDIA_REQUIRE_CUDA',
        ]);
    });
});

describe('imageEntries', () => {
    it('Should leave out BuildKit attestation manifests and entries without a platform', () => {
        const d = (n: number) => `sha256:${String(n).repeat(64)}`;
        const entries = imageEntries([
            { digest: d(1), platform: { os: 'linux', architecture: 'amd64' } },
            { digest: d(2), platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
            {
                digest: d(3),
                platform: { os: 'unknown', architecture: 'unknown' },
                annotations: {
                    'vnd.docker.reference.type': 'attestation-manifest',
                    'vnd.docker.reference.digest': d(1),
                },
            },
            {
                digest: d(4),
                annotations: { 'vnd.docker.reference.type': 'attestation-manifest' },
                platform: { os: 'linux', architecture: 'amd64' },
            },
            { digest: d(5) },
        ]);
        assert.deepEqual(
            entries.map((e) => e.digest),
            [d(1), d(2)],
        );
    });
});
