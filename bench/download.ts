/**
 * Download benchmark, side by side in one run against the loopback simulator (`benchData: true`):
 *   (a) nvidia/bench-model 1.0 (37 files, ~1 GiB): our engine vs `aria2c -x8 -j8 -i urls.txt` vs sequential curl
 *   (b) nvidia/bench-single 1.0 (one 2 GiB file): our engine vs curl
 *   (c) peak RSS of our process during (b)
 *   (d) resume after a connection drop at 50 %: total bytes sent by the files host / file size
 * Every contender fetches the same presigned URLs (from listDownloadUrls); ours runs in a child process like the
 * others, so its RSS is its own and the simulator (in this process) serves everyone the same way.
 *
 *   npx tsx bench/download.ts [--rounds N] [--skip-aria2]
 *
 * Writes a table to stdout and JSON to bench/results/download-<time>.json.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createDispatcher } from '../src/core/http/agent';
import { HttpClient } from '../src/core/http/client';
import { listDownloadUrls, type DownloadUrl, type VersionedKind } from '../src/core/ngc/artifacts';
import { NgcClient } from '../src/core/ngc/client';
import { downloadPlan } from '../src/core/transfer/download';
import { planDownload } from '../src/core/transfer/plan';
import type { Simulator } from '../sim/server';

const execFileP = promisify(execFile);
const GiB = 1024 ** 3;

interface Measure {
    tool: string;
    seconds: number;
    bytes: number;
    /** MB/s (10^6 bytes per second). */
    mbps: number;
    maxRssMB?: number;
}

interface ChildResult {
    elapsedMs: number;
    bytes: number;
    downloadedBytes: number;
    maxRssKB: number;
}

