/**
 * Benchmark: the cost of activating the extension, and the bundle sizes.
 *   npx tsx bench/activation.ts [--runs N] [--no-build] [--dist DIR]...    # several --dist: interleaved before/after
 * Builds (`node esbuild.mjs`, as `npm run package` ships it) unless --no-build, then N times in a fresh `node` child:
 * installs a minimal fake `vscode` through a Module._load hook (only in that child), `require`s dist/extension.js
 * and calls `activate()` with a fake ExtensionContext. Reports median and p90 of: require, activate() (what VS Code's
 * "activation time" counts), and activate() plus the microtasks it queued (work that still blocks the extension
 * host before it can answer anything else). Goal: require + activate < 50 ms. A separate esbuild build with a
 * metafile splits the bundle into what runs at load (reachable from the entry through static imports) and what
 * loads lazily (behind `import()`), by package, so anything heavy on the eager side is named.
 * Writes bench/results/activation-<time>.json.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { FAKE_VSCODE, childScript } from './activationChild';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..');
const GOAL_MS = 50;

interface Sample {
    requireMs: number;
    activateMs: number;
    settledMs: number;
    cpuMs: number;
    commands: number;
    heapMb: number;
    undiciLoaded: boolean;
}

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            runs: { type: 'string', default: '20' },
            'no-build': { type: 'boolean', default: false },
            dist: { type: 'string', multiple: true },
        },
    });
    const runs = Math.max(3, Number(values.runs));
    // --dist measures another build of the bundle (e.g. an experiment); it implies --no-build. Given several times
    // (before/after a change), the builds run interleaved, one process of each in turn, so a busy machine slows all
    // of them alike.
    const dists = (values.dist?.length ? values.dist : [join(ROOT, 'dist')]).map((d) => resolve(d));
    if (!values['no-build'] && !values.dist) {
        await run(process.execPath, ['esbuild.mjs'], { cwd: ROOT });
    }
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
        contributes: { commands: unknown[] };
    };
    const dir = await mkdtemp(join(tmpdir(), 'ngc-bench-activation-'));
    try {
        await writeFile(join(dir, 'vscode-fake.js'), FAKE_VSCODE);
        for (const [i, dist] of dists.entries()) {
            await writeFile(
                join(dir, `child-${i}.js`),
                childScript(join(dir, 'vscode-fake.js'), join(dist, 'extension.js'), ROOT),
            );
        }
        const samples: Sample[][] = dists.map(() => []);
        for (let r = 0; r < runs; r++) {
            for (const i of dists.keys()) {
                const { stdout } = await run(process.execPath, [join(dir, `child-${i}.js`)], {
                    cwd: dir,
                    // Guest, endpoints on a closed loopback port: nothing reaches the network.
                    env: {
                        PATH: process.env.PATH ?? '',
                        HOME: dir,
                        NGC_API_URL: 'http://127.0.0.1:9',
                        NGC_AUTH_URL: 'http://127.0.0.1:9',
                    },
                });
                samples[i]?.push(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Sample);
            }
        }
        const expected = pkg.contributes.commands.length;
        const bad = samples.flat().find((s) => s.commands !== expected);
        if (bad) {
            throw new Error(
                `activate() registered ${bad.commands} commands, package.json contributes ${expected}: the fake vscode is incomplete`,
            );
        }
        const split = await eagerSplit(dir);
        const date = new Date().toISOString();
        const results = [];
        for (const [i, dist] of dists.entries()) {
            const own = samples[i] ?? [];
            const result = {
                date,
                node: process.version,
                bundle: join(dist, 'extension.js'),
                runs,
                interleavedWith: dists.filter((d) => d !== dist),
                goalMs: GOAL_MS,
                requireMs: summary(own.map((s) => s.requireMs)),
                activateMs: summary(own.map((s) => s.activateMs)),
                totalMs: summary(own.map((s) => s.requireMs + s.activateMs)),
                settledMs: summary(own.map((s) => s.settledMs)),
                cpuMs: summary(own.map((s) => s.cpuMs)),
                heapMb: summary(own.map((s) => s.heapMb)),
                undiciLoadedRuns: own.filter((s) => s.undiciLoaded).length,
                sizes: await bundleSizes(dist),
                split,
            };
            if (dists.length > 1) {
                process.stdout.write(`\n== ${result.bundle}\n`);
            }
            print(result);
            results.push(result);
        }
        await mkdir(join(ROOT, 'bench', 'results'), { recursive: true });
        const out = join(ROOT, 'bench', 'results', `activation-${date.replace(/[:.]/g, '-')}.json`);
        await writeFile(out, JSON.stringify(results.length === 1 ? results[0] : results, null, 2));
        process.stdout.write(`\nresults: ${out}\n`);
    } finally {
        await rm(dir, { recursive: true, force: true });
    }
}

function summary(values: number[]): { median: number; p90: number; min: number; max: number } {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
    const round = (n: number) => Math.round(n * 10) / 10;
    return {
        median: round(at(0.5)),
        p90: round(at(0.9)),
        min: round(sorted[0] ?? NaN),
        max: round(sorted[sorted.length - 1] ?? NaN),
    };
}

async function bundleSizes(dist: string): Promise<Record<string, number | null>> {
    const out: Record<string, number | null> = {};
    for (const file of ['extension.js', 'cli.js', 'webview/main.js', 'ngc-explorer.vsix']) {
        out[`dist/${file}`] = await stat(join(dist, file)).then(
            (s) => s.size,
            () => null,
        );
    }
    return out;
}

interface Split {
    eagerBytes: number;
    lazyBytes: number;
    eagerByPackage: [string, number][];
    lazyByPackage: [string, number][];
    /** Each static import of a package by our modules evaluated at load, with the chain from the entry. */
    eagerChains: [string, string[]][];
}

