/**
 * Download benchmark over network shapes (sim/core/shape.ts): for each shape, one simulator whose files host is
 * shaped, and in every round each contender once, in a rotated order (interleaved, so load from other processes
 * falls on all of them alike):
 *   model:  nvidia/bench-model 1.0 (37 files, ~1 GiB; `--size small`: 34 of them, ~346 MiB):
 *           our engine · aria2c -x8 -s8 -j8 · aria2c -x1 -j20 (the NGC CLI's strategy) · curl one file at a time
 *   single: one file (2 GiB bench-single; `--size small`: bench-model's 256 MiB shard-0):
 *           our engine · aria2c -x8 -s8 -j8 · aria2c -x1 -j20 · curl | tee FILE | sha256sum (· plain curl on loopback)
 * plus, on loopback, a connection dropped at 50 % and resumed (bytes the files host sent / file size).
 * Ratios are ours / theirs per round (same load), reported as the median of the rounds and their min–max.
 *
 *   npx tsx bench/download.ts [--rounds N] [--size small|full] [--shapes loopback,cdn,far,lossy] [--skip-aria2]
 *                             [--variant CONNECTIONS[:PART_MIB]]...   (our engine with other settings, beside the defaults)
 *                             [--baseline ENGINE_CHILD.js]...         (our engine as bundled from another commit)
 *
 * Writes a table to stdout and JSON to bench/results/download-<time>.json.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createDispatcher } from '../src/core/http/agent';
import { HttpClient } from '../src/core/http/client';
import { listDownloadUrls, type VersionedKind } from '../src/core/ngc/artifacts';
import { NgcClient } from '../src/core/ngc/client';
import { planDownload } from '../src/core/transfer/plan';
import { isShapeName, SHAPES, type ShapeName } from '../sim/core/shape';
import type { Simulator } from '../sim/server';
import {
    aria2,
    baselineVariant,
    bundleChild,
    curlSequential,
    curlTee,
    ours,
    OURS,
    type BenchCase,
    type EngineVariant,
    type Measure,
} from './downloadTools';
import { resumeAfterDrop } from './downloadResume';

const execFileP = promisify(execFile);
const MiB = 1024 ** 2;

interface Args {
    rounds: number;
    size: 'small' | 'full';
    shapes: ShapeName[];
    aria2: boolean;
    /** `--baseline FILE` and `--variant CONNECTIONS[:PART_MIB]` (repeatable): other engines beside the defaults. */
    variants: EngineVariant[];
}

function parseArgs(argv: string[]): Args {
    const value = (flag: string): string | undefined => {
        const at = argv.indexOf(flag);
        return at >= 0 ? argv[at + 1] : undefined;
    };
    const shapes = (value('--shapes') ?? 'loopback,cdn,far,lossy').split(',');
    const unknown = shapes.filter((s) => !isShapeName(s));
    if (unknown.length > 0) {
        throw new Error(`unknown shape(s): ${unknown.join(', ')}`);
    }
    return {
        rounds: Number(value('--rounds') ?? 3) || 3,
        size: value('--size') === 'small' ? 'small' : 'full',
        shapes: shapes.filter(isShapeName),
        aria2: !argv.includes('--skip-aria2'),
        variants: [
            ...argv.flatMap((a, i) => (a === '--baseline' ? [baselineVariant(argv[i + 1] ?? '')] : [])),
            ...argv.flatMap((a, i) => (a === '--variant' ? [parseVariant(argv[i + 1] ?? '')] : [])),
        ],
    };
}

function parseVariant(text: string): EngineVariant {
    const [connections = '', partMiB] = text.split(':');
    const concurrency = Number(connections);
    if (!Number.isInteger(concurrency) || concurrency < 1) {
        throw new Error(`--variant needs CONNECTIONS[:PART_MIB], got ${text}`);
    }
    return { concurrency, ...(partMiB ? { partSize: Number(partMiB) * MiB } : {}) };
}

