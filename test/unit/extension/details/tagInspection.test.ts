import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inspectionAnswer, inspectionMessage } from '../../../../src/extension/details/tagInspection';
import { HttpError } from '../../../../src/core/http/errors';
import { nullLog } from '../../../../src/core/lib/log';
import type { ImageInspection, PlatformInspection } from '../../../../src/core/registry/inspect';
import type { CatalogRef } from '../../../../src/core/ngc/artifactRef';
import { hostMessageSchema } from '../../../../src/protocol/details';

const D = (c: string) => `sha256:${c.repeat(64)}`;
const ref: CatalogRef = { kind: 'container', org: 'nvidia', name: 'pytorch' };
const target = { registry: 'nvcr.io', ref, tag: '25.03-py3' };

function platform(arch: string, frameworks: Record<string, string>, created?: string): PlatformInspection {
    return {
        platform: { os: 'linux', architecture: arch, ...(arch === 'arm64' ? { variant: 'v8' } : {}) },
        digest: D(arch === 'amd64' ? 'a' : 'b'),
        configDigest: D('c'),
        ...(created ? { created } : {}),
        labels: { 'com.nvidia.build.id': '1' },
        env: { PATH: '/usr/bin', ...frameworks },
        frameworks,
        layers: 41,
        compressedSize: 9_876_543_210,
    };
}

const inspection: ImageInspection = {
    reference: `nvcr.io/nvidia/pytorch:25.03-py3@${D('f')}`,
    registry: 'nvcr.io',
    repository: 'nvidia/pytorch',
    tag: '25.03-py3',
    digest: D('f'),
    mediaType: 'application/vnd.oci.image.index.v1+json',
    platforms: [
        platform(
            'amd64',
            { PYTORCH_VERSION: '2.7.0a0+7c8ec84', CUDA_VERSION: '12.8.1.012', NVIDIA_BUILD_ID: '148941828' },
            '2025-03-18T05:44:23Z',
        ),
        platform('arm64', {}),
    ],
};

describe('tag inspection in the details panel (unit)', () => {
    it('Should name framework versions as people know them, per platform, with layers and compressed size', () => {
        const message = inspectionMessage(inspection);
        assert.equal(message.digest, D('f'));
        assert.deepEqual(message.platforms[0], {
            platform: 'linux/amd64',
            digest: D('a'),
            created: '2025-03-18T05:44:23Z',
            frameworks: [
                { name: 'PyTorch', variable: 'PYTORCH_VERSION', version: '2.7.0a0+7c8ec84' },
                { name: 'CUDA', variable: 'CUDA_VERSION', version: '12.8.1.012' },
                // No common name: the variable is the name.
                { name: 'NVIDIA_BUILD_ID', variable: 'NVIDIA_BUILD_ID', version: '148941828' },
            ],
            layers: 41,
            compressedSize: 9_876_543_210,
        });
        // arm64's only variant is not shown; no created date is no date, not a made-up one; Env stays on the host.
        assert.deepEqual(message.platforms[1], {
            platform: 'linux/arm64',
            digest: D('b'),
            frameworks: [],
            layers: 41,
            compressedSize: 9_876_543_210,
        });
    });

    it('Should answer details/inspect with a message the protocol accepts', async () => {
        const asked: string[] = [];
        const answer = await inspectionAnswer(
            {
                inspect: async (registry, r, tag) => {
                    asked.push(`${registry}/${r.org}/${r.name}:${tag}`);
                    return inspectionMessage(inspection);
                },
            },
            target,
            nullLog,
            new AbortController().signal,
        );
        assert.deepEqual(asked, ['nvcr.io/nvidia/pytorch:25.03-py3']);
        assert.equal(answer?.type, 'host/inspection');
        assert.ok(hostMessageSchema.safeParse(answer).success);
    });

    it("Should explain a registry's 401 through core's diagnosis, not as a bare status", async () => {
        const warnings: string[] = [];
        const answer = await inspectionAnswer(
            {
                inspect: async () => {
                    throw new HttpError({ kind: 'status', status: 401, url: 'http://127.0.0.1:1/v2/x/manifests/y' });
                },
            },
            target,
            { ...nullLog, warn: (m) => warnings.push(m) },
            new AbortController().signal,
        );
        assert.equal(answer?.type, 'host/inspectionError');
        if (answer?.type === 'host/inspectionError') {
            assert.equal(answer.tag, '25.03-py3');
            assert.match(`${answer.problem.title} ${answer.problem.remedy}`, /key|sign|authent/i);
            assert.equal(answer.problem.action, 'setApiKey');
        }
        assert.equal(warnings.length, 1);
        assert.match(warnings[0] ?? '', /nvidia\/pytorch:25\.03-py3/);
    });

    it('Should post nothing when the panel closed while the inspection ran', async () => {
        const lifetime = new AbortController();
        const answer = await inspectionAnswer(
            {
                inspect: async (_registry, _ref, _tag, signal) => {
                    lifetime.abort();
                    signal.throwIfAborted();
                    return inspectionMessage(inspection);
                },
            },
            target,
            nullLog,
            lifetime.signal,
        );
        assert.equal(answer, undefined);
    });
});
