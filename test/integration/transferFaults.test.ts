/**
 * (integration) The transfer engine under the faults NGC's hosts produce, injected by the simulator: corrupt bytes,
 * truncated and dropped connections (resumed with Range), presigned URLs expiring mid-run, 429/5xx storms, a full
 * disk, a licence 412, unusable destinations, and cancellation followed by a rerun.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Agent } from 'undici';
import { HttpError } from '../../src/core/http/errors';
import { CancelledError } from '../../src/core/lib/abort';
import type { ArtifactRef } from '../../src/core/ngc/artifacts';
import type { NgcClient } from '../../src/core/ngc/client';
import { downloadPlan, type DownloadOptions } from '../../src/core/transfer/download';
import { TransferError } from '../../src/core/transfer/errors';
import type { TransferEvent } from '../../src/core/transfer/events';
import { nodeIo, type TransferIo } from '../../src/core/transfer/io';
import { planDownload, type DownloadPlan } from '../../src/core/transfer/plan';
import { TransferStore, versionStateDir } from '../../src/core/transfer/store';
import { VerificationError } from '../../src/core/transfer/verify';
import { startSimulator, type Simulator } from '../../sim/server';
import { assertNoAuthorizationOnFilesHost, simNgcClient } from './ngcHelpers';

let sim: Simulator;
let dispatcher: Agent;
let root: string;
let dest: string;
/** The cache folder the engine keeps skip and resume state in (never the destination). */
let stateDir: string;
let n = 0;

const peoplenet: ArtifactRef = { org: 'nvidia', team: 'tao', name: 'peoplenet' };
const BIG = 'resnet34_peoplenet.tlt';
const BIG_SIZE = 3 * 1024 * 1024 + 123;

function client(key: string | undefined = sim.keys.personal, attempts = 5): NgcClient {
    return simNgcClient(sim, dispatcher, key, attempts);
}

async function run(ref: ArtifactRef, extra: Partial<DownloadOptions> & { include?: string[]; key?: string } = {}) {
    const c = extra.client ?? client(extra.key);
    const plan = await planDownload(c, { kind: 'model', ref, dest, include: extra.include });
    const events: TransferEvent[] = [];
    const listener = extra.onProgress;
    const result = await downloadPlan(plan, {
        retry: { baseDelayMs: 5, maxDelayMs: 20 },
        stateDir,
        ...extra,
        client: c,
        onProgress: (e) => {
            events.push(e);
            listener?.(e);
        },
    });
    return { plan, result, events };
}

/** The plan `run` makes, for finding where the engine keeps its state. */
const planOf = (include?: string[]) => planDownload(client(), { kind: 'model', ref: peoplenet, dest, include });

/** Paths the engine recorded as verified for `plan`. */
async function verifiedPaths(plan: DownloadPlan, dir = stateDir): Promise<string[]> {
    const record = path.join(versionStateDir(dir, plan), 'verified.json');
    return Object.keys((JSON.parse(await readFile(record, 'utf8')) as { files: object }).files);
}

/** The resume sidecar of one planned file. */
async function sidecarOf(plan: DownloadPlan, file: string, dir = stateDir): Promise<string> {
    const planned = plan.files.find((f) => f.path === file);
    assert.ok(planned, file);
    return (await TransferStore.open(nodeIo, plan, dir)).slot(planned).statePath;
}

const fileRequests = (pathPart: string) => sim.requests.filter((r) => r.host === 'files' && r.url.includes(pathPart));
const rangeStart = (r: { headers: Record<string, string> }) =>
    Number(/bytes=(\d+)-/.exec(r.headers.range ?? '')?.[1] ?? 0);