/** The child side: one engine download, timed from planning to the last rename. */
async function child(config: {
    kind: VersionedKind;
    name: string;
    dest: string;
    api: string;
    singleStream?: boolean;
}): Promise<void> {
    const dispatcher = createDispatcher();
    const http = new HttpClient({ dispatcher });
    const endpoints = { apiUrl: config.api, authUrl: config.api, registry: '127.0.0.1:1', helmUrl: config.api };
    const client = new NgcClient({ http, endpoints });
    const started = performance.now();
    const plan = await planDownload(client, {
        kind: config.kind,
        ref: { org: 'nvidia', name: config.name },
        version: '1.0',
        dest: config.dest,
    });
    const result = await downloadPlan(plan, {
        client,
        ...(config.singleStream ? { parts: { rangeThreshold: Number.MAX_SAFE_INTEGER } } : {}),
    });
    const out: ChildResult = {
        elapsedMs: performance.now() - started,
        bytes: result.summary.bytes,
        downloadedBytes: result.summary.downloadedBytes,
        maxRssKB: process.resourceUsage().maxRSS,
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    await dispatcher.close();
}

/**
 * Bundles this file with esbuild (as the CLI ships: one CommonJS file run by plain node), so the child's RSS is the
 * engine's and not tsx's on-the-fly compiler (~40 MB more).
 */
async function bundleChild(work: string): Promise<string> {
    const outfile = path.join(work, 'engine-child.js');
    const { build } = await import('esbuild');
    await build({
        entryPoints: [__filename],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        outfile,
        logLevel: 'warning',
        // Only the parent needs these; the child never reaches the code that loads them.
        external: ['esbuild', '../sim/server'],
    });
    return outfile;
}

let childScript = '';

function runChild(config: object): Promise<ChildResult> {
    return new Promise((resolve, reject) => {
        const proc = spawn(process.execPath, [childScript, '--child', JSON.stringify(config)], {
            stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
        proc.on('error', reject);
        proc.on('close', (code) => {
            if (code !== 0) {
                reject(new Error(`engine child exited with ${code}`));
                return;
            }
            resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as ChildResult);
        });
    });
}

async function timed(work: () => Promise<unknown>): Promise<number> {
    const t = performance.now();
    await work();
    return (performance.now() - t) / 1000;
}

async function treeBytes(dir: string): Promise<number> {
    let total = 0;
    for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
        if (e.isFile()) {
            total += (await stat(path.join(e.parentPath, e.name))).size;
        }
    }
    return total;
}

function measure(tool: string, seconds: number, bytes: number, maxRssMB?: number): Measure {
    return { tool, seconds, bytes, mbps: bytes / seconds / 1e6, ...(maxRssMB === undefined ? {} : { maxRssMB }) };
}

async function ours(sim: Simulator, kind: VersionedKind, name: string, work: string): Promise<Measure> {
    const dest = path.join(work, 'ours');
    const r = await runChild({ kind, name, dest, api: sim.urls.api });
    await rm(dest, { recursive: true, force: true });
    return measure('ngc-explorer', r.elapsedMs / 1000, r.bytes, r.maxRssKB / 1024);
}

/** `aria2c -x8 -j8 -i urls.txt`; with `verify`, each entry also carries `checksum=sha-256=HEX` (what we check). */
async function aria2(urls: DownloadUrl[], work: string, expected: number, verify = false): Promise<Measure> {
    const dest = path.join(work, 'aria2');
    const list = path.join(work, 'urls.txt');
    const entry = (u: DownloadUrl) => {
        const sha =
            verify && u.sha256Base64
                ? `  checksum=sha-256=${Buffer.from(u.sha256Base64, 'base64').toString('hex')}\n`
                : '';
        return `${u.url}\n  out=${u.path}\n${sha}`;
    };
    await writeFile(list, urls.map(entry).join(''));
    const seconds = await timed(() =>
        execFileP('aria2c', [
            '-x8',
            '-j8',
            '-i',
            list,
            '-d',
            dest,
            '--console-log-level=warn',
            '--summary-interval=0',
            '--quiet=true',
        ]),
    );
    const bytes = await checkBytes(dest, expected, 'aria2c');
    return measure(verify ? 'aria2c -x8 -j8 + checksum' : 'aria2c -x8 -j8', seconds, bytes);
}

/** One curl process fetching the URLs one after another; with `verify`, `sha256sum` over the results after. */
async function curl(
    urls: DownloadUrl[],
    work: string,
    expected: number,
    label: string,
    verify = false,
): Promise<Measure> {
    const dest = path.join(work, 'curl');
    const args = ['-sS', '--fail', '--create-dirs'];
    for (const u of urls) {
        args.push('-o', path.join(dest, u.path), u.url);
    }
    const seconds = await timed(async () => {
        await execFileP('curl', args);
        if (verify) {
            await execFileP(
                'sha256sum',
                urls.map((u) => path.join(dest, u.path)),
            );
        }
    });
    const bytes = await checkBytes(dest, expected, 'curl');
    return measure(verify ? `${label} + sha256sum` : label, seconds, bytes);
}

async function checkBytes(dir: string, expected: number, tool: string): Promise<number> {
    const bytes = await treeBytes(dir);
    await rm(dir, { recursive: true, force: true });
    if (bytes !== expected) {
        throw new Error(`${tool} wrote ${bytes} bytes, expected ${expected}`);
    }
    return bytes;
}

function median(values: Measure[]): Measure {
    const sorted = [...values].sort((a, b) => a.mbps - b.mbps);
    return sorted[Math.floor(sorted.length / 2)] as Measure;
}

/** (d): single stream, connection dropped by the files host at 50 %, resumed with Range; bytes the host sent. */
async function resumeAfterDrop(
    sim: Simulator,
    work: string,
    size: number,
): Promise<{ sentBytes: number; ratio: number; requests: number }> {
    const half = Math.floor(size / 2);
    sim.clearRequests();
    sim.faults.add({ host: 'files', path: /single\.bin/, times: 1, fault: { kind: 'drop', afterBytes: half } });
    const dest = path.join(work, 'resume');
    await runChild({ kind: 'resource', name: 'bench-single', dest, api: sim.urls.api, singleStream: true });
    await rm(dest, { recursive: true, force: true });
    sim.faults.clear();
    const requests = sim.requests.filter((r) => r.host === 'files');
    // The dropped request sent exactly `half` bytes; each later one sent from its Range start to the end.
    const sentBytes = requests.reduce((sum, r, i) => {
        if (i === 0) {
            return sum + half;
        }
        const start = Number(/bytes=(\d+)-/.exec(r.headers.range ?? '')?.[1] ?? 0);
        return sum + (size - start);
    }, 0);
    return { sentBytes, ratio: sentBytes / size, requests: requests.length };
}

async function main(): Promise<void> {
    const argv = process.argv.slice(2);
    const rounds = Number(argv[argv.indexOf('--rounds') + 1] ?? 3) || 3;
    const hasAria2 =
        !argv.includes('--skip-aria2') &&
        (await execFileP('aria2c', ['--version']).then(
            () => true,
            () => false,
        ));
    if (!hasAria2) {
        console.error('aria2c not found (Debian: apt-get install aria2); (a) runs without it');
    }
    const { startSimulator } = await import('../sim/server.js');
    const sim = await startSimulator({ benchData: true, presignTtlSeconds: 3600 });
    const work = await mkdtemp(path.join(os.tmpdir(), 'ngc-bench-'));
    try {
        childScript = await bundleChild(work);
        const http = new HttpClient({ dispatcher: createDispatcher() });
        const client = new NgcClient({
            http,
            endpoints: {
                apiUrl: sim.urls.api,
                authUrl: sim.urls.auth,
                registry: sim.urls.registry,
                helmUrl: sim.urls.helm,
            },
        });
        console.error('listing URLs (the simulator hashes ~3 GiB once)...');
        const modelUrls = await listDownloadUrls(client, 'model', { org: 'nvidia', name: 'bench-model' }, '1.0');
        const singleUrls = await listDownloadUrls(client, 'resource', { org: 'nvidia', name: 'bench-single' }, '1.0');
        const modelBytes = await sizeOf(client, 'model', 'bench-model');
        const singleBytes = await sizeOf(client, 'resource', 'bench-single');

        const a: Measure[][] = [];
        const b: Measure[][] = [];
        for (let round = 1; round <= rounds; round++) {
            console.error(`round ${round}/${rounds}: (a) model`);
            const ra = [
                await ours(sim, 'model', 'bench-model', work),
                await curl(modelUrls, work, modelBytes, 'curl (sequential)'),
            ];
            if (hasAria2) {
                ra.push(await aria2(modelUrls, work, modelBytes), await aria2(modelUrls, work, modelBytes, true));
            }
            a.push(ra);
            console.error(`round ${round}/${rounds}: (b) single file`);
            b.push([
                await ours(sim, 'resource', 'bench-single', work),
                await curl(singleUrls, work, singleBytes, 'curl'),
                await curl(singleUrls, work, singleBytes, 'curl', true),
            ]);
        }
        console.error('(d) resume after a drop at 50 %');
        const d = await resumeAfterDrop(sim, work, singleBytes);

        const pick = (runs: Measure[][], tool: string) =>
            median(runs.map((r) => r.find((m) => m.tool === tool)).filter((m): m is Measure => m !== undefined));
        const aOurs = pick(a, 'ngc-explorer');
        const aCurl = pick(a, 'curl (sequential)');
        const aAria = hasAria2 ? pick(a, 'aria2c -x8 -j8') : undefined;
        const bOurs = pick(b, 'ngc-explorer');
        const bCurl = pick(b, 'curl');
        const bCurlSha = pick(b, 'curl + sha256sum');
        const aAriaSha = hasAria2 ? pick(a, 'aria2c -x8 -j8 + checksum') : undefined;
        const peakRss = Math.max(...b.map((r) => r[0]?.maxRssMB ?? 0));
        const rows: [string, string, string, string][] = [
            [
                '(a) model ~1 GiB, ngc-explorer',
                fmt(aOurs),
                aAria ? `${(aOurs.mbps / aAria.mbps).toFixed(2)}x aria2c (goal >= 1.0)` : 'aria2c missing',
                `${(aOurs.mbps / aCurl.mbps).toFixed(2)}x curl`,
            ],
            ...(aAria && aAriaSha
                ? [
                      ['(a) model ~1 GiB, aria2c -x8 -j8', fmt(aAria), '', ''] as [string, string, string, string],
                      [
                          '(a) model ~1 GiB, aria2c + sha-256 check',
                          fmt(aAriaSha),
                          `ours ${(aOurs.mbps / aAriaSha.mbps).toFixed(2)}x this`,
                          '',
                      ] as [string, string, string, string],
                  ]
                : []),
            ['(a) model ~1 GiB, curl sequential', fmt(aCurl), '', ''],
            [
                '(b) 2 GiB file, ngc-explorer',
                fmt(bOurs),
                `${(bOurs.mbps / bCurl.mbps).toFixed(2)}x curl (goal >= 0.95)`,
                '',
            ],
            ['(b) 2 GiB file, curl', fmt(bCurl), '', ''],
            [
                '(b) 2 GiB file, curl + sha256sum',
                fmt(bCurlSha),
                `ours ${(bOurs.mbps / bCurlSha.mbps).toFixed(2)}x this`,
                '',
            ],
            ['(c) peak RSS during (b)', `${peakRss.toFixed(0)} MB`, 'goal < 150 MB', ''],
            [
                '(d) resume after drop at 50 %',
                `${(d.sentBytes / GiB).toFixed(3)} GiB sent`,
                `${d.ratio.toFixed(3)}x file (goal <= 1.05)`,
                `${d.requests} requests`,
            ],
        ];
        const width = Math.max(...rows.map((r) => r[0].length));
        console.log(`\nmedian of ${rounds} round(s); ${os.cpus().length} CPUs; node ${process.version}\n`);
        for (const r of rows) {
            console.log(`${r[0].padEnd(width)}  ${r[1].padEnd(24)}  ${r[2].padEnd(34)}  ${r[3]}`);
        }
        const results = {
            date: new Date().toISOString(),
            rounds,
            cpus: os.cpus().length,
            node: process.version,
            a: {
                ours: aOurs,
                aria2c: aAria,
                aria2cWithChecksum: aAriaSha,
                curl: aCurl,
                ratioVsAria2c: aAria ? aOurs.mbps / aAria.mbps : undefined,
                all: a,
            },
            b: { ours: bOurs, curl: bCurl, curlThenSha256sum: bCurlSha, ratioVsCurl: bOurs.mbps / bCurl.mbps, all: b },
            c: { peakRssMB: peakRss },
            d,
        };
        const dir = path.join(__dirname, 'results');
        await mkdir(dir, { recursive: true });
        const file = path.join(dir, `download-${results.date.replace(/[:.]/g, '-')}.json`);
        await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
        console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
    } finally {
        await sim.close();
        await rm(work, { recursive: true, force: true });
    }
}

async function sizeOf(client: NgcClient, kind: VersionedKind, name: string): Promise<number> {
    const plan = await planDownload(client, { kind, ref: { org: 'nvidia', name }, version: '1.0', dest: os.tmpdir() });
    return plan.totalBytes;
}

function fmt(m: Measure): string {
    return `${m.mbps.toFixed(0)} MB/s (${m.seconds.toFixed(2)} s)`;
}

if (require.main === module) {
    const at = process.argv.indexOf('--child');
    const work = at >= 0 ? child(JSON.parse(process.argv[at + 1] ?? '{}')) : main();
    work.catch((error: unknown) => {
        console.error(error);
        process.exitCode = 1;
    });
}
