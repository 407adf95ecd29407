/**
 * Model-signature verification benchmark: `ngc-explorer verify-model` on a large multi-file model vs `sha256sum`
 * over the same files, in one run. The hashing is the cost; parsing the bundle, checking the chain and comparing
 * the file set should vanish next to it (goal: ≤ 1.1× sha256sum).
 *
 *   npx tsx bench/verifyModel.ts [--size-mib N] [--files N] [--rounds N] [--keep]
 *
 * Default: 1024 MiB over 37 files (a few large shards and many small ones, like nvidia/bench-model), 3 rounds,
 * median reported. The model is written to a temp folder and signed with the simulator's CA (so its root is the
 * trust anchor); both contenders then read it from the page cache, each as a process of its own: our CLI bundle
 * (`node dist/cli.js verify-model`, node start-up included) and `sha256sum FILE…`. The in-process `verifyModel()`
 * time is shown too, with one hashing thread, and `openssl dgst -sha256` (coreutils' sha256sum does not use the
 * CPU's SHA extensions; OpenSSL, which node uses, does, so it is the fairer single-thread yardstick). Writes a table to stdout and JSON to bench/results/verifyModel-<time>.json.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseCertificatesPem } from '../src/core/modelsign/certificates';
import { verifyModel } from '../src/core/modelsign/verifyModel';
import { signModelDirectory, simSigningKey } from '../sim/modelSigning/omsSigner';
import { SIM_ROOT_CERT_PEM } from '../sim/modelSigning/simCa';

const execFileP = promisify(execFile);
const MiB = 1024 * 1024;

function flag(name: string, fallback: number): number {
    const at = process.argv.indexOf(`--${name}`);
    const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
    if (!Number.isFinite(value) || value <= 0) {
        throw new Error(`--${name} takes a positive number`);
    }
    return value;
}

/** File sizes summing to `total`: 4 shards of ~20 % each, the rest spread over small files of varied size. */
function sizes(total: number, count: number): number[] {
    const shards = Math.min(4, count);
    const big = Math.floor((total * 0.8) / shards);
    const rest = total - big * shards;
    const small = count - shards;
    const weights = Array.from({ length: small }, (_, i) => 1 + (i % 8));
    const sum = weights.reduce((a, b) => a + b, 0);
    const out = [...Array.from({ length: shards }, () => big), ...weights.map((w) => Math.floor((rest * w) / sum))];
    out[out.length - 1] = (out[out.length - 1] ?? 0) + total - out.reduce((a, b) => a + b, 0);
    return out;
}

