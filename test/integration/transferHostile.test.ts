/**
 * (integration) The transfer engine against a hostile NGC stand-in of our own (a scripted loopback server, not the
 * simulator): planted symbolic links in the destination, impossible file sizes, a files host that drips or says
 * nothing, and local file-system failures that must not be reported as network trouble.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Agent } from 'undici';
import { HttpClient } from '../../src/core/http/client';
import { HttpError } from '../../src/core/http/errors';
import { NgcClient } from '../../src/core/ngc/client';
import { downloadPlan, type DownloadOptions } from '../../src/core/transfer/download';
import { LocalFileError, TransferError } from '../../src/core/transfer/errors';
import { nodeIo, type TransferIo } from '../../src/core/transfer/io';
import { planDownload } from '../../src/core/transfer/plan';
import { TransferStore } from '../../src/core/transfer/store';
import { aFileObject, aPaginationInfo, aVersionObject } from '../builders/ngcResponses';
import { sendJson, startLocalServer, type LocalServer } from '../builders/localServer';

const BODY = Buffer.from('weights '.repeat(1000));

/** How the files host answers: the whole body, a byte every 50 ms, or headers never. */
type FilesMode = 'serve' | 'drip' | 'silent';

let server: LocalServer;
let files: Record<string, unknown>[] = [];
let mode: FilesMode = 'serve';
let root: string;
let dest: string;
let stateDir: string;
let n = 0;
const timers = new Set<ReturnType<typeof setInterval>>();
const dispatcher = new Agent({ keepAliveTimeout: 10 });

function drip(res: ServerResponse): void {
    res.writeHead(200, { 'content-length': String(BODY.length) });
    let i = 0;
    const timer = setInterval(() => {
        if (res.destroyed || i >= BODY.length) {
            clearInterval(timer);
            timers.delete(timer);
            return;
        }
        res.write(BODY.subarray(i, i + 1));
        i += 1;
    }, 50);
    timers.add(timer);
}

const client = () =>
    new NgcClient({
        http: new HttpClient({ dispatcher, retry: { attempts: 1 } }),
        endpoints: { apiUrl: server.url, authUrl: server.url, registry: '127.0.0.1:1', helmUrl: server.url },
    });
const plan = () => planDownload(client(), { kind: 'model', ref: { org: 'o', name: 'm' }, version: '1.0', dest });
const download = async (extra: Partial<DownloadOptions> = {}) =>
    downloadPlan(await plan(), { client: client(), stateDir, retry: { baseDelayMs: 5, maxDelayMs: 10 }, ...extra });
const fileGets = () => server.requests.filter((r) => r.url.startsWith('/data/'));