/**
 * Which bundled inputs run when the bundle loads: those reachable from the entry through static imports/requires.
 * Everything else is reached only through `import()` and is evaluated on first use (esbuild wraps it lazily).
 */
async function eagerSplit(dir: string): Promise<Split> {
    const result = await esbuild.build({
        entryPoints: [join(ROOT, 'src/extension/activate.ts')],
        outfile: join(dir, 'meta/extension.js'),
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        external: ['vscode', 'cpu-features', '*.node'],
        metafile: true,
        write: false,
        logLevel: 'silent',
    });
    const meta = result.metafile;
    const output = Object.values(meta.outputs)[0];
    const bytesIn = new Map(Object.entries(output?.inputs ?? {}).map(([path, i]) => [path, i.bytesInOutput]));
    const entry = Object.keys(meta.inputs).find((p) => p.endsWith('src/extension/activate.ts'));
    // Breadth first, so the parent recorded for each module gives a shortest chain back to the entry.
    const parent = new Map<string, string | undefined>(entry ? [[entry, undefined]] : []);
    const queue = entry ? [entry] : [];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        for (const imp of meta.inputs[next]?.imports ?? []) {
            if (imp.kind !== 'dynamic-import' && !imp.external && meta.inputs[imp.path] && !parent.has(imp.path)) {
                parent.set(imp.path, next);
                queue.push(imp.path);
            }
        }
    }
    const eager = new Set(parent.keys());
    const chainTo = (path: string) => {
        const chain: string[] = [];
        for (let at: string | undefined = path; at !== undefined; at = parent.get(at)) {
            chain.unshift(at);
        }
        return chain;
    };
    // Every module of ours evaluated at load that imports a package statically, with its chain from the entry.
    const eagerChains: [string, string[]][] = [];
    for (const path of parent.keys()) {
        if (path.includes('node_modules/')) {
            continue;
        }
        for (const imp of meta.inputs[path]?.imports ?? []) {
            if (imp.kind !== 'dynamic-import' && imp.path.includes('node_modules/') && parent.has(imp.path)) {
                eagerChains.push([packageOf(imp.path), [...chainTo(path), imp.path]]);
            }
        }
    }
    const group = (paths: string[]) => {
        const byPackage = new Map<string, number>();
        for (const path of paths) {
            byPackage.set(packageOf(path), (byPackage.get(packageOf(path)) ?? 0) + (bytesIn.get(path) ?? 0));
        }
        return [...byPackage].sort((a, b) => b[1] - a[1]);
    };
    const all = [...bytesIn.keys()];
    const eagerList = all.filter((p) => eager.has(p));
    const lazyList = all.filter((p) => !eager.has(p));
    const sum = (paths: string[]) => paths.reduce((n, p) => n + (bytesIn.get(p) ?? 0), 0);
    return {
        eagerBytes: sum(eagerList),
        lazyBytes: sum(lazyList),
        eagerByPackage: group(eagerList),
        lazyByPackage: group(lazyList),
        eagerChains: [...eagerChains],
    };
}

