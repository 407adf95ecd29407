import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { Agent } from 'undici';
import { diagnose } from '../../../../src/core/diagnose/diagnose';
import { HttpClient } from '../../../../src/core/http/client';
import { HttpError } from '../../../../src/core/http/errors';
import { NgcClient } from '../../../../src/core/ngc/client';
import { downloadPlan } from '../../../../src/core/transfer/download';
import { TransferError } from '../../../../src/core/transfer/errors';
import { planDownload, type PlanOptions } from '../../../../src/core/transfer/plan';
import { startLocalServer, sendJson, type LocalServer } from '../../../builders/localServer';
import { aFileObject, aPaginationInfo, aVersionObject } from '../../../builders/ngcResponses';

const ref = { org: 'acme', team: 'vision', name: 'chart' };
/** The version's API path: guest form without a key, org form with one (the client picks by the key it holds). */
const API_PATHS = [
    '/v2/helm-charts/acme/vision/chart/versions/0.1.0',
    '/v2/org/acme/team/vision/helm-charts/chart/versions/0.1.0',
];
const ARCHIVE_PATH = '/acme/vision/charts/chart-0.1.0.tgz';
const ARCHIVE = Buffer.from('not really gzip, but bytes');

/** What the fake helm repository answers for the archive (HEAD and GET alike). */
type HelmMode = 'ok' | 'no-length' | 403 | 401;

/**
 * Chart planning and download over a fake API whose file list omits the archive (unit): the plan's HEAD to the helm
 * repository, and helm refusals that `diagnose()` must attribute to the chart's namespace.
 */
describe('helm chart archives from the helm repository (unit)', () => {
    let server: LocalServer;
    let dispatcher: Agent;
    let dest: string;
    let helm: HelmMode = 'ok';

    before(async () => {
        server = await startLocalServer((req, res) => {
            const url = new URL(req.url ?? '/', 'http://x');
            const api = API_PATHS.find((p) => url.pathname.startsWith(p));
            if (api && url.pathname === api) {
                sendJson(res, 200, { artifactVersion: aVersionObject({ id: '0.1.0', versionId: undefined }) });
            } else if (api && url.pathname === `${api}/files`) {
                sendJson(res, 200, {
                    artifactFiles: [aFileObject('README.md', 10), aFileObject('crds/a.yaml', 20)],
                    paginationInfo: aPaginationInfo(0, 100, 1, 2),
                });
            } else if (url.pathname === ARCHIVE_PATH && typeof helm === 'number') {
                sendJson(res, helm, { error: 'forbidden' });
            } else if (url.pathname === ARCHIVE_PATH && helm === 'no-length') {
                res.writeHead(200, { 'transfer-encoding': 'chunked' });
                res.end();
            } else if (url.pathname === ARCHIVE_PATH) {
                res.writeHead(200, { 'content-length': String(ARCHIVE.length) });
                res.end(req.method === 'HEAD' ? undefined : ARCHIVE);
            } else {
                sendJson(res, 404, { requestStatus: { statusCode: 'NOT_FOUND' } });
            }
        });
        dispatcher = new Agent({ keepAliveTimeout: 10 });
        dest = await mkdtemp(path.join(os.tmpdir(), 'ngc-helm-unit-'));
    });
    afterEach(() => {
        helm = 'ok';
        server.requests.length = 0;
    });
    after(async () => {
        await server.close();
        await dispatcher.close();
        await rm(dest, { recursive: true, force: true });
    });

    const client = (apiKey?: string) =>
        new NgcClient({
            http: new HttpClient({ dispatcher, retry: { attempts: 1 } }),
            endpoints: { apiUrl: server.url, authUrl: server.url, registry: '127.0.0.1:1', helmUrl: server.url },
            apiKey,
        });
    const plan = (extra: Partial<PlanOptions> = {}, apiKey?: string) =>
        planDownload(client(apiKey), { kind: 'helm-chart', ref, version: '0.1.0', dest, ...extra });
    const helmRequests = () => server.requests.filter((r) => r.url === ARCHIVE_PATH);

    it('Should size an archive the API does not list with one HEAD carrying the Basic key', async () => {
        const p = await plan({}, 'nvapi-unit-key');
        assert.deepEqual(
            p.files.map((f) => [f.path, f.sizeInBytes]),
            [
                ['chart-0.1.0.tgz', ARCHIVE.length],
                ['crds/a.yaml', 20],
                ['README.md', 10],
            ],
        );
        assert.deepEqual(
            helmRequests().map((r) => [r.method, r.headers.authorization]),
            [['HEAD', `Basic ${Buffer.from('$oauthtoken:nvapi-unit-key').toString('base64')}`]],
        );
    });

    it('Should not ask the helm repository about an unlisted archive the filters leave out, yet count it', async () => {
        helm = 403;
        const p = await plan({ include: ['crds/*'] }, 'nvapi-unit-key');
        assert.deepEqual(
            p.files.map((f) => f.path),
            ['crds/a.yaml'],
        );
        assert.equal(p.versionFileCount, 3);
        assert.equal(p.excludedFiles, 2);
        assert.equal(helmRequests().length, 0);
        const withoutArchive = await plan({ exclude: ['*.tgz'] });
        assert.equal(withoutArchive.files.length, 2);
        assert.equal(helmRequests().length, 0);
    });

    it('Should refuse to plan an unlisted archive whose size the helm repository does not give', async () => {
        helm = 'no-length';
        await assert.rejects(plan(), (e: unknown) => TransferError.is(e, 'no-files') && /how large/.test(e.message));
    });

    it('Should name the chart namespace when the helm repository refuses the HEAD', async () => {
        helm = 403;
        let caught: unknown;
        await assert.rejects(
            plan({}, 'nvapi-unit-key').catch((e: unknown) => {
                caught = e;
                throw e;
            }),
            (e: unknown) => HttpError.is(e, 403),
        );
        const d = diagnose(caught);
        assert.equal(d.cause, 'notMember');
        assert.equal(d.title, 'Not permitted in team "acme/vision"');
        assert.equal(d.exitCode, 4);
    });

    for (const [status, cause, title] of [
        [403, 'notMember', 'Not permitted in team "acme/vision"'],
        [401, 'noKey', 'Not authenticated: no API key is set'],
    ] as const) {
        it(`Should name the chart namespace when the helm repository answers ${status} to the download`, async () => {
            const key = status === 403 ? 'nvapi-unit-key' : undefined;
            const p = await plan({ include: ['*.tgz'] }, key);
            helm = status;
            let caught: unknown;
            await assert.rejects(
                downloadPlan(p, { client: client(key) }).catch((e: unknown) => {
                    caught = e;
                    throw e;
                }),
                (e: unknown) => HttpError.is(e, status),
            );
            const d = diagnose(caught);
            assert.equal(d.cause, cause);
            assert.equal(d.title, title);
            assert.deepEqual(
                helmRequests().map((r) => r.method),
                ['HEAD', 'GET'],
                'one GET: a helm refusal is final',
            );
        });
    }
});
