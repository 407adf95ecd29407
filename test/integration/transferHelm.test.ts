/**
 * (integration) Helm charts through the transfer engine: the `.tgz` from the helm repository (Basic
 * `$oauthtoken:KEY` only there) plus the chart files the API lists, fetched through the `/files/{path}` redirect to
 * bare presigned URLs; private charts, missing and foreign keys, filters, and the HEAD size lookup for an archive the
 * API does not list.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { Agent } from 'undici';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { HttpError } from '../../src/core/http/errors';
import { listFiles, type ArtifactRef } from '../../src/core/ngc/artifacts';
import type { NgcClient } from '../../src/core/ngc/client';
import { downloadPlan } from '../../src/core/transfer/download';
import { planDownload } from '../../src/core/transfer/plan';
import { startSimulator, type Simulator } from '../../sim/server';
import { assertNoAuthorizationOnFilesHost, simNgcClient } from './ngcHelpers';
import { runCli, simEnv } from './cliRunner';

let sim: Simulator;
let dispatcher: Agent;
let root: string;
let runs = 0;

const gpuOperator: ArtifactRef = { org: 'nvidia', name: 'gpu-operator' };
const detector: ArtifactRef = { org: 'acme', team: 'vision', name: 'detector-chart' };
const ARCHIVE = 'gpu-operator-v25.3.0.tgz';
const CHART_FILES = ['README.md', 'crds/clusterpolicy.yaml', 'values.schema.json'];

function client(key?: string): NgcClient {
    return simNgcClient(sim, dispatcher, key);
}

/** A fresh `--dest` per run, so no test skips files another one verified. */
function freshDest(): string {
    runs += 1;
    return path.join(root, `run-${runs}`);
}

async function download(
    ref: ArtifactRef,
    opts: { version?: string; key?: string; dest?: string; include?: string[]; exclude?: string[] } = {},
) {
    const c = client(opts.key);
    const plan = await planDownload(c, {
        kind: 'helm-chart',
        ref,
        version: opts.version,
        dest: opts.dest ?? freshDest(),
        include: opts.include,
        exclude: opts.exclude,
    });
    const result = await downloadPlan(plan, { client: c, retry: { baseDelayMs: 1, maxDelayMs: 5 } });
    return { plan, result };
}

function basic(key: string): string {
    return `Basic ${Buffer.from(`$oauthtoken:${key}`).toString('base64')}`;
}

/** The archive as the helm repository serves it (what `helm pull` would get). */
async function helmArchive(namespace: string, file: string, key?: string): Promise<Buffer> {
    const response = await fetch(`${sim.urls.helm}/${namespace}/charts/${file}`, {
        headers: key ? { authorization: basic(key) } : {},
    });
    assert.equal(response.status, 200);
    return Buffer.from(await response.arrayBuffer());
}

/** The `digest:` of one version in the helm repository's index.yaml. */
async function indexDigest(namespace: string, name: string, version: string): Promise<string> {
    const index = await (await fetch(`${sim.urls.helm}/${namespace}/index.yaml`)).text();
    const entry = index
        .split('- apiVersion:')
        .find((block) => block.includes(`name: ${name}\n`) && block.includes(`version: ${version}\n`));
    const digest = entry?.match(/digest: ([0-9a-f]{64})/)?.[1];
    assert.ok(digest, `index.yaml has a digest for ${name} ${version}`);
    return digest;
}

/** A chart file's bytes as a guest gets them by following the API redirect by hand. */
async function chartFileBytes(filePath: string): Promise<Buffer> {
    const response = await fetch(
        `${sim.urls.api}/v2/helm-charts/nvidia/gpu-operator/versions/v25.3.0/files/${filePath}`,
    );
    assert.equal(response.status, 200, filePath);
    assert.ok(response.url.startsWith(sim.urls.files), 'served by the files host');
    return Buffer.from(await response.arrayBuffer());
}

function sha256(bytes: Buffer, encoding: 'hex' | 'base64'): string {
    return createHash('sha256').update(bytes).digest(encoding);
}

function requestsTo(host: Simulator['requests'][number]['host']) {
    return sim.requests.filter((r) => r.host === host);
}

/**
 * Makes the API list gpu-operator v25.3.0 without its archive (the real entries otherwise): the case where the plan
 * asks the helm repository for the archive's size.
 */
