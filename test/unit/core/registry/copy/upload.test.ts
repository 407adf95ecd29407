import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { Agent } from 'undici';
import { HttpClient } from '../../../../../src/core/http/client';
import { DigestMismatchError } from '../../../../../src/core/registry/errors';
import { RegistrySession } from '../../../../../src/core/registry/copy/session';
import { pushBlob, rangeEnd, type PushBlobOptions } from '../../../../../src/core/registry/copy/upload';
import { startUploadRegistry, type UploadRegistryOptions } from '../../../../builders/uploadRegistry';

const dispatcher = new Agent({ keepAliveTimeout: 10 });
const http = new HttpClient({ dispatcher, retry: { attempts: 1 } });
after(() => dispatcher.close());

const blob = randomBytes(100_000);
const digest = `sha256:${createHash('sha256').update(blob).digest('hex')}`;

/** The blob as a stream of 7 000-byte pieces (so chunk edges never line up with source reads). */
const source = (bytes: Buffer = blob) => {
    const opened = { count: 0 };
    const open = async () => {
        opened.count++;
        const pieces: Buffer[] = [];
        for (let i = 0; i < bytes.length; i += 7000) {
            pieces.push(bytes.subarray(i, i + 7000));
        }
        return Readable.from(pieces);
    };
    return { open, opened };
};

async function push(options: UploadRegistryOptions, extra: Partial<PushBlobOptions> = {}) {
    const registry = await startUploadRegistry(options);
    const session = new RegistrySession({ http, registry: registry.host });
    const src = source();
    try {
        const result = await pushBlob({
            session,
            repository: 'team/app',
            digest,
            size: blob.length,
            openSource: src.open,
            ...extra,
        });
        return { result, registry, opened: src.opened.count };
    } finally {
        await registry.close();
    }
}

