/**
 * (integration) The transfer engine against the simulator: models, resources and helm charts end to end, filters,
 * dry-run plans, status checks, reruns that skip verified files, and no credential ever reaching the files host.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Agent } from 'undici';
import { listFiles, type ArtifactRef, type VersionedKind } from '../../src/core/ngc/artifacts';
import type { NgcClient } from '../../src/core/ngc/client';
import { downloadPlan } from '../../src/core/transfer/download';
import { TransferError } from '../../src/core/transfer/errors';
import type { TransferEvent } from '../../src/core/transfer/events';
import { planDownload } from '../../src/core/transfer/plan';
import { startSimulator, type Simulator } from '../../sim/server';
import { assertNoAuthorizationOnFilesHost, simNgcClient } from './ngcHelpers';

let sim: Simulator;
let dispatcher: Agent;
let dest: string;

function client(key?: string): NgcClient {
    return simNgcClient(sim, dispatcher, key);
}

async function download(
    kind: VersionedKind,
    ref: ArtifactRef,
    opts: { version?: string; key?: string; into?: string; include?: string[]; exclude?: string[] } = {},
) {
    const c = client(opts.key);
    const plan = await planDownload(c, {
        kind,
        ref,
        version: opts.version,
        dest: opts.into ?? dest,
        include: opts.include,
        exclude: opts.exclude,
    });
    const events: TransferEvent[] = [];
    const result = await downloadPlan(plan, { client: c, onProgress: (e) => events.push(e) });
    return { plan, result, events };
}

async function sha256(file: string): Promise<string> {
    return createHash('sha256')
        .update(await readFile(file))
        .digest('base64');
}

async function walk(dir: string): Promise<string[]> {
    const out: string[] = [];
    for (const entry of await readdir(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        out.push(...(entry.isDirectory() ? (await walk(full)).map((p) => `${entry.name}/${p}`) : [entry.name]));
    }
    return out.sort();
}

const peoplenet = { org: 'nvidia', team: 'tao', name: 'peoplenet' };

void describe('(integration) transfer engine against the simulator', () => {
    before(async () => {
        sim = await startSimulator({ maxPageSize: 10 });
        dispatcher = new Agent({ keepAliveTimeout: 10 });
        dest = await mkdtemp(path.join(os.tmpdir(), 'ngc-transfer-'));
    });
    after(async () => {
        assertNoAuthorizationOnFilesHost(sim);
        await dispatcher.close();
        await sim.close();
        await rm(dest, { recursive: true, force: true });
    });

    void it('Should download the latest model version with every file matching the API checksums', async () => {
        sim.clearRequests();
        const { plan, result, events } = await download('model', peoplenet, { key: sim.keys.personal });
        assert.equal(plan.version, '2.6.1');
        assert.equal(plan.destination, path.join(dest, 'peoplenet_v2.6.1'));
        assert.equal(result.summary.files, 37);
        assert.equal(result.summary.verifiedSha256, 34);
        assert.equal(result.summary.verifiedSizeOnly, 3);
        const listed = await listFiles(client(sim.keys.personal), 'model', peoplenet, '2.6.1');
        const onDisk = (await walk(plan.destination)).filter((p) => !p.startsWith('.ngc'));
        assert.deepEqual(onDisk, listed.map((f) => f.path).sort());
        for (const f of listed.filter((x) => x.sha256Base64)) {
            assert.equal(await sha256(path.join(plan.destination, f.path)), f.sha256Base64, f.path);
        }
        const fileRequests = sim.requests.filter((r) => r.host === 'files');
        assert.equal(fileRequests.length, 37);
        assert.ok(fileRequests.every((r) => r.headers.authorization === undefined));
        assert.deepEqual(
            events.map((e) => e.type).filter((t) => t === 'plan' || t === 'done'),
            ['plan', 'done'],
        );
        const last = events.filter((e) => e.type === 'bytes').at(-1);
        assert.equal(last?.type === 'bytes' && last.bytesDone, plan.totalBytes);
    });

    void it('Should skip every verified file on a rerun without touching the files host', async () => {
        sim.clearRequests();
        const { result } = await download('model', peoplenet, { key: sim.keys.personal });
        assert.equal(result.summary.skippedFiles, 37);
        assert.equal(result.summary.downloadedBytes, 0);
        assert.equal(sim.requests.filter((r) => r.host === 'files').length, 0);
    });

    void it('Should refuse a version that is not UPLOAD_COMPLETE with a message naming its status', async () => {
        await assert.rejects(
            download('model', peoplenet, { version: '3.0', into: path.join(dest, 'pending') }),
            (e: unknown) => TransferError.is(e, 'not-ready') && /UPLOAD_PENDING/.test(e.message),
        );
        assert.equal(existsSync(path.join(dest, 'pending')), false, 'nothing written');
    });

    void it('Should apply include and exclude globs and plan only the matching files', async () => {
        const c = client();
        const plan = await planDownload(c, {
            kind: 'model',
            ref: peoplenet,
            dest,
            include: ['configs/*', '*.tlt'],
            exclude: ['*_0?.txt'],
        });
        assert.deepEqual(
            plan.files.map((f) => f.path),
            ['configs/infer_config_10.txt', 'configs/infer_config_11.txt', 'resnet34_peoplenet.tlt'],
        );
        assert.equal(plan.excludedFiles, 34);
        assert.equal(
            plan.totalBytes,
            plan.files.reduce((s, f) => s + f.sizeInBytes, 0),
        );
        await assert.rejects(
            planDownload(c, { kind: 'model', ref: peoplenet, dest, include: ['*.nothing'] }),
            (e: unknown) => TransferError.is(e, 'no-files'),
        );
    });

    // A leading `/` is NGC's own spelling of a relative path (the listing layer strips it), so it is not in this list.
    for (const [i, evil] of [
        '../../outside.txt',
        'a/../../b',
        'C:\\Windows\\evil.dll',
        'D:/x',
        'a/\u0000b',
    ].entries()) {
        void it(`Should refuse the API file path ${JSON.stringify(evil)} before writing anything`, async () => {
            sim.faults.add({
                host: 'api',
                path: /versions\/2\.5\.0\/files$/,
                times: 1,
                fault: {
                    kind: 'json',
                    status: 200,
                    body: {
                        modelFiles: [
                            { path: 'ok.txt', sizeInBytes: 1 },
                            { path: evil, sizeInBytes: 1 },
                        ],
                        paginationInfo: { index: 0, size: 100, totalPages: 1, totalResults: 2 },
                        requestStatus: { statusCode: 'SUCCESS' },
                    },
                },
            });
            const into = path.join(dest, `evil-${i}`);
            await assert.rejects(
                download('model', peoplenet, { version: '2.5.0', into }),
                (e: unknown) => TransferError.is(e, 'unsafe-path') && /refusing file path/.test(e.message),
            );
            assert.equal(existsSync(into), false);
        });
    }

    void it('Should produce a dry-run plan that survives JSON and carries no URL or secret', async () => {
        const plan = await planDownload(client(sim.keys.personal), {
            kind: 'model',
            ref: peoplenet,
            dest,
            version: '2.5.0',
        });
        assert.deepEqual(JSON.parse(JSON.stringify(plan)), plan);
        const text = JSON.stringify(plan);
        assert.doesNotMatch(text, /nvapi-|sig=|xfiles/);
        assert.equal(plan.files.length, 3);
    });

    void it('Should download a resource (recipe keys) as a guest', async () => {
        const { plan, result } = await download('resource', { org: 'nvidia', team: 'tao', name: 'tao-samples' });
        assert.equal(plan.version, '1.1');
        assert.equal(result.summary.files, 5);
        assert.ok(existsSync(path.join(dest, 'tao-samples_v1.1', 'notebooks', 'detectnet_v2.ipynb')));
    });

    void it('Should fetch a chart archive from the helm repository with Basic $oauthtoken auth', async () => {
        sim.clearRequests();
        const key = sim.keys.personal;
        const { plan, result } = await download(
            'helm-chart',
            { org: 'acme', team: 'vision', name: 'detector-chart' },
            { key },
        );
        assert.equal(plan.destination, path.join(dest, 'detector-chart_v0.1.0'));
        assert.equal(result.summary.verifiedSha256, 2, 'the archive and its README');
        const helm = sim.requests.filter((r) => r.host === 'helm');
        assert.equal(helm.length, 1);
        assert.equal(helm[0]?.url, '/acme/vision/charts/detector-chart-0.1.0.tgz');
        assert.equal(helm[0]?.headers.authorization, `Basic ${Buffer.from(`$oauthtoken:${key}`).toString('base64')}`);
        const archive = await readFile(path.join(plan.destination, 'detector-chart-0.1.0.tgz'));
        assert.equal(archive[0], 0x1f, 'gzip magic');
    });

    void it('Should download a public chart as a guest with no Authorization anywhere', async () => {
        sim.clearRequests();
        const { result } = await download('helm-chart', { org: 'nvidia', name: 'gpu-operator' });
        assert.equal(result.summary.files, 4, 'the archive and three chart files');
        assert.ok(existsSync(path.join(dest, 'gpu-operator_v25.3.0', 'gpu-operator-v25.3.0.tgz')));
        assert.ok(sim.requests.every((r) => r.headers.authorization === undefined));
    });
});