async function listingWithoutArchive(): Promise<void> {
    const listed = await listFiles(client(), 'helm-chart', gpuOperator, 'v25.3.0');
    const artifactFiles = listed
        .filter((f) => f.path !== ARCHIVE)
        .map((f) => ({ path: f.path, sizeInBytes: f.sizeInBytes, sha256_base64: f.sha256Base64 }));
    assert.equal(artifactFiles.length, 3);
    sim.faults.add({
        host: 'api',
        path: /\/gpu-operator\/versions\/v25\.3\.0\/files$/,
        fault: {
            kind: 'json',
            status: 200,
            body: {
                artifactFiles,
                paginationInfo: { index: 0, size: 100, totalPages: 1, totalResults: artifactFiles.length },
                requestStatus: { statusCode: 'SUCCESS' },
            },
        },
    });
}

void describe('(integration) helm charts through the transfer engine', () => {
    before(async () => {
        sim = await startSimulator({ redirectStatus: 307 });
        dispatcher = new Agent({ keepAliveTimeout: 10 });
        root = await mkdtemp(path.join(os.tmpdir(), 'ngc-transfer-helm-'));
    });
    afterEach(() => {
        sim.faults.clear();
    });
    after(async () => {
        assertNoAuthorizationOnFilesHost(sim);
        await dispatcher.close();
        await sim.close();
        await rm(root, { recursive: true, force: true });
    });

    for (const who of ['guest', 'personal'] as const) {
        void it(`Should download the archive and every chart file of gpu-operator v25.3.0 (${who})`, async () => {
            const key = who === 'guest' ? undefined : sim.keys.personal;
            sim.clearRequests();
            const { plan, result } = await download(gpuOperator, { version: 'v25.3.0', key });
            const seen = [...sim.requests];
            const seenOn = (host: string) => seen.filter((r) => r.host === host);
            assert.equal(plan.destination, path.join(path.dirname(plan.destination), 'gpu-operator_v25.3.0'));
            assert.deepEqual(
                plan.files.map((f) => [f.path, f.source.kind]),
                [
                    ['crds/clusterpolicy.yaml', 'api'],
                    [ARCHIVE, 'helm'],
                    ['README.md', 'api'],
                    ['values.schema.json', 'api'],
                ],
            );
            assert.equal(result.summary.files, 4);
            assert.equal(result.summary.verifiedSha256, 3);
            assert.equal(result.summary.verifiedSizeOnly, 1, 'values.schema.json has no sha256_base64');
            assert.ok(result.files.every((f) => f.status === 'downloaded'));

            const archive = await readFile(path.join(plan.destination, ARCHIVE));
            assert.deepEqual(archive, await helmArchive('nvidia', ARCHIVE));
            assert.equal(sha256(archive, 'hex'), await indexDigest('nvidia', 'gpu-operator', 'v25.3.0'));
            const listed = await listFiles(client(), 'helm-chart', gpuOperator, 'v25.3.0');
            for (const name of CHART_FILES) {
                const bytes = await readFile(path.join(plan.destination, name));
                assert.deepEqual(bytes, await chartFileBytes(name), name);
                const entry = listed.find((f) => f.path === name);
                assert.equal(bytes.length, entry?.sizeInBytes, name);
                if (entry?.sha256Base64) {
                    assert.equal(sha256(bytes, 'base64'), entry.sha256Base64, name);
                }
            }
            assert.match(
                await readFile(path.join(plan.destination, 'crds/clusterpolicy.yaml'), 'utf8'),
                /ClusterPolicy/,
            );

            const helm = seenOn('helm');
            assert.deepEqual(
                helm.map((r) => [r.method, r.url]),
                [['GET', `/nvidia/charts/${ARCHIVE}`]],
            );
            assert.equal(helm[0]?.headers.authorization, key ? basic(key) : undefined);
            const redirects = seenOn('api').filter((r) => /\/versions\/v25\.3\.0\/files\/./.test(r.url));
            const prefix = key ? '/v2/org/nvidia/helm-charts' : '/v2/helm-charts/nvidia';
            assert.deepEqual(
                redirects.map((r) => r.url).sort(),
                CHART_FILES.map((f) => `${prefix}/gpu-operator/versions/v25.3.0/files/${f}`).sort(),
            );
            assert.ok(
                redirects.every((r) =>
                    key ? /^Bearer /.test(r.headers.authorization ?? '') : !r.headers.authorization,
                ),
            );
            const files = seenOn('files');
            assert.equal(files.length, 3, 'one presigned GET per chart file, none for the archive');
            assert.ok(files.every((r) => r.headers.authorization === undefined));
            if (!key) {
                assert.ok(seen.every((r) => r.headers.authorization === undefined));
            }

            sim.clearRequests();
            const again = await downloadPlan(plan, { client: client(key) });
            assert.equal(again.summary.skippedFiles, 4, 'a rerun skips every verified file');
            assert.equal(requestsTo('helm').length + requestsTo('files').length, 0);
        });
    }

    void it('Should download a private team chart with Basic auth to the helm host and none to the files host', async () => {
        const key = sim.keys.personal;
        sim.clearRequests();
        const { plan, result } = await download(detector, { key });
        const seen = [...sim.requests];
        const seenOn = (host: string) => seen.filter((r) => r.host === host);
        assert.equal(path.basename(plan.destination), 'detector-chart_v0.1.0');
        assert.equal(result.summary.files, 2);
        assert.equal(result.summary.verifiedSha256, 2);
        const archive = await readFile(path.join(plan.destination, 'detector-chart-0.1.0.tgz'));
        assert.deepEqual(archive, await helmArchive('acme/vision', 'detector-chart-0.1.0.tgz', key));
        assert.match(await readFile(path.join(plan.destination, 'README.md'), 'utf8'), /Acme Detector Chart/);

        const helm = seenOn('helm');
        assert.equal(helm.length, 1);
        assert.equal(helm[0]?.url, '/acme/vision/charts/detector-chart-0.1.0.tgz');
        assert.equal(helm[0]?.headers.authorization, basic(key));
        const redirect = seenOn('api').find((r) => r.url.endsWith('/files/README.md'));
        assert.equal(
            redirect?.url,
            '/v2/org/acme/team/vision/helm-charts/detector-chart/versions/0.1.0/files/README.md',
        );
        const files = seenOn('files');
        assert.equal(files.length, 1);
        assert.ok(files.every((r) => r.headers.authorization === undefined && !r.url.includes(key)));
        assert.ok(seen.every((r) => r.host === 'api' || !/^Bearer/.test(r.headers.authorization ?? '')));
    });

    void it('Should say "not authenticated" for a private chart without a key, in core and from the CLI', async () => {
        sim.clearRequests();
        const dest = freshDest();
        let caught: unknown;
        await assert.rejects(
            download(detector, { dest }).catch((e: unknown) => {
                caught = e;
                throw e;
            }),
            (e: unknown) => HttpError.is(e, 401),
        );
        const diagnosis = diagnose(caught);
        assert.equal(diagnosis.cause, 'noKey');
        assert.match(diagnosis.title, /Not authenticated/);
        assert.equal(diagnosis.exitCode, 3);
        assert.equal(existsSync(dest), false, 'nothing written');

        const cli = await runCli(['download', 'acme/vision/detector-chart', '--dest', dest], simEnv(sim));
        assert.equal(cli.code, 3, cli.stderr);
        assert.match(cli.stderr, /Not authenticated/);
        assert.equal(requestsTo('helm').length + requestsTo('files').length, 0, 'neither host was asked');
    });

    void it('Should stop on the helm host 403 for a key outside the nvidia namespace and keep no archive', async () => {
        const key = sim.keys.otherOrg;
        sim.clearRequests();
        const dest = freshDest();
        const c = client(key);
        const plan = await planDownload(c, { kind: 'helm-chart', ref: gpuOperator, dest });
        let caught: unknown;
        await assert.rejects(
            downloadPlan(plan, { client: c }).catch((e: unknown) => {
                caught = e;
                throw e;
            }),
            (e: unknown) => HttpError.is(e, 403),
        );
        const helm = requestsTo('helm');
        assert.equal(helm.length, 1, 'asked once: a helm 403 is an answer, not an expired URL');
        assert.equal(helm[0]?.headers.authorization, basic(key));
        assert.equal(existsSync(path.join(plan.destination, ARCHIVE)), false);
        const diagnosis = diagnose(caught);
        assert.equal(diagnosis.cause, 'notMember', 'the helm host refuses keys outside the namespace');
        assert.equal(diagnosis.title, 'Not permitted in org "nvidia"');
        assert.equal(diagnosis.exitCode, 4);
    });

    void it('Should apply include and exclude globs to chart files and the archive alike', async () => {
        sim.clearRequests();
        const docs = await download(gpuOperator, { include: ['*.md', 'crds/*'] });
        assert.deepEqual(
            docs.plan.files.map((f) => f.path),
            ['crds/clusterpolicy.yaml', 'README.md'],
        );
        assert.equal(docs.plan.excludedFiles, 2);
        assert.equal(requestsTo('helm').length, 0, 'the archive was filtered out, so the helm host was not asked');
        assert.equal(existsSync(path.join(docs.plan.destination, ARCHIVE)), false);

        const noArchive = await download(gpuOperator, { exclude: ['*.tgz', '*.json'] });
        assert.deepEqual(
            noArchive.plan.files.map((f) => f.path),
            ['crds/clusterpolicy.yaml', 'README.md'],
        );

        sim.clearRequests();
        const onlyArchive = await download(gpuOperator, { include: ['*.tgz'] });
        assert.deepEqual(
            onlyArchive.plan.files.map((f) => f.path),
            [ARCHIVE],
        );
        assert.equal(onlyArchive.result.summary.verifiedSha256, 1);
        assert.equal(requestsTo('files').length, 0);
        assert.equal(requestsTo('api').filter((r) => /\/files\/./.test(r.url)).length, 0, 'no chart-file redirect');
    });

    void it('Should re-resolve a chart file URL through the API redirect after the files host refuses it', async () => {
        sim.clearRequests();
        sim.faults.add({
            host: 'files',
            path: /\/files\/README\.md$/,
            times: 1,
            fault: { kind: 'status', status: 403 },
        });
        const { plan, result } = await download(gpuOperator, { include: ['README.md'] });
        assert.equal(result.summary.verifiedSha256, 1);
        assert.deepEqual(await readFile(path.join(plan.destination, 'README.md')), await chartFileBytes('README.md'));
        assert.equal(requestsTo('api').filter((r) => r.url.endsWith('/files/README.md')).length, 3, '2 + this check');
    });

    void it('Should size an archive the API does not list with a HEAD to the helm repository', async () => {
        await listingWithoutArchive();
        for (const key of [undefined, sim.keys.personal]) {
            sim.clearRequests();
            const { plan, result } = await download(gpuOperator, { key });
            const helm = requestsTo('helm');
            const archive = plan.files.find((f) => f.path === ARCHIVE);
            const expected = await helmArchive('nvidia', ARCHIVE);
            assert.deepEqual(archive, {
                path: ARCHIVE,
                sizeInBytes: expected.length,
                source: { kind: 'helm', url: `${sim.urls.helm}/nvidia/charts/${ARCHIVE}` },
            });
            assert.deepEqual(
                helm.map((r) => [r.method, r.url, r.headers.authorization]),
                [
                    ['HEAD', `/nvidia/charts/${ARCHIVE}`, key ? basic(key) : undefined],
                    ['GET', `/nvidia/charts/${ARCHIVE}`, key ? basic(key) : undefined],
                ],
            );
            assert.equal(result.summary.files, 4);
            assert.equal(result.files.find((f) => f.path === ARCHIVE)?.verifiedBy, 'size');
            assert.deepEqual(await readFile(path.join(plan.destination, ARCHIVE)), expected);
        }
    });

    void it('Should fail the plan with the helm answer when the HEAD for an unlisted archive is refused', async () => {
        await listingWithoutArchive();
        sim.clearRequests();
        const dest = freshDest();
        await assert.rejects(
            planDownload(client(sim.keys.otherOrg), {
                kind: 'helm-chart',
                ref: gpuOperator,
                dest,
            }),
            (e: unknown) => HttpError.is(e, 403) && diagnose(e).title === 'Not permitted in org "nvidia"',
        );
        assert.deepEqual(
            requestsTo('helm').map((r) => r.method),
            ['HEAD'],
        );
        assert.equal(existsSync(dest), false);
    });

    void it('Should not ask the helm repository about an unlisted archive the filters leave out', async () => {
        await listingWithoutArchive();
        sim.clearRequests();
        const key = sim.keys.otherOrg;
        const { plan, result } = await download(gpuOperator, { key, include: ['crds/*'] });
        assert.deepEqual(
            plan.files.map((f) => f.path),
            ['crds/clusterpolicy.yaml'],
        );
        assert.equal(result.summary.files, 1);
        assert.equal(requestsTo('helm').length, 0);
    });
});
