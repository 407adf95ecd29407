import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDispatcher } from '../../../../src/core/http/agent';
import { HttpClient } from '../../../../src/core/http/client';
import { CancelledError } from '../../../../src/core/lib/abort';
import { NgcClient } from '../../../../src/core/ngc/client';
import { downloadPlan, type DownloadOptions } from '../../../../src/core/transfer/download';
import { TransferError } from '../../../../src/core/transfer/errors';
import { HashWorker, HashWorkerError } from '../../../../src/core/transfer/hashWorker';
import { nodeIo, type TransferIo } from '../../../../src/core/transfer/io';
import type { DownloadPlan } from '../../../../src/core/transfer/plan';
import type { UrlSource } from '../../../../src/core/transfer/sources';
import { TransferStore, type FileSlot } from '../../../../src/core/transfer/store';
import { VerificationError } from '../../../../src/core/transfer/verify';

const CONTENT = randomBytes(3 * 1024 * 1024 + 17);
const SHA = createHash('sha256').update(CONTENT).digest('base64');

type Mode = { ignoreRange?: boolean; dropAfter?: number; totalLie?: number; slowAfter?: number };

/** A tiny file server whose misbehaviour each test picks: ignore Range, drop mid-body, lie about the total. */
describe('download engine against a local server (unit)', async () => {
    let mode: Mode = {};
    const log: { range?: string; auth?: string }[] = [];
    const server = http.createServer((req, res) => {
        log.push({ range: req.headers.range, auth: req.headers.authorization });
        const m = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '');
        const useRange = m !== null && !mode.ignoreRange;
        const start = useRange ? Number(m[1]) : 0;
        const end = useRange ? Number(m[2]) + 1 : CONTENT.length;
        const total = mode.totalLie ?? CONTENT.length;
        res.writeHead(useRange ? 206 : 200, {
            'content-length': String(end - start),
            ...(useRange ? { 'content-range': `bytes ${start}-${end - 1}/${total}` } : {}),
        });
        const body = CONTENT.subarray(start, end);
        if (mode.dropAfter !== undefined) {
            const cut = mode.dropAfter;
            mode.dropAfter = undefined;
            res.write(body.subarray(0, cut), () => res.destroy());
            return;
        }
        if (mode.slowAfter !== undefined) {
            res.write(body.subarray(0, mode.slowAfter));
            return; // never finishes: the test cancels
        }
        res.end(body);
    });
    let url = '';
    const dispatcher = createDispatcher();
    const httpClient = new HttpClient({ dispatcher });
    const client = new NgcClient({
        http: httpClient,
        endpoints: {
            apiUrl: 'http://127.0.0.1:1',
            authUrl: 'http://127.0.0.1:1',
            registry: '127.0.0.1:1',
            helmUrl: 'http://127.0.0.1:1',
        },
    });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ngc-engine-'));
    const stateDir = path.join(dir, '.state');
    /** Where the engine keeps the partial and the sidecar of the plan's one file. */
    const slotOf = async (plan: DownloadPlan): Promise<FileSlot> => {
        const store = await TransferStore.open(nodeIo, plan, stateDir);
        const [file] = plan.files;
        assert.ok(file);
        return store.slot(file);
    };
    before(async () => {
        await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
        url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/f`;
    });
    after(async () => {
        server.closeAllConnections();
        server.close();
        await dispatcher.close();
        await rm(dir, { recursive: true, force: true });
    });

    const source: UrlSource = {
        locate: async () => ({ url, headers: {}, refreshable: true }),
        refresh: async () => ({ url, headers: {}, refreshable: true }),
    };
    const planFor = (name: string, sha: string | undefined = SHA): DownloadPlan => ({
        kind: 'model',
        ref: { org: 'o', name: 'm' },
        version: '1',
        reference: 'o/m:1',
        destination: path.join(dir, name),
        files: [
            {
                path: 'w/file.bin',
                sizeInBytes: CONTENT.length,
                ...(sha ? { sha256Base64: sha } : {}),
                source: { kind: 'api' },
            },
        ],
        totalBytes: CONTENT.length,
        versionFileCount: 1,
        excludedFiles: 0,
        filesWithoutChecksum: sha ? 0 : 1,
    });
    const options = (extra: Partial<DownloadOptions> = {}): DownloadOptions => ({
        client,
        http: httpClient,
        source,
        parts: { rangeThreshold: 1024 * 1024, partSize: 1024 * 1024 },
        retry: { baseDelayMs: 5, maxDelayMs: 20 },
        stateDir,
        ...extra,
    });

    it('Should download ranged parts in parallel and verify the checksum before renaming', async () => {
        mode = {};
        log.length = 0;
        const plan = planFor('ranged');
        const result = await downloadPlan(plan, options());
        assert.deepEqual(await readFile(path.join(plan.destination, 'w/file.bin')), CONTENT);
        assert.equal(result.summary.verifiedSha256, 1);
        assert.equal(log.length, 4, 'four 1 MiB ranges');
        assert.ok(log.every((r) => r.range !== undefined && r.auth === undefined));
        assert.equal(existsSync((await slotOf(plan)).partialPath), false);
    });

    it('Should verify a ranged file hashed on the worker thread exactly like one hashed in memory', async () => {
        mode = {};
        const plan = planFor('worker');
        const result = await downloadPlan(plan, options({ workerHashMinBytes: 1 }));
        assert.equal(result.summary.verifiedSha256, 1);
        const bad = planFor('worker-bad', createHash('sha256').update('other').digest('base64'));
        await assert.rejects(downloadPlan(bad, options({ workerHashMinBytes: 1 })), VerificationError.is);
    });

    it(
        'Should hash on the main thread and still verify when the hashing thread dies mid-run',
        { timeout: 20_000 },
        async () => {
            mode = {};
            const dying = () =>
                new HashWorker({
                    source: "require('node:worker_threads').parentPort.once('message', () => process.exit(1));",
                });
            const worker = dying();
            const plan = planFor('worker-dies');
            const result = await downloadPlan(plan, options({ workerHashMinBytes: 1, hashWorker: worker }));
            assert.ok(HashWorkerError.is(worker.failure), 'the thread did die');
            assert.equal(result.summary.verifiedSha256, 1);
            assert.deepEqual(await readFile(path.join(plan.destination, 'w/file.bin')), CONTENT);
            const bad = planFor('worker-dies-bad', createHash('sha256').update('other').digest('base64'));
            await assert.rejects(
                downloadPlan(bad, options({ workerHashMinBytes: 1, hashWorker: dying() })),
                VerificationError.is,
            );
        },
    );

    it('Should cope with a server that ignores Range after a drop, skipping the bytes it already has', async () => {
        mode = { ignoreRange: true, dropAfter: 1_000_000 };
        const plan = planFor('norange');
        const result = await downloadPlan(plan, options({ parts: { rangeThreshold: 64 * 1024 * 1024 } }));
        assert.deepEqual(await readFile(path.join(plan.destination, 'w/file.bin')), CONTENT);
        assert.equal(result.summary.downloadedBytes, CONTENT.length, 'no byte counted twice');
    });

    it('Should fail verification with a size mismatch when Content-Range reports another total', async () => {
        mode = { totalLie: CONTENT.length + 5 };
        const plan = planFor('lie');
        await assert.rejects(
            downloadPlan(plan, options()),
            (e: unknown) => VerificationError.is(e) && e.failures[0]?.kind === 'size',
        );
        assert.equal(existsSync(path.join(plan.destination, 'w/file.bin')), false);
        assert.equal(existsSync((await slotOf(plan)).partialPath), false, 'bad partial deleted');
    });

    it('Should delete the partial and never create the final file when the checksum does not match', async () => {
        mode = {};
        const plan = planFor('badsha', createHash('sha256').update('other').digest('base64'));
        await assert.rejects(downloadPlan(plan, options()), VerificationError.is);
        assert.equal(existsSync(path.join(plan.destination, 'w/file.bin')), false);
        assert.equal(existsSync((await slotOf(plan)).partialPath), false);
    });

    it('Should stop with disk-full, keep the partial and its sidecar, and resume later', async () => {
        mode = {};
        let budget = 1_500_000;
        const full: TransferIo = {
            ...nodeIo,
            async openReadWrite(file) {
                const f = await nodeIo.openReadWrite(file);
                return {
                    ...f,
                    writeAt: async (buffers, position) => {
                        const n = buffers.reduce((s, b) => s + b.length, 0);
                        if (n > budget) {
                            throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
                                code: 'ENOSPC',
                            });
                        }
                        budget -= n;
                        await f.writeAt(buffers, position);
                    },
                    readAt: (b, p) => f.readAt(b, p),
                    truncate: (s) => f.truncate(s),
                    size: () => f.size(),
                    close: () => f.close(),
                };
            },
        };
        const plan = planFor('full');
        await assert.rejects(downloadPlan(plan, options({ io: full, concurrency: 1 })), (e: unknown) =>
            TransferError.is(e, 'disk-full'),
        );
        const slot = await slotOf(plan);
        assert.equal(existsSync(slot.partialPath), true);
        assert.equal(existsSync(slot.statePath), true);
        const again = await downloadPlan(plan, options());
        assert.ok(again.summary.downloadedBytes < CONTENT.length, `resumed: ${again.summary.downloadedBytes}`);
        assert.deepEqual(await readFile(path.join(plan.destination, 'w/file.bin')), CONTENT);
    });

    it('Should keep one write in flight, in order, and pause the body while the disk is slower than the network', async () => {
        mode = {};
        let inFlight = 0;
        let maxInFlight = 0;
        let largest = 0;
        let nextPosition = 0;
        const slow: TransferIo = {
            ...nodeIo,
            async openReadWrite(file) {
                const f = await nodeIo.openReadWrite(file);
                return {
                    ...f,
                    writeAt: async (buffers, position) => {
                        inFlight += 1;
                        maxInFlight = Math.max(maxInFlight, inFlight);
                        const n = buffers.reduce((sum, b) => sum + b.length, 0);
                        largest = Math.max(largest, n);
                        assert.equal(position, nextPosition, 'writes arrive in order, without gaps');
                        nextPosition += n;
                        await new Promise((r) => setTimeout(r, 15));
                        await f.writeAt(buffers, position);
                        inFlight -= 1;
                    },
                    readAt: (b, p) => f.readAt(b, p),
                    truncate: (size) => f.truncate(size),
                    size: () => f.size(),
                    close: () => f.close(),
                };
            },
        };
        const plan = planFor('slowdisk');
        const result = await downloadPlan(
            plan,
            options({ io: slow, parts: { rangeThreshold: Number.MAX_SAFE_INTEGER, partSize: CONTENT.length } }),
        );
        assert.equal(result.summary.verifiedSha256, 1);
        assert.deepEqual(await readFile(path.join(plan.destination, 'w/file.bin')), CONTENT);
        assert.equal(maxInFlight, 1);
        // The 3 MiB body arrives far faster than 15 ms per write: without back-pressure one write would take the rest.
        assert.ok(largest < 1024 * 1024, `largest write ${largest} bytes`);
        assert.ok(nextPosition === CONTENT.length);
    });

    it('Should refuse to start when statfs reports too little free space', async () => {
        log.length = 0;
        const tiny: TransferIo = { ...nodeIo, freeBytes: async () => 1024 };
        await assert.rejects(downloadPlan(planFor('nospace'), options({ io: tiny })), (e: unknown) =>
            TransferError.is(e, 'disk-space'),
        );
        assert.equal(log.length, 0, 'no request was made');
    });

    it('Should explain an unwritable destination', async () => {
        const denied: TransferIo = {
            ...nodeIo,
            mkdir: async () => {
                throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
            },
        };
        await assert.rejects(
            downloadPlan(planFor('denied'), options({ io: denied })),
            (e: unknown) => TransferError.is(e, 'destination') && /permission denied/.test(e.message),
        );
    });

    it('Should leave a resumable partial when cancelled and finish it on the next run', async () => {
        mode = { slowAfter: 200_000 };
        const plan = planFor('cancel');
        const controller = new AbortController();
        const run = downloadPlan(
            plan,
            options({ signal: controller.signal, parts: { rangeThreshold: 64 * 1024 * 1024 } }),
        );
        setTimeout(() => controller.abort(), 300);
        await assert.rejects(run, CancelledError.is);
        const state = JSON.parse(await readFile((await slotOf(plan)).statePath, 'utf8')) as {
            parts: { done: number }[];
        };
        assert.ok((state.parts[0]?.done ?? 0) > 0, 'progress recorded');
        mode = {};
        log.length = 0;
        const again = await downloadPlan(plan, options({ parts: { rangeThreshold: 64 * 1024 * 1024 } }));
        assert.match(log[0]?.range ?? '', new RegExp(`^bytes=${state.parts[0]?.done}-`));
        assert.equal(again.summary.downloadedBytes, CONTENT.length - (state.parts[0]?.done ?? 0));
        assert.deepEqual(await readFile(path.join(plan.destination, 'w/file.bin')), CONTENT);
    });
});