function packageOf(path: string): string {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    if (m?.[1]) {
        return m[1];
    }
    const parts = path.split('/');
    return parts.slice(0, Math.min(3, parts.length - 1)).join('/');
}

function print(r: {
    runs: number;
    requireMs: ReturnType<typeof summary>;
    activateMs: ReturnType<typeof summary>;
    totalMs: ReturnType<typeof summary>;
    settledMs: ReturnType<typeof summary>;
    cpuMs: ReturnType<typeof summary>;
    heapMb: ReturnType<typeof summary>;
    undiciLoadedRuns: number;
    sizes: Record<string, number | null>;
    split: Split;
}): void {
    const kib = (n: number | null) => (n === null ? 'missing' : `${(n / 1024).toFixed(0)} KiB`);
    const lines = [
        `Activation, ${r.runs} fresh processes (${process.version}); median / p90 in ms`,
        `  require(dist/extension.js)        ${r.requireMs.median} / ${r.requireMs.p90}`,
        `  activate()                        ${r.activateMs.median} / ${r.activateMs.p90}`,
        `  require + activate                ${r.totalMs.median} / ${r.totalMs.p90}   goal < ${GOAL_MS}: ${r.totalMs.p90 < GOAL_MS ? 'met' : 'NOT met'} (p90)`,
        `  require + activate, CPU time      ${r.cpuMs.median} / ${r.cpuMs.p90}   (wall time above is what the goal counts; CPU time varies less with load)`,
        `  activate + queued microtasks      ${r.settledMs.median} / ${r.settledMs.p90}   goal < ${GOAL_MS}: ${r.settledMs.p90 < GOAL_MS ? 'met' : 'NOT met'} (p90)`,
        `  heap after activation             ${r.heapMb.median} MB`,
        `  undici loaded by then             in ${r.undiciLoadedRuns} of ${r.runs} runs`,
        '',
        'Bundle sizes',
        ...Object.entries(r.sizes).map(([name, size]) => `  ${name.padEnd(32)} ${kib(size)}`),
        '',
        `Extension bundle built from this tree's sources (not from --dist): ${kib(r.split.eagerBytes)} evaluated at load, ${kib(r.split.lazyBytes)} behind import()`,
        '  eager, largest: ' +
            r.split.eagerByPackage
                .slice(0, 8)
                .map(([p, n]) => `${p} ${kib(n)}`)
                .join(', '),
        '  lazy, largest:  ' +
            r.split.lazyByPackage
                .slice(0, 8)
                .map(([p, n]) => `${p} ${kib(n)}`)
                .join(', '),
        ...r.split.eagerChains.map(([pkg, chain]) => `  ${pkg} at load: ${chain.join(' → ')}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
    process.stderr.write(
        `bench/activation: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
});