describe('pushBlob upload protocol (unit, scripted registry)', () => {
    it('Should upload with one monolithic PUT when the registry accepts it', async () => {
        const { result, registry } = await push({});
        assert.equal(result.outcome, 'uploaded');
        assert.equal(result.chunked, false);
        assert.equal(result.bytesSent, blob.length);
        assert.deepEqual(registry.blobs.get('team/app')?.get(digest), blob);
        assert.deepEqual(
            registry.requests.map((r) => r.method),
            ['HEAD', 'POST', 'PUT'],
        );
    });

    it('Should send nothing when HEAD finds the blob, and mount it from a known repository', async () => {
        const registry = await startUploadRegistry({});
        const session = new RegistrySession({ http, registry: registry.host });
        try {
            const base = { session, digest, size: blob.length, openSource: source().open };
            await pushBlob({ ...base, repository: 'team/a' });
            const again = await pushBlob({ ...base, repository: 'team/a' });
            assert.equal(again.outcome, 'exists');
            assert.equal(again.bytesSent, 0);
            const mounted = await pushBlob({ ...base, repository: 'team/b', mountFrom: ['team/a'] });
            assert.equal(mounted.outcome, 'mounted');
            assert.equal(registry.bytesReceived(), blob.length, 'the blob crossed the wire once');
            const mount = registry.requests.find((r) => r.path.includes('mount='));
            assert.ok(mount?.path.includes('from=team%2Fa'), 'the mount names its source repository');
        } finally {
            await registry.close();
        }
    });

    it('Should fall back to chunked PATCHes when the monolithic PUT is refused', async () => {
        const { result, registry } = await push({ refuseMonolithic: true }, { chunkSize: 30_000 });
        assert.equal(result.outcome, 'uploaded');
        assert.equal(result.chunked, true);
        assert.deepEqual(registry.blobs.get('team/app')?.get(digest), blob);
        const ranges = registry.requests.filter((r) => r.method === 'PATCH').map((r) => r.contentRange);
        assert.deepEqual(ranges, ['0-29999', '30000-59999', '60000-89999', '90000-99999']);
    });

    it('Should raise the chunk size to OCI-Chunk-Min-Length', async () => {
        const { result, registry } = await push(
            { refuseMonolithic: true, chunkMinLength: 45_000 },
            { chunkSize: 10_000 },
        );
        assert.equal(result.outcome, 'uploaded');
        const ranges = registry.requests.filter((r) => r.method === 'PATCH').map((r) => r.contentRange);
        assert.deepEqual(ranges, ['0-44999', '45000-89999', '90000-99999']);
    });

    it("Should accept ECR's 201 answer to a PATCH", async () => {
        const { result, registry } = await push({ patchStatus: 201 }, { chunked: true, chunkSize: 40_000 });
        assert.equal(result.outcome, 'uploaded');
        assert.deepEqual(registry.blobs.get('team/app')?.get(digest), blob);
    });

    it("Should resume a killed PATCH from the server's Range without resending what it kept", async () => {
        const { result, registry, opened } = await push(
            { refuseMonolithic: true, killPatch: { patch: 2, keepBytes: 12_345 } },
            { chunkSize: 30_000 },
        );
        assert.equal(result.outcome, 'uploaded');
        assert.equal(result.resumes, 1);
        assert.deepEqual(registry.blobs.get('team/app')?.get(digest), blob);
        const patches = registry.requests.filter((r) => r.method === 'PATCH').map((r) => r.contentRange);
        assert.equal(patches[2], '42345-72344', 'the resumed chunk starts after the bytes the server kept');
        assert.equal(opened, 3, 'the source was opened again to resume (monolithic, chunked, resume)');
        const patched = registry.requests.filter((r) => r.method === 'PATCH').reduce((n, r) => n + r.bodyBytes, 0);
        assert.equal(patched, blob.length, 'no byte was sent twice in the chunked upload');
    });

    it('Should start a new session when the killed upload kept nothing, never resending into the old one', async () => {
        const { result, registry } = await push(
            { refuseMonolithic: true, killPatch: { patch: 1, keepBytes: 0 } },
            { chunked: true, chunkSize: 30_000 },
        );
        assert.equal(result.outcome, 'uploaded');
        assert.equal(result.resumes, 1);
        assert.deepEqual(registry.blobs.get('team/app')?.get(digest), blob);
        const sessions = registry.requests.filter((r) => r.method === 'POST').length;
        assert.equal(sessions, 2, 'a second upload session was opened');
        const patches = registry.requests.filter((r) => r.method === 'PATCH').map((r) => r.contentRange);
        assert.deepEqual(patches, ['0-29999', '0-29999', '30000-59999', '60000-89999', '90000-99999']);
        const [killed, ...rest] = registry.requests.filter((r) => r.method === 'PATCH').map((r) => r.path);
        assert.ok(
            rest.every((path) => path !== killed),
            'no PATCH went to the killed session again',
        );
    });

    it('Should resume a killed monolithic PUT with PATCHes from where the server stopped', async () => {
        const { result, registry } = await push({ killPut: { keepBytes: 50_000 } }, { chunkSize: 64_000 });
        assert.equal(result.outcome, 'uploaded');
        assert.equal(result.resumes, 1);
        assert.deepEqual(registry.blobs.get('team/app')?.get(digest), blob);
        const patches = registry.requests.filter((r) => r.method === 'PATCH').map((r) => r.contentRange);
        assert.deepEqual(patches, ['50000-99999']);
    });

    it('Should refuse to finish an upload whose source bytes do not match the digest', async () => {
        const registry = await startUploadRegistry({});
        const session = new RegistrySession({ http, registry: registry.host });
        const corrupt = Buffer.from(blob);
        corrupt[500] = (corrupt[500] ?? 0) ^ 0xff;
        try {
            await assert.rejects(
                pushBlob({
                    session,
                    repository: 'team/app',
                    digest,
                    size: blob.length,
                    openSource: source(corrupt).open,
                }),
                DigestMismatchError.is,
            );
            assert.equal(registry.blobs.get('team/app')?.get(digest), undefined, 'nothing was committed');
        } finally {
            await registry.close();
        }
    });

    it('Should stop at once when cancelled', async () => {
        const controller = new AbortController();
        controller.abort();
        await assert.rejects(push({}, { signal: controller.signal }));
    });
});

describe('rangeEnd (unit)', () => {
    it('Should read distribution and bytes= forms and reject others', () => {
        assert.equal(rangeEnd('0-1023'), 1023);
        assert.equal(rangeEnd('bytes=0-9'), 9);
        assert.equal(rangeEnd('5-9'), undefined);
        assert.equal(rangeEnd(undefined), undefined);
    });
});
