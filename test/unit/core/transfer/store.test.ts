import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDispatcher } from '../../../../src/core/http/agent';
import { HttpClient } from '../../../../src/core/http/client';
import { CancelledError } from '../../../../src/core/lib/abort';
import { NgcClient } from '../../../../src/core/ngc/client';
import { downloadPlan, type DownloadOptions } from '../../../../src/core/transfer/download';
import type { DownloadPlan } from '../../../../src/core/transfer/plan';
import type { UrlSource } from '../../../../src/core/transfer/sources';
import { defaultStateDir } from '../../../../src/core/transfer/store';
import { startLocalServer, type LocalServer } from '../../../builders/localServer';

const BIG = randomBytes(2 * 1024 * 1024 + 11);
const SMALL = Buffer.from('labels\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('base64');
const BODIES: Record<string, Buffer> = { 'w/big.bin': BIG, 'labels.txt': SMALL };

/** Every entry under `dir`, hidden ones included, folders as `name/`. */
async function listing(dir: string): Promise<string[]> {
    const out: string[] = [];
    for (const entry of await readdir(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) {
            out.push(`${entry.name}/`, ...(await listing(path.join(dir, entry.name))).map((p) => `${entry.name}/${p}`));
        } else {
            out.push(entry.name);
        }
    }
    return out.sort();
}

/** A scripted files host: serves the two bodies with Range; `drip` makes the big one stall after its first bytes. */
describe('download bookkeeping kept out of the destination (unit)', async () => {
    let drip = false;
    let server: LocalServer;
    const root = await mkdtemp(path.join(os.tmpdir(), 'ngc-store-'));
    const stateDir = path.join(root, 'cache');
    const dispatcher = createDispatcher();
    const http = new HttpClient({ dispatcher });
    const client = new NgcClient({
        http,
        endpoints: { apiUrl: 'http://127.0.0.1:1', authUrl: 'http://127.0.0.1:1', registry: 'x', helmUrl: 'x' },
    });
    before(async () => {
        server = await startLocalServer((req, res) => {
            const body = BODIES[decodeURIComponent((req.url ?? '').replace(/^\/f\//, ''))];
            if (!body) {
                res.writeHead(404).end();
                return;
            }
            const m = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '');
            const start = m ? Number(m[1]) : 0;
            const end = m ? Number(m[2]) + 1 : body.length;
            res.writeHead(m ? 206 : 200, {
                'content-length': String(end - start),
                ...(m ? { 'content-range': `bytes ${start}-${end - 1}/${body.length}` } : {}),
            });
            if (drip && body === BIG) {
                res.write(body.subarray(start, start + 300_000)); // then nothing: the test cancels
                return;
            }
            res.end(body.subarray(start, end));
        });
    });
    after(async () => {
        await server.close();
        await dispatcher.close();
        await rm(root, { recursive: true, force: true });
    });

    const source: UrlSource = {
        locate: async (file) => ({ url: `${server.url}/f/${file.path}`, headers: {}, refreshable: true }),
        refresh: async (file) => ({ url: `${server.url}/f/${file.path}`, headers: {}, refreshable: true }),
    };
    const planIn = (name: string): DownloadPlan => ({
        kind: 'model',
        ref: { org: 'o', name: 'm' },
        version: '1.0',
        reference: 'o/m:1.0',
        destination: path.join(root, name, 'm_v1.0'),
        files: [
            { path: 'labels.txt', sizeInBytes: SMALL.length, source: { kind: 'api' } },
            { path: 'w/big.bin', sizeInBytes: BIG.length, sha256Base64: sha(BIG), source: { kind: 'api' } },
        ],
        totalBytes: SMALL.length + BIG.length,
        versionFileCount: 2,
        excludedFiles: 0,
        filesWithoutChecksum: 1,
    });
    const options = (extra: Partial<DownloadOptions> = {}): DownloadOptions => ({
        client,
        http,
        source,
        stateDir,
        retry: { baseDelayMs: 5, maxDelayMs: 20 },
        ...extra,
    });
    const fileGets = () => server.requests.filter((r) => r.url.startsWith('/f/'));
    const ARTIFACT = ['labels.txt', 'w/', 'w/big.bin'];

    it('Should leave exactly the artifact files in the destination after a download', async () => {
        const plan = planIn('clean');
        const result = await downloadPlan(plan, options());
        assert.equal(result.summary.failedFiles, 0);
        assert.deepEqual(await listing(plan.destination), ARTIFACT);
        assert.deepEqual(await readFile(path.join(plan.destination, 'w/big.bin')), BIG);
    });

    it('Should finish a rerun over a complete folder from the cached record without any file GET', async () => {
        const plan = planIn('rerun');
        await downloadPlan(plan, options());
        server.requests.length = 0;
        const again = await downloadPlan(plan, options());
        assert.equal(again.summary.skippedFiles, 2, 'the size-only file too: the record is in the cache');
        assert.equal(fileGets().length, 0);
        assert.deepEqual(await listing(plan.destination), ARTIFACT);
    });

    it('Should keep only hidden partial data in the destination after a cancel, then resume it with Range', async () => {
        const plan = planIn('cancel');
        const controller = new AbortController();
        drip = true;
        const run = downloadPlan(plan, options({ signal: controller.signal, concurrency: 1 }));
        const started = Date.now();
        while (!fileGets().some((r) => r.url.endsWith('big.bin')) && Date.now() - started < 5_000) {
            await new Promise((r) => setTimeout(r, 20));
        }
        await new Promise((r) => setTimeout(r, 300));
        controller.abort();
        await assert.rejects(run, CancelledError.is);
        drip = false;
        const left = await listing(plan.destination);
        assert.deepEqual(
            left.filter((p) => !p.startsWith('.ngc-staging/')),
            ['labels.txt'],
            `only the finished file beside the staging folder: ${left.join(', ')}`,
        );
        assert.equal(left.filter((p) => p.endsWith('.partial')).length, 1, 'the partial data, hidden');
        assert.ok(!left.some((p) => p.endsWith('.json')), 'no sidecar in the destination');
        server.requests.length = 0;
        const again = await downloadPlan(plan, options());
        const [resumed] = fileGets();
        const from = Number(/bytes=(\d+)-/.exec(String(resumed?.headers.range))?.[1]);
        assert.ok(from > 0 && from <= 300_000, `resumed from byte ${from}`);
        assert.equal(again.summary.downloadedBytes, BIG.length - from);
        assert.deepEqual(await listing(plan.destination), ARTIFACT);
    });

    it('Should take over the record an earlier release left in the destination and delete it there', async () => {
        const plan = planIn('legacy');
        await mkdir(path.join(plan.destination, 'w'), { recursive: true });
        await writeFile(path.join(plan.destination, 'labels.txt'), SMALL);
        await writeFile(path.join(plan.destination, 'w/big.bin'), BIG);
        const { mtimeMs } = await stat(path.join(plan.destination, 'labels.txt'));
        await writeFile(
            path.join(plan.destination, '.ngc-download.json'),
            JSON.stringify({
                v: 1,
                files: { 'labels.txt': { size: SMALL.length, mtimeMs, verifiedBy: 'size' } },
            }),
        );
        server.requests.length = 0;
        const result = await downloadPlan(plan, options());
        assert.equal(result.summary.skippedFiles, 2);
        assert.equal(fileGets().length, 0, 'the size-only file was known verified, the other checked by SHA-256');
        assert.deepEqual(await listing(plan.destination), ARTIFACT);
    });

    it('Should keep its state under XDG_CACHE_HOME when set, else under ~/.cache', () => {
        assert.equal(defaultStateDir({ XDG_CACHE_HOME: '/x/cache' }), path.join('/x/cache', 'ngc-explorer'));
        assert.equal(defaultStateDir({}), path.join(os.homedir(), '.cache', 'ngc-explorer'));
        assert.equal(
            defaultStateDir({ XDG_CACHE_HOME: 'relative' }),
            path.join(os.homedir(), '.cache', 'ngc-explorer'),
        );
    });
});