/** The two cases for a size, with the presigned URLs of exactly their files and their size from the plan. */
export async function benchCases(sim: Simulator, size: Args['size']): Promise<BenchCase[]> {
    const http = new HttpClient({ dispatcher: createDispatcher() });
    const endpoints = {
        apiUrl: sim.urls.api,
        authUrl: sim.urls.auth,
        registry: sim.urls.registry,
        helmUrl: sim.urls.helm,
    };
    const client = new NgcClient({ http, endpoints });
    const make = async (label: string, kind: VersionedKind, name: string, include?: string[]): Promise<BenchCase> => {
        const ref = { org: 'nvidia', name };
        const plan = await planDownload(client, {
            kind,
            ref,
            version: '1.0',
            dest: os.tmpdir(),
            ...(include ? { include } : {}),
        });
        const wanted = new Set(plan.files.map((f) => f.path));
        const urls = (await listDownloadUrls(client, kind, ref, '1.0')).filter((u) => wanted.has(u.path));
        return { label, kind, name, urls, bytes: plan.totalBytes, ...(include ? { include } : {}) };
    };
    if (size === 'small') {
        return [
            await make('model', 'model', 'bench-model', ['chunks/*', 'weights/shard-3.bin']),
            await make('single', 'model', 'bench-model', ['weights/shard-0.bin']),
        ];
    }
    return [await make('model', 'model', 'bench-model'), await make('single', 'resource', 'bench-single')];
}

type Contender = (c: BenchCase) => Promise<Measure>;

function contenders(c: BenchCase, shape: ShapeName, sim: Simulator, work: string, args: Args): Contender[] {
    const list: Contender[] = [(x) => ours(x, sim.urls.api, work)];
    for (const variant of args.variants) {
        list.push((x) => ours(x, sim.urls.api, work, variant));
    }
    if (args.aria2) {
        list.push(
            (x) => aria2(x, work, 'best'),
            (x) => aria2(x, work, 'ngc'),
        );
    }
    if (c.label === 'model') {
        list.push((x) => curlSequential(x, work));
    } else {
        list.push((x) => curlTee(x, work));
        if (shape === 'loopback') {
            list.push(async (x) => ({ ...(await curlSequential(x, work)), tool: 'curl' }));
        }
    }
    return list;
}

interface Row {
    shape: ShapeName;
    case: string;
    bytes: number;
    tool: string;
    runs: Measure[];
    medianMbps: number;
    minMbps: number;
    maxMbps: number;
    failures: number;
    /** ours / this tool, per round (rounds where both finished). */
    ratios: number[];
}

const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length === 0
        ? NaN
        : s.length % 2
          ? (s[(s.length - 1) / 2] as number)
          : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

function rows(shape: ShapeName, c: BenchCase, rounds: Measure[][]): Row[] {
    const tools = [...new Set(rounds.flat().map((m) => m.tool))];
    return tools.map((tool) => {
        const runs = rounds.map((r) => r.find((m) => m.tool === tool)).filter((m): m is Measure => m !== undefined);
        const ok = runs.filter((m) => m.error === undefined).map((m) => m.mbps);
        const ratios = rounds.flatMap((r) => {
            const mine = r.find((m) => m.tool === OURS);
            const theirs = r.find((m) => m.tool === tool);
            return mine?.error === undefined && theirs?.error === undefined && mine && theirs
                ? [mine.mbps / theirs.mbps]
                : [];
        });
        return {
            shape,
            case: c.label,
            bytes: c.bytes,
            tool,
            runs,
            medianMbps: median(ok),
            minMbps: Math.min(...ok),
            maxMbps: Math.max(...ok),
            failures: runs.length - ok.length,
            ratios,
        };
    });
}

async function benchShape(shape: ShapeName, args: Args, work: string): Promise<{ rows: Row[]; resume?: object }> {
    const { startSimulator } = await import('../sim/server.js');
    const sim = await startSimulator({ benchData: true, presignTtlSeconds: 7200, shape });
    try {
        console.error(`[${shape}] listing URLs (the simulator hashes the bench files once)...`);
        const cases = await benchCases(sim, args.size);
        const out: Row[] = [];
        for (const c of cases) {
            const list = contenders(c, shape, sim, work, args);
            const rounds: Measure[][] = [];
            for (let round = 0; round < args.rounds; round++) {
                const order = list.map((_, i) => list[(i + round) % list.length] as Contender);
                const results: Measure[] = [];
                for (const run of order) {
                    const m = await run(c);
                    console.error(
                        `[${shape}] ${c.label} round ${round + 1}: ${m.tool} ${m.error ? `FAILED ${m.error}` : `${m.mbps.toFixed(1)} MB/s`}`,
                    );
                    results.push(m);
                }
                rounds.push(results);
            }
            out.push(...rows(shape, c, rounds));
        }
        const single = cases.find((c) => c.label === 'single');
        const resume = shape === 'loopback' && single ? await resumeAfterDrop(sim, single, work) : undefined;
        return resume ? { rows: out, resume } : { rows: out };
    } finally {
        await sim.close();
    }
}