void describe('(integration) transfer engine against a hostile server', () => {
    before(async () => {
        root = await mkdtemp(path.join(os.tmpdir(), 'ngc-hostile-'));
        server = await startLocalServer((req, res) => {
            const url = req.url ?? '';
            if (url.startsWith('/data/')) {
                if (mode === 'silent') {
                    return; // accepts, then never answers
                }
                if (mode === 'drip') {
                    drip(res);
                    return;
                }
                res.writeHead(200, { 'content-length': String(BODY.length) }).end(BODY);
                return;
            }
            const wanted = /[?&]path=([^&]+)/.exec(url)?.[1];
            if (wanted) {
                sendJson(res, 200, { urls: [`${server.url}/data/${wanted}`] });
            } else if (/\/versions\/1\.0\/files\?/.test(url)) {
                sendJson(res, 200, { modelFiles: files, paginationInfo: aPaginationInfo(0, 100, 1, files.length) });
            } else if (/\/versions\/1\.0$/.test(url)) {
                sendJson(res, 200, { modelVersion: aVersionObject({ versionId: '1.0' }) });
            } else {
                sendJson(res, 404, {});
            }
        });
    });
    beforeEach(() => {
        mode = 'serve';
        files = [aFileObject('a.bin', BODY.length)];
        dest = path.join(root, `run-${++n}`);
        stateDir = path.join(root, `state-${n}`);
        server.requests.length = 0;
    });
    after(async () => {
        for (const t of timers) {
            clearInterval(t);
        }
        await server.close();
        await dispatcher.close();
        await rm(root, { recursive: true, force: true });
    });

    void it('Should refuse a planted sub -> ../outside link inside the destination, name it, and write nothing', async () => {
        files = [aFileObject('a.bin', BODY.length), aFileObject('sub/evil.bin', BODY.length)];
        const outside = path.join(root, `outside-${n}`);
        await mkdir(outside, { recursive: true });
        await mkdir(path.join(dest, 'm_v1.0'), { recursive: true });
        await symlink(outside, path.join(dest, 'm_v1.0', 'sub'));
        await assert.rejects(
            download(),
            (e: unknown) =>
                LocalFileError.is(e) &&
                e.reason === 'destination' &&
                e.message.includes(path.join(dest, 'm_v1.0', 'sub')) &&
                /symbolic link/.test(e.message),
        );
        assert.deepEqual(await readdir(outside), [], 'nothing written outside');
        assert.deepEqual(await readdir(path.join(dest, 'm_v1.0')), ['sub'], 'nothing written inside either');
        assert.equal(fileGets().length, 0);
    });

    void it('Should refuse a partial planted as a link to a victim file, even with a sidecar claiming progress', async () => {
        const victim = path.join(root, `victim-${n}.txt`);
        await writeFile(victim, 'precious');
        const p = await plan();
        const [planned] = p.files;
        assert.ok(planned);
        const slot = (await TransferStore.open(nodeIo, p, stateDir)).slot(planned);
        await mkdir(path.dirname(slot.partialPath), { recursive: true });
        await symlink(victim, slot.partialPath);
        const half = Math.floor(BODY.length / 2);
        await writeFile(
            slot.statePath,
            JSON.stringify({ v: 1, size: BODY.length, parts: [{ start: 0, end: BODY.length, done: half }] }),
        );
        await assert.rejects(download(), (e: unknown) => LocalFileError.is(e) && e.message.includes(slot.partialPath));
        assert.equal(await readFile(victim, 'utf8'), 'precious');
        assert.equal(fileGets().length, 0);
    });

    for (const [size, why] of [
        [-1, /cannot be negative/],
        [1.5, /whole number/],
        [2 ** 60, /not believable/],
        ['-10', /number of bytes/],
    ] as const) {
        void it(`Should reject the listed size ${size} with a clear error before creating anything`, async () => {
            files = [{ path: 'a.bin', sizeInBytes: size }];
            await assert.rejects(
                download(),
                (e: unknown) => HttpError.is(e, 'format') && /sizeInBytes/.test(e.message) && why.test(e.message),
            );
            assert.equal(existsSync(dest), false);
        });
    }

    void it('Should never preallocate a partial larger than the free space left when the file starts', async () => {
        let calls = 0;
        // Room at the preflight, then the disk fills up before the file is opened.
        const shrinking: TransferIo = { ...nodeIo, freeBytes: async () => (++calls === 1 ? 2 ** 40 : 100) };
        await assert.rejects(download({ io: shrinking }), (e: unknown) => TransferError.is(e, 'disk-space'));
        assert.ok(calls >= 2);
        assert.deepEqual(await readdir(path.join(dest, 'm_v1.0')), [], 'no partial, no staging folder left');
    });

    void it(
        'Should retry a dripping files host under the stall rule, then fail clearly',
        { timeout: 15_000 },
        async () => {
            mode = 'drip';
            const started = Date.now();
            await assert.rejects(
                download({ stall: { windowMs: 300, minBytes: 1_000 }, retry: { attempts: 2, baseDelayMs: 5 } }),
                (e: unknown) => TransferError.is(e, 'incomplete') && /stalled/.test(e.message),
            );
            assert.equal(fileGets().length, 2, 'one retry, then the failure');
            assert.ok(Date.now() - started < 5_000, `gave up after ${Date.now() - started} ms`);
        },
    );

    void it(
        'Should apply the stall rule to a files host that never sends its headers',
        { timeout: 15_000 },
        async () => {
            mode = 'silent';
            await assert.rejects(
                download({ stall: { windowMs: 300, minBytes: 1 }, retry: { attempts: 2, baseDelayMs: 5 } }),
                (e: unknown) => TransferError.is(e, 'incomplete') && /stalled/.test(e.message),
            );
            assert.equal(fileGets().length, 2);
        },
    );

    void it('Should type a file name too long for the disk as a local error (ENAMETOOLONG), not a network one', async () => {
        files = [aFileObject(`${'n'.repeat(300)}.bin`, BODY.length)];
        await assert.rejects(
            download(),
            (e: unknown) =>
                LocalFileError.is(e) &&
                e.reason === 'local-file' &&
                e.code === 'ENAMETOOLONG' &&
                /too long/.test(e.message),
        );
        assert.equal(fileGets().length, 0);
    });

    for (const code of ['EACCES', 'ELOOP', 'ENOSPC']) {
        void it(`Should type ${code} while opening a partial as a local error that stops the run`, async () => {
            const failing: TransferIo = {
                ...nodeIo,
                openReadWrite: async (file) => {
                    throw Object.assign(new Error(`${code}: open '${file}'`), { code, syscall: 'open', path: file });
                },
            };
            await assert.rejects(
                download({ io: failing }),
                (e: unknown) => LocalFileError.is(e) && e.code === code && !TransferError.is(e, 'incomplete'),
            );
            assert.equal(fileGets().length, 0);
        });
    }
});