void describe('(integration) transfer faults', () => {
    before(async () => {
        sim = await startSimulator({ presignTtlSeconds: 60 });
        dispatcher = new Agent({ keepAliveTimeout: 10 });
        root = await mkdtemp(path.join(os.tmpdir(), 'ngc-faults-'));
        stateDir = path.join(root, 'state');
    });
    beforeEach(() => {
        sim.faults.clear();
        sim.clearRequests();
        dest = path.join(root, `run-${++n}`);
    });
    after(async () => {
        assertNoAuthorizationOnFilesHost(sim);
        await dispatcher.close();
        await sim.close();
        await rm(root, { recursive: true, force: true });
    });

    void it('Should exit with a VerificationError on corrupt bytes, keep the good files, and never name the bad one', async () => {
        sim.faults.add({ host: 'files', path: new RegExp(BIG.replace('.', '\\.')), fault: { kind: 'corrupt' } });
        const events: TransferEvent[] = [];
        await assert.rejects(
            run(peoplenet, { onProgress: (e) => events.push(e) }),
            (e: unknown) =>
                VerificationError.is(e) &&
                e.failures.length === 1 &&
                e.failures[0]?.path === BIG &&
                e.failures[0].kind === 'checksum',
        );
        const dir = path.join(dest, 'peoplenet_v2.6.1');
        assert.equal(existsSync(path.join(dir, BIG)), false, 'bad file never under its final name');
        assert.deepEqual(
            await readdir(dir).then((names) => names.filter((n) => n.startsWith('.'))),
            [],
            'bad partial deleted',
        );
        assert.ok(
            existsSync(path.join(dir, 'labels.txt')) && existsSync(path.join(dir, 'resnet34_peoplenet_int8.etlt')),
            'others kept',
        );
        assert.deepEqual(
            events.filter((e) => e.type === 'fileFailed').map((e) => e.type === 'fileFailed' && e.reason),
            ['checksum'],
        );
        sim.faults.clear();
        sim.clearRequests();
        const { result } = await run(peoplenet);
        assert.equal(result.summary.skippedFiles, 36, 'the rerun fetches only the bad file');
        assert.equal(sim.requests.filter((r) => r.host === 'files').length, 1);
    });

    void it('Should resume truncated bodies with Range until the file is complete', async () => {
        sim.faults.add({
            host: 'files',
            path: new RegExp(BIG.replace('.', '\\.')),
            times: 2,
            fault: { kind: 'truncate', bytes: 1_000_000 },
        });
        const { result } = await run(peoplenet, { include: [BIG] });
        assert.equal(result.summary.verifiedSha256, 1);
        const requests = fileRequests(BIG);
        assert.equal(requests.length, 3);
        // Each retry starts where the bytes on disk end. The server sent exactly 1 MB each time; what the body stream
        // still held (paused for back-pressure) when the connection ended is lost and asked for again, so a resume
        // may start a little before the 1 MB mark — never after it, and never more than two 256 KiB batches before.
        const [first, second, third] = requests.map(rangeStart) as [number, number, number];
        assert.equal(first, 0);
        assert.ok(second > 1_000_000 - 512 * 1024 && second <= 1_000_000, `second request starts at ${second}`);
        assert.ok(third > second + 1_000_000 - 512 * 1024 && third <= second + 1_000_000, `third starts at ${third}`);
    });

    void it('Should resume a connection dropped mid-file from the bytes already written (ranged parts)', async () => {
        sim.faults.add({
            host: 'files',
            path: new RegExp(BIG.replace('.', '\\.')),
            times: 1,
            fault: { kind: 'drop', afterBytes: 300_000 },
        });
        const { result } = await run(peoplenet, {
            include: [BIG],
            parts: { rangeThreshold: 1024 * 1024, partSize: 1024 * 1024 },
            concurrency: 1,
        });
        assert.equal(result.summary.verifiedSha256, 1);
        const requests = fileRequests(BIG);
        const ranges = requests.map((r) =>
            (/bytes=(\d+)-(\d+)/.exec(r.headers.range ?? '') ?? []).slice(1).map(Number),
        );
        assert.equal(ranges.length, 5, 'four parts plus one resume');
        const [first, resume] = ranges;
        // The resume starts where the bytes on disk end: at most the 300 000 the server sent (bytes still buffered in
        // the paused body stream when the socket died are lost and asked for again), and never a whole 256 KiB batch
        // before it: what was received is written even when the connection fails.
        const resumeStart = resume?.[0] ?? -1;
        assert.ok(resumeStart > 300_000 - 256 * 1024 && resumeStart <= 300_000, `the resume starts at ${resumeStart}`);
        assert.equal(resume?.[1], first?.[1], 'the resume asks for the rest of the dropped part');
        // Bytes asked for in total: the file, plus only what was asked twice (the dropped part's unwritten tail).
        const asked = ranges.reduce((sum, [a = 0, b = 0]) => sum + (b - a + 1), 0);
        assert.equal(asked - ((first?.[1] ?? 0) + 1 - resumeStart), BIG_SIZE);
    });

    void it('Should fetch a fresh presigned URL when the old one expires during the transfer', async () => {
        // Bulk URLs are listed once; after the first file the clock jumps past their lifetime, so every later file
        // gets a 403 "Request has expired" from the files host and must be re-resolved through the API.
        let advanced = false;
        const { result } = await run(peoplenet, {
            concurrency: 1,
            onProgress: (e) => {
                if (e.type === 'fileDone' && !advanced) {
                    advanced = true;
                    sim.clock.advance(3600);
                }
            },
        });
        assert.equal(result.summary.files, 37);
        assert.equal(result.summary.failedFiles, 0);
        const expired = sim.requests.filter((r) => r.host === 'files').length - 37;
        assert.ok(expired >= 1, `some requests were refused as expired (${expired})`);
        const reResolved = sim.requests.filter((r) => r.host === 'api' && r.url.includes('path='));
        assert.equal(reResolved.length, expired);
    });

    void it('Should ride out 429 and 5xx storms on the API and on the files host', async () => {
        sim.faults.add({
            host: 'api',
            times: 2,
            fault: { kind: 'status', status: 429, headers: { 'retry-after': '0' } },
        });
        sim.faults.add({ host: 'api', times: 2, fault: { kind: 'status', status: 503 } });
        sim.faults.add({ host: 'files', times: 3, fault: { kind: 'status', status: 500 } });
        sim.faults.add({
            host: 'files',
            times: 2,
            fault: { kind: 'status', status: 429, headers: { 'retry-after': '0' } },
        });
        const { result, events } = await run(peoplenet, { client: client(sim.keys.personal, 6) });
        assert.equal(result.summary.files, 37);
        assert.equal(result.summary.failedFiles, 0);
        assert.equal(events.filter((e) => e.type === 'retry').length, 5, 'each files-host refusal was retried');
    });

    void it('Should stop on a full disk, keep partials, and finish on a rerun without re-downloading verified files', async () => {
        let budget = 2_500_000;
        const filling: TransferIo = {
            ...nodeIo,
            async openReadWrite(file) {
                const f = await nodeIo.openReadWrite(file);
                return {
                    writeAt: async (buffers, position) => {
                        const size = buffers.reduce((s, b) => s + b.length, 0);
                        if (size > budget) {
                            throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
                                code: 'ENOSPC',
                            });
                        }
                        budget -= size;
                        await f.writeAt(buffers, position);
                    },
                    readAt: (b, p) => f.readAt(b, p),
                    truncate: (s) => f.truncate(s),
                    size: () => f.size(),
                    close: () => f.close(),
                };
            },
        };
        await assert.rejects(
            run(peoplenet, { io: filling, concurrency: 2 }),
            (e: unknown) => TransferError.is(e, 'disk-full') && /rerun/.test(e.message),
        );
        const verifiedBefore = await verifiedPaths(await planOf());
        assert.ok(verifiedBefore.length > 0, 'some files finished before the disk filled');
        sim.clearRequests();
        const { result } = await run(peoplenet);
        assert.equal(result.summary.skippedFiles, verifiedBefore.length);
        for (const p of verifiedBefore) {
            assert.equal(fileRequests(p).length, 0, `${p} not fetched again`);
        }
    });

    void it('Should fail with the API 412 until the licence is accepted, then download', async () => {
        const gated = { org: 'nvidia', name: 'llama-gated' };
        await assert.rejects(run(gated), (e: unknown) => HttpError.is(e, 412));
        assert.equal(sim.requests.filter((r) => r.host === 'files').length, 0);
        sim.acceptLicense(sim.keys.personal, 'nvidia/llama-gated');
        const { result } = await run(gated);
        assert.equal(result.summary.files, 2);
    });

    void it('Should stop with the helm repository 403 instead of treating it as an expired URL', async () => {
        sim.faults.add({ host: 'helm', fault: { kind: 'status', status: 403 } });
        const c = client();
        const plan = await planDownload(c, {
            kind: 'helm-chart',
            ref: { org: 'acme', team: 'vision', name: 'detector-chart' },
            dest,
        });
        await assert.rejects(downloadPlan(plan, { client: c }), (e: unknown) => HttpError.is(e, 403));
        assert.equal(sim.requests.filter((r) => r.host === 'helm').length, 1, 'asked once, no refresh loop');
    });

    void it('Should refuse a destination that is a file, with a message saying so', async () => {
        await writeFile(path.join(root, 'a-file'), 'x');
        dest = path.join(root, 'a-file');
        await assert.rejects(
            run(peoplenet, { include: ['labels.txt'] }),
            (e: unknown) => TransferError.is(e, 'destination') && /not a folder|is a file/.test(e.message),
        );
        dest = path.join(root, 'a-file', 'below');
        await assert.rejects(
            run(peoplenet, { include: ['labels.txt'] }),
            (e: unknown) => TransferError.is(e, 'destination') && /is a file/.test(e.message),
        );
    });

    void it('Should refuse a destination that is not writable', async (t) => {
        const denied: TransferIo = {
            ...nodeIo,
            writeFileAtomic: async () => {
                throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
            },
        };
        await assert.rejects(
            run(peoplenet, { io: denied, include: ['labels.txt'] }),
            (e: unknown) => TransferError.is(e, 'destination') && /permission denied/.test(e.message),
        );
        if (process.getuid?.() === 0) {
            t.diagnostic(
                'running as root: a chmod-based check would pass anyway, so only the injected EACCES is tested',
            );
        }
    });

    void it('Should resume with Range after the process is killed mid-file (crash, no cleanup)', async () => {
        sim.faults.add({
            host: 'files',
            path: new RegExp(BIG.replace('.', '\\.')),
            times: 1,
            fault: { kind: 'slow', bytesPerSecond: 1_000_000 },
        });
        const script = `
            const { HttpClient } = require('./src/core/http/client');
            const { createDispatcher } = require('./src/core/http/agent');
            const { NgcClient } = require('./src/core/ngc/client');
            const { planDownload } = require('./src/core/transfer/plan');
            const { downloadPlan } = require('./src/core/transfer/download');
            const http = new HttpClient({ dispatcher: createDispatcher() });
            const client = new NgcClient({ http, endpoints: { apiUrl: process.env.API, authUrl: process.env.API, registry: 'x', helmUrl: process.env.API } });
            planDownload(client, { kind: 'model', ref: { org: 'nvidia', team: 'tao', name: 'peoplenet' }, dest: process.env.DEST, include: ['${BIG}'] })
                .then((plan) => downloadPlan(plan, { client }));
        `;
        const xdg = path.join(root, `xdg-${n}`);
        const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
            env: { ...process.env, API: sim.urls.api, DEST: dest, XDG_CACHE_HOME: xdg },
            stdio: 'ignore',
        });
        const childStateDir = path.join(xdg, 'ngc-explorer');
        const state = await sidecarOf(await planOf([BIG]), BIG, childStateDir);
        const deadline = Date.now() + 20_000;
        let kept = 0;
        while (Date.now() < deadline && kept === 0) {
            await new Promise((r) => setTimeout(r, 100));
            kept = await readFile(state, 'utf8').then(
                (t) => (JSON.parse(t) as { parts: { done: number }[] }).parts[0]?.done ?? 0,
                () => 0,
            );
        }
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));
        assert.ok(kept > 0, 'the sidecar recorded progress before the crash');
        const recorded =
            (JSON.parse(await readFile(state, 'utf8')) as { parts: { done: number }[] }).parts[0]?.done ?? 0;
        sim.clearRequests();
        const { result } = await run(peoplenet, { include: [BIG], stateDir: childStateDir });
        assert.equal(result.summary.verifiedSha256, 1);
        const requests = fileRequests(BIG);
        assert.equal(requests.length, 1);
        assert.equal(rangeStart(requests[0] as { headers: Record<string, string> }), recorded);
        assert.equal(result.summary.downloadedBytes, BIG_SIZE - recorded);
    });

    void it('Should leave resumable partials when cancelled and finish on a rerun without re-fetching verified files', async () => {
        sim.faults.add({
            host: 'files',
            path: new RegExp(BIG.replace('.', '\\.')),
            times: 1,
            fault: { kind: 'slow', bytesPerSecond: 1_000_000 },
        });
        const controller = new AbortController();
        let done = 0;
        await assert.rejects(
            run(peoplenet, {
                signal: controller.signal,
                concurrency: 4,
                onProgress: (e) => {
                    if (e.type === 'fileDone' && ++done === 30) {
                        setTimeout(() => controller.abort(), 200);
                    }
                },
            }),
            CancelledError.is,
        );
        const dir = path.join(dest, 'peoplenet_v2.6.1');
        assert.equal(existsSync(path.join(dir, BIG)), false);
        const plan = await planOf();
        const state = JSON.parse(await readFile(await sidecarOf(plan, BIG), 'utf8')) as {
            parts: { done: number }[];
        };
        const kept = state.parts[0]?.done ?? 0;
        assert.ok(kept > 0, 'the slow file kept its bytes');
        const verified = await verifiedPaths(plan);
        sim.clearRequests();
        const { result } = await run(peoplenet);
        assert.equal(result.summary.failedFiles, 0);
        assert.equal(result.summary.skippedFiles, verified.length);
        for (const p of verified) {
            assert.equal(fileRequests(p).length, 0, `${p} not fetched again`);
        }
        const resumed = fileRequests(BIG);
        assert.equal(resumed.length, 1);
        assert.equal(rangeStart(resumed[0] as { headers: Record<string, string> }), kept);
    });
});