function describeShape(shape: ShapeName): string {
    const s = SHAPES[shape];
    if (s === undefined) {
        return 'loopback (unshaped)';
    }
    const parts = [`${s.rttMs} ms RTT`];
    if (s.connectionBytesPerSecond) parts.push(`${s.connectionBytesPerSecond / 1e6} MB/s per connection`);
    if (s.linkBytesPerSecond) parts.push(`${s.linkBytesPerSecond / 1e6} MB/s link`);
    if (s.stalls) parts.push('stalls');
    if (s.resets) parts.push('resets');
    return `${shape} (${parts.join(', ')})`;
}

function print(all: Row[], args: Args): void {
    const fmt = (x: number): string => (Number.isFinite(x) ? x.toFixed(x < 10 ? 2 : 0) : '-');
    console.log(
        `\n${args.rounds} round(s), size ${args.size}; ${os.cpus().length} CPUs; node ${process.version}; load ${os
            .loadavg()
            .map((l) => l.toFixed(1))
            .join(' ')}`,
    );
    for (const shape of args.shapes) {
        console.log(`\n${describeShape(shape)}`);
        for (const r of all.filter((x) => x.shape === shape)) {
            const ratio =
                r.tool === OURS
                    ? ''
                    : r.ratios.length
                      ? `ours ${fmt(median(r.ratios))}x (${fmt(Math.min(...r.ratios))}-${fmt(Math.max(...r.ratios))})`
                      : 'no ratio';
            const failed = r.failures ? ` ${r.failures} failed` : '';
            const ok = r.runs.filter((m) => m.error === undefined);
            const cpu = `cpu ${fmt(median(ok.map((m) => m.cpuSeconds ?? NaN)))} s + sim ${fmt(median(ok.map((m) => m.serverCpuSeconds ?? NaN)))} s`;
            console.log(
                `  ${`${r.case} ${(r.bytes / MiB).toFixed(0)} MiB`.padEnd(16)} ${r.tool.padEnd(28)} ${`${fmt(r.medianMbps)} MB/s (${fmt(r.minMbps)}-${fmt(r.maxMbps)})`.padEnd(24)} ${cpu.padEnd(24)} ${ratio}${failed}`,
            );
        }
    }
    const rss = Math.max(...all.filter((r) => r.tool === OURS).flatMap((r) => r.runs.map((m) => m.maxRssMB ?? 0)));
    console.log(`\npeak RSS of our engine over every run: ${rss.toFixed(0)} MB`);
}

async function main(): Promise<void> {
    const args = parseArgs(process.argv.slice(2));
    if (args.aria2) {
        args.aria2 = await execFileP('aria2c', ['--version']).then(
            () => true,
            () => false,
        );
        if (!args.aria2) {
            console.error('aria2c not found (Debian: apt-get install aria2); running without it');
        }
    }
    const work = await mkdtemp(path.join(os.tmpdir(), 'ngc-bench-'));
    const started = new Date();
    try {
        await bundleChild(work);
        const all: Row[] = [];
        const resume: object[] = [];
        for (const shape of args.shapes) {
            const r = await benchShape(shape, args, work);
            all.push(...r.rows);
            if (r.resume) resume.push(r.resume);
        }
        print(all, args);
        if (resume.length) console.log(`resume after a drop at 50 % (loopback): ${JSON.stringify(resume[0])}`);
        const results = {
            date: started.toISOString(),
            minutes: (Date.now() - started.getTime()) / 60000,
            args,
            cpus: os.cpus().length,
            node: process.version,
            loadavg: os.loadavg(),
            rows: all,
            resume,
        };
        const dir = path.join(__dirname, 'results');
        await mkdir(dir, { recursive: true });
        const file = path.join(dir, `download-${results.date.replace(/[:.]/g, '-')}.json`);
        await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
        console.log(`wrote ${path.relative(process.cwd(), file)} (${results.minutes.toFixed(1)} min)`);
    } finally {
        await rm(work, { recursive: true, force: true });
    }
}

if (require.main === module) {
    main().catch((error: unknown) => {
        console.error(error);
        process.exitCode = 1;
    });
}
