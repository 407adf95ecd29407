/**
 * A quick A/B of our engine alone under one shape (no other contenders): each variant once per round, rotated.
 * For tuning, not for the README's figures (those come from bench/download.ts, against aria2c and curl).
 *
 *   npx tsx bench/downloadProbe.ts [--shape cdn] [--case single|model] [--rounds N] [--variant C[:PART_MIB]]...
 *   (`--variant default` is the engine's defaults; `--variant FILE.js` an engine child bundled from another commit)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isShapeName } from '../sim/core/shape';
import { benchCases } from './download';
import { baselineVariant, bundleChild, ours, type EngineVariant } from './downloadTools';

const MiB = 1024 ** 2;

function parseVariant(text: string): EngineVariant {
    if (text === 'default') {
        return {};
    }
    if (text.endsWith('.js')) {
        return baselineVariant(text); // an engine child bundled from another commit (downloadTools.ts)
    }
    const [connections = '', partMiB] = text.split(':');
    return { concurrency: Number(connections), ...(partMiB ? { partSize: Number(partMiB) * MiB } : {}) };
}

async function main(): Promise<void> {
    const argv = process.argv.slice(2);
    const value = (flag: string): string | undefined => {
        const at = argv.indexOf(flag);
        return at >= 0 ? argv[at + 1] : undefined;
    };
    const shape = value('--shape') ?? 'cdn';
    if (!isShapeName(shape)) {
        throw new Error(`unknown shape ${shape}`);
    }
    const rounds = Number(value('--rounds') ?? 2);
    const label = value('--case') ?? 'single';
    const texts = argv.flatMap((a, i) => (a === '--variant' ? [argv[i + 1] ?? ''] : []));
    const variants = (texts.length ? texts : ['default']).map((t) => ({ text: t, variant: parseVariant(t) }));
    const { startSimulator } = await import('../sim/server.js');
    const sim = await startSimulator({ benchData: true, presignTtlSeconds: 7200, shape });
    const work = await mkdtemp(path.join(os.tmpdir(), 'ngc-probe-'));
    try {
        await bundleChild(work);
        // Lists the URLs first, as the bench does: the simulator hashes the bench files then, before any timing.
        const c = (await benchCases(sim, 'small')).find((x) => x.label === label);
        if (c === undefined) {
            throw new Error(`no case ${label}`);
        }
        for (let round = 0; round < rounds; round++) {
            for (let i = 0; i < variants.length; i++) {
                const v = variants[(i + round) % variants.length];
                if (v === undefined) continue;
                const m = await ours(c, sim.urls.api, work, v.variant);
                const line = m.error
                    ? `FAILED ${m.error}`
                    : `${m.mbps.toFixed(1)} MB/s cpu ${m.cpuSeconds?.toFixed(2)} s sim ${m.serverCpuSeconds?.toFixed(2)} s rss ${m.maxRssMB?.toFixed(0)} MB`;
                console.log(
                    `${shape} ${label} r${round + 1} ${v.text.padEnd(10)} ${line}  load ${os.loadavg()[0]?.toFixed(1)}`,
                );
            }
        }
    } finally {
        await sim.close();
        await rm(work, { recursive: true, force: true });
    }
}

main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
});
