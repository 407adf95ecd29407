/**
 * The contenders of `bench/download.ts`, each timed as a whole process over the same presigned URLs: our engine (a
 * child bundled with esbuild and run by plain node, as the CLI ships, so its RSS is its own), aria2c at its best
 * settings and with the NGC CLI's strategy, curl one file at a time, and `curl | tee FILE | sha256sum`. A contender
 * that fails (a reset it cannot recover from) is recorded as failed with its error, not dropped.
 */
import { execFile } from 'node:child_process';
import { readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { createDispatcher } from '../src/core/http/agent';
import { bundleBenchChild, childResult } from './childBundle';
import { HttpClient } from '../src/core/http/client';
import type { DownloadUrl, VersionedKind } from '../src/core/ngc/artifacts';
import { NgcClient } from '../src/core/ngc/client';
import { downloadPlan } from '../src/core/transfer/download';
import type { TransferEvent } from '../src/core/transfer/events';
import { planDownload } from '../src/core/transfer/plan';
import { nullLog } from '../src/core/lib/log';

const execFileP = promisify(execFile);

export interface Measure {
    tool: string;
    /** Wall seconds; undefined when the run failed. */
    seconds?: number;
    bytes: number;
    /** MB/s (10^6 bytes per second); 0 when failed. */
    mbps: number;
    maxRssMB?: number;
    /** User + system CPU seconds of the contender's processes (`/usr/bin/time`), and of the simulator serving it. */
    cpuSeconds?: number;
    serverCpuSeconds?: number;
    error?: string;
}

interface Timed {
    stdout: string;
    cpuSeconds: number;
    maxRssMB: number;
}

/** Runs `command` under `/usr/bin/time` (its rusage covers the children it waited for, e.g. a shell pipeline). */
async function timedExec(command: string, args: string[]): Promise<Timed> {
    const { stdout, stderr } = await execFileP('/usr/bin/time', ['-f', 'BENCHTIME %U %S %M', command, ...args], {
        maxBuffer: 16 * 1024 * 1024,
    });
    const line = stderr.split('\n').find((l) => l.startsWith('BENCHTIME '));
    for (const note of stderr.split('\n').filter((l) => l.startsWith('PROBE '))) {
        console.error(note); // a diagnostic a child was asked for (e.g. a --require'd memory sampler)
    }
    const [user = 0, system = 0, rss = 0] = (line ?? '').split(' ').slice(1).map(Number);
    return { stdout, cpuSeconds: user + system, maxRssMB: rss / 1024 };
}

/** What one case downloads: an artifact, optionally filtered, and the presigned URLs of exactly those files. */
export interface BenchCase {
    label: string;
    kind: VersionedKind;
    name: string;
    include?: string[];
    urls: DownloadUrl[];
    bytes: number;
}

interface ChildConfig {
    kind: VersionedKind;
    name: string;
    include?: string[];
    dest: string;
    stateDir: string;
    api: string;
    concurrency?: number;
    /** One connection per file, no ranges. */
    singleStream?: boolean;
    /** Ranged part size (bytes) instead of the engine's default. */
    partSize?: number;
}

interface ChildResult {
    elapsedMs: number;
    bytes: number;
    maxRssKB: number;
}

/** The child side: one engine download, timed from planning to the last rename. */
export async function child(config: ChildConfig): Promise<void> {
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
        ...(config.include ? { include: config.include } : {}),
    });
    // NGC_BENCH_TRACE=1: the engine's debug log and the bytes on disk every 250 ms, to stderr (shown by the bench).
    const trace = process.env.NGC_BENCH_TRACE === '1';
    const note = (m: string) =>
        process.stderr.write(`PROBE ${((performance.now() - started) / 1000).toFixed(2)} ${m}\n`);
    let onDisk = 0;
    const ticker = trace ? setInterval(() => note(`${(onDisk / 1e6).toFixed(0)} MB`), 250) : undefined;
    const result = await downloadPlan(plan, {
        client,
        ...(trace
            ? {
                  log: { ...nullLog, debug: note },
                  onProgress: (e: TransferEvent) => {
                      if (e.type === 'bytes') onDisk = e.bytesDone;
                  },
              }
            : {}),
        stateDir: config.stateDir,
        ...(config.concurrency ? { concurrency: config.concurrency } : {}),
        ...(config.singleStream ? { parts: { rangeThreshold: Number.MAX_SAFE_INTEGER } } : {}),
        ...(config.partSize ? { parts: { partSize: config.partSize, rangeThreshold: 2 * config.partSize } } : {}),
    });
    if (result.files.some((f) => f.status !== 'downloaded')) {
        throw new Error(
            `not every file downloaded: ${JSON.stringify(result.files.filter((f) => f.status !== 'downloaded'))}`,
        );
    }
    clearInterval(ticker);
    const out: ChildResult = {
        elapsedMs: performance.now() - started,
        bytes: result.summary.bytes,
        maxRssKB: process.resourceUsage().maxRSS,
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    await dispatcher.close();
}