async function makeModel(dir: string, total: number, count: number): Promise<string[]> {
    const block = randomBytes(4 * MiB);
    const files: string[] = [];
    for (const [i, size] of sizes(total, count).entries()) {
        const name = i < 4 ? `weights/shard-${i}.safetensors` : `chunks/part-${String(i).padStart(2, '0')}.bin`;
        const file = path.join(dir, name);
        await mkdir(path.dirname(file), { recursive: true });
        const handle = await open(file, 'w');
        for (let written = 0; written < size;) {
            const offset = (i * 7919 + written) % block.length;
            const n = Math.min(size - written, block.length - offset);
            await handle.write(block, offset, n);
            written += n;
        }
        await handle.close();
        files.push(file);
    }
    return files;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
    const start = process.hrtime.bigint();
    await run();
    return Number(process.hrtime.bigint() - start) / 1e9;
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function main(): Promise<void> {
    const totalMiB = flag('size-mib', 1024);
    const count = flag('files', 37);
    const rounds = flag('rounds', 3);
    const cli = path.join(__dirname, '..', 'dist', 'cli.js');
    if (!existsSync(cli)) {
        await execFileP(process.execPath, [path.join(__dirname, '..', 'esbuild.mjs')]);
    }
    const work = await mkdtemp(path.join(os.tmpdir(), 'ngc-bench-verify-'));
    try {
        const dir = path.join(work, 'bench-model');
        process.stderr.write(`writing ${totalMiB} MiB over ${count} files to ${dir}…\n`);
        const files = await makeModel(dir, totalMiB * MiB, count);
        await writeFile(path.join(dir, 'model.sig'), await signModelDirectory(dir, simSigningKey()));
        const rootPem = path.join(work, 'root.pem');
        await writeFile(rootPem, SIM_ROOT_CERT_PEM);
        const anchors = parseCertificatesPem(SIM_ROOT_CERT_PEM, 'sim root');

        const ours: number[] = [];
        const inProcess: number[] = [];
        const sha256sum: number[] = [];
        const opensslDgst: number[] = [];
        const oneThread: number[] = [];
        const inProcessRun = (concurrency?: number) =>
            timed(async () => {
                const result = await verifyModel(dir, {
                    signaturePath: path.join(dir, 'model.sig'),
                    trustAnchors: anchors,
                    concurrency,
                });
                if (!result.verified) {
                    throw new Error(`the bench model did not verify: ${JSON.stringify(result.failures)}`);
                }
            });
        for (let round = 1; round <= rounds; round++) {
            // Alternate who goes first, so neither always gets the other's page-cache warmth.
            const runOurs = async () =>
                ours.push(
                    await timed(() =>
                        execFileP(process.execPath, [cli, 'verify-model', dir, '--certificate-chain', rootPem]),
                    ),
                );
            const runSum = async () =>
                sha256sum.push(await timed(() => execFileP('sha256sum', files, { maxBuffer: 16 * MiB })));
            if (round % 2 === 1) {
                await runOurs();
                await runSum();
            } else {
                await runSum();
                await runOurs();
            }
            inProcess.push(await inProcessRun());
            oneThread.push(await inProcessRun(1));
            opensslDgst.push(
                await timed(() => execFileP('openssl', ['dgst', '-sha256', ...files], { maxBuffer: 16 * MiB })),
            );
            process.stderr.write(
                `round ${round}: verify-model ${ours.at(-1)?.toFixed(2)} s, sha256sum ${sha256sum.at(-1)?.toFixed(2)} s, ` +
                    `in-process ${inProcess.at(-1)?.toFixed(2)} s, openssl ${opensslDgst.at(-1)?.toFixed(2)} s\n`,
            );
        }
        const bytes = totalMiB * MiB;
        const row = (name: string, s: number) =>
            `| ${name.padEnd(34)} | ${s.toFixed(2).padStart(6)} s | ${(bytes / s / 1e6).toFixed(0).padStart(5)} MB/s | ${(s / median(sha256sum)).toFixed(2)}× |`;
        const report = [
            `model: ${totalMiB} MiB in ${count} files; ${rounds} rounds, median; ${os.availableParallelism()} CPUs; node ${process.version}`,
            '| contender | time | throughput | vs sha256sum |',
            '|---|---|---|---|',
            row('ngc-explorer verify-model (CLI)', median(ours)),
            row('verifyModel() in process', median(inProcess)),
            row('sha256sum (all files, one process)', median(sha256sum)),
            row('verifyModel() in process, 1 thread', median(oneThread)),
            row('openssl dgst -sha256 (one process)', median(opensslDgst)),
            `ratio verify-model / sha256sum = ${(median(ours) / median(sha256sum)).toFixed(2)} (goal ≤ 1.1)`,
            `ratio verify-model / openssl dgst = ${(median(ours) / median(opensslDgst)).toFixed(2)}`,
        ].join('\n');
        process.stdout.write(`${report}\n`);
        const results = path.join(__dirname, 'results');
        await mkdir(results, { recursive: true });
        const out = path.join(results, `verifyModel-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
        await writeFile(
            out,
            JSON.stringify({ totalMiB, count, rounds, ours, inProcess, oneThread, sha256sum, opensslDgst }, null, 2),
        );
        process.stderr.write(`results: ${out}\n`);
    } finally {
        if (!process.argv.includes('--keep')) {
            await rm(work, { recursive: true, force: true });
        }
    }
}

main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
});