let childScript = '';

/** Bundles this file for the engine child (see childBundle.ts). */
export async function bundleChild(work: string): Promise<void> {
    childScript = await bundleBenchChild(__filename, work, 'engine-child');
}

async function runChild(config: ChildConfig, script = childScript): Promise<ChildResult & { cpuSeconds: number }> {
    try {
        // NGC_BENCH_NODE_FLAGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`): node flags for the engine child only.
        const flags = (process.env.NGC_BENCH_NODE_FLAGS ?? '').split(' ').filter((f) => f !== '');
        const t = await timedExec(process.execPath, [...flags, script, '--child', JSON.stringify(config)]);
        const result = childResult<ChildResult>(t.stdout);
        return { ...result, cpuSeconds: t.cpuSeconds };
    } catch (error) {
        const stderr = (error as { stderr?: string }).stderr ?? String(error);
        throw new Error(`engine child failed: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
    }
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

/** Times `work`, checks the bytes it left in `dir`, removes them; a failure becomes a failed measure. */
async function attempt(
    tool: string,
    c: BenchCase,
    dir: string,
    work: () => Promise<{ cpuSeconds: number; maxRssMB?: number }>,
): Promise<Measure> {
    const started = performance.now();
    const server = process.cpuUsage();
    try {
        const usage = await work();
        const seconds = (performance.now() - started) / 1000;
        const serverUsage = process.cpuUsage(server);
        const serverCpuSeconds = (serverUsage.user + serverUsage.system) / 1e6;
        const bytes = await treeBytes(dir).catch(() => 0);
        if (bytes !== c.bytes) {
            throw new Error(`wrote ${bytes} bytes, expected ${c.bytes}`);
        }
        const { cpuSeconds, maxRssMB } = usage;
        return { tool, seconds, bytes, mbps: bytes / seconds / 1e6, cpuSeconds, maxRssMB, serverCpuSeconds };
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { tool, bytes: 0, mbps: 0, error: message.split('\n')[0]?.slice(0, 200) ?? message };
    } finally {
        await rm(dir, { recursive: true, force: true });
    }
}

export const OURS = 'ngc-explorer';
export const ARIA2_BEST = 'aria2c -x8 -s8 -j8';
export const ARIA2_NGC = 'aria2c -x1 -j20 (NGC CLI)';
export const CURL_SEQ = 'curl, one file at a time';
export const CURL_TEE = 'curl | tee | sha256sum';

/** Our engine on one stream per file (no ranges), for the resume check; throws if it fails. */
export async function oursSingleStream(c: BenchCase, api: string, work: string): Promise<void> {
    const dest = path.join(work, 'resume');
    const stateDir = path.join(work, 'resume-state');
    const include = c.include ? { include: c.include } : {};
    await runChild({ kind: c.kind, name: c.name, dest, stateDir, api, singleStream: true, ...include });
    await rm(dest, { recursive: true, force: true });
    await rm(stateDir, { recursive: true, force: true });
}

/** A variant of our engine's settings, benchmarked beside the defaults. */
export interface EngineVariant {
    concurrency?: number;
    partSize?: number;
    /**
     * An engine child bundled from another commit (`--baseline`, see {@link baselineVariant}): the before of a
     * before/after, run in the same rounds. Its `--child` config must be this file's {@link ChildConfig}.
     */
    script?: string;
}

export function variantName(v: EngineVariant): string {
    const parts = [
        v.script ? `baseline ${path.basename(v.script, '.js')}` : '',
        v.concurrency ? `${v.concurrency} conn` : '',
        v.partSize ? `${v.partSize / 1024 ** 2} MiB parts` : '',
    ];
    return `${OURS} (${parts.filter((p) => p !== '').join(', ')})`;
}

/**
 * `--baseline FILE`: an engine child bundled from an earlier commit, e.g. for commit X
 *   git archive X | tar -x -C /tmp/base && ln -s "$PWD/node_modules" /tmp/base/ && cd /tmp/base &&
 *   npx tsx -e "require('./bench/childBundle.ts').bundleBenchChild('bench/downloadTools.ts', '/tmp/base', 'engine-X')"
 */
export function baselineVariant(file: string): EngineVariant {
    return { script: path.resolve(file) };
}

export function ours(c: BenchCase, api: string, work: string, variant: EngineVariant = {}): Promise<Measure> {
    const dest = path.join(work, 'ours');
    const stateDir = path.join(work, 'ours-state');
    const { concurrency, partSize, script } = variant;
    const tool = concurrency || partSize || script ? variantName(variant) : OURS;
    return attempt(tool, c, dest, async () => {
        const r = await runChild(
            {
                kind: c.kind,
                name: c.name,
                dest,
                stateDir,
                api,
                ...(c.include ? { include: c.include } : {}),
                ...(concurrency ? { concurrency } : {}),
                ...(partSize ? { partSize } : {}),
            },
            script,
        );
        await rm(stateDir, { recursive: true, force: true });
        return { cpuSeconds: r.cpuSeconds, maxRssMB: r.maxRssKB / 1024 };
    });
}

/** aria2c over a URL list (`out=` keeps each file's relative path). */
export async function aria2(c: BenchCase, work: string, strategy: 'best' | 'ngc'): Promise<Measure> {
    const dest = path.join(work, 'aria2');
    const list = path.join(work, 'urls.txt');
    await writeFile(list, c.urls.map((u) => `${u.url}\n  out=${u.path}\n`).join(''));
    const split = strategy === 'best' ? ['-x8', '-s8', '-j8'] : ['-x1', '-s1', '-j20'];
    const args = [...split, '-i', list, '-d', dest, '--file-allocation=none', '--quiet=true', '--max-tries=10'];
    return attempt(strategy === 'best' ? ARIA2_BEST : ARIA2_NGC, c, dest, () => timedExec('aria2c', args));
}

/** One curl process fetching the URLs one after another; retries resume with `-C -` (a reset is not fatal). */
export function curlSequential(c: BenchCase, work: string): Promise<Measure> {
    const dest = path.join(work, 'curl');
    const retry = ['--retry', '10', '--retry-all-errors', '--retry-delay', '1', '--retry-max-time', '300'];
    const args = ['-sS', '--fail', '--create-dirs', ...retry];
    for (const u of c.urls) {
        args.push('-C', '-', '-o', path.join(dest, u.path), u.url);
    }
    return attempt(CURL_SEQ, c, dest, () => timedExec('curl', args));
}

/**
 * `curl URL | tee FILE | sha256sum` for a single file, and the digest compared: download and verify in one pass.
 * No `--retry`: a pipe cannot resume, and curl retrying into it appends a second copy (the digest then fails).
 */
export function curlTee(c: BenchCase, work: string): Promise<Measure> {
    const [u] = c.urls;
    const dest = path.join(work, 'tee');
    if (u === undefined || c.urls.length !== 1) {
        throw new Error('curl | tee | sha256sum is for a single file');
    }
    const file = path.join(dest, path.basename(u.path));
    const script = `set -o pipefail; mkdir -p "$2"; curl -sS --fail "$1" | tee "$3" | sha256sum`;
    return attempt(CURL_TEE, c, dest, async () => {
        const t = await timedExec('bash', ['-c', script, 'bench', u.url, dest, file]);
        const want = Buffer.from(u.sha256Base64 ?? '', 'base64').toString('hex');
        if (t.stdout.split(' ')[0] !== want) {
            throw new Error(`sha256sum ${t.stdout.split(' ')[0]} != listed ${want}`);
        }
        return t;
    });
}

if (require.main === module) {
    const at = process.argv.indexOf('--child');
    child(JSON.parse(process.argv[at + 1] ?? '{}') as ChildConfig).catch((error: unknown) => {
        console.error(error);
        process.exitCode = 1;
    });
}
