/**
 * Benchmark: pinning 5 Dockerfiles with 100 FROM lines over 20 unique images against the simulator's registry.
 *   npx tsx bench/pin.ts [--runs N]
 * Compares the `pin` command (unique images resolved once, challenge and tokens reused, 8 in flight) with a naive
 * baseline in the same run: one HEAD per FROM line through a fresh client each time (so no token cache and a 401
 * probe per line), sequentially. Both must produce the same files; the table shows wall time (median of the runs)
 * and the requests the simulator recorded.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import { startSimulator, type Simulator } from '../sim/server';
import { cliClients } from '../src/cli/clients';
import type { CliContext } from '../src/cli/command';
import { pinCommand } from '../src/cli/commands/pin';
import { formatTable } from '../src/cli/output';
import { parseDockerfile } from '../src/core/dockerfile/fromLine';
import { applyEdits, computePinEdits, planPins } from '../src/core/dockerfile/pin';
import { createDispatcher } from '../src/core/http/agent';
import { HttpClient } from '../src/core/http/client';
import { nullLog } from '../src/core/lib/log';
import { ngcRegistryCredentials } from '../test/builders/ngcCredentials';
import { RegistryClient } from '../src/core/registry/client';
import { resolveImage } from '../src/core/registry/resolve';

const FILES = 5;
const LINES = 100;
const UNIQUE = 20;

interface Measure {
    ms: number;
    registry: number;
    manifests: number;
    tokens: number;
}

async function main(): Promise<void> {
    const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
    const runs = Math.max(1, Number(values.runs));
    const sim = await startSimulator();
    const dispatcher = createDispatcher();
    const http = new HttpClient({ dispatcher, retry: { attempts: 1 } });
    const dir = await mkdtemp(join(tmpdir(), 'ngc-bench-pin-'));
    process.env['DOCKER_CONFIG'] = dir;
    try {
        const images = await pickImages(sim, http);
        const texts = dockerfiles(sim.urls.registry, images);
        const optimised: Measure[] = [];
        const naive: Measure[] = [];
        let outputs: { optimised: string[]; naive: string[] } = { optimised: [], naive: [] };
        for (let run = 0; run < runs; run++) {
            const a = await measure(sim, () => pinWithCommand(sim, http, dir, texts));
            const b = await measure(sim, () => pinNaively(sim, http, texts));
            optimised.push(a.measure);
            naive.push(b.measure);
            outputs = { optimised: a.result, naive: b.result };
        }
        if (outputs.optimised.join('\0') !== outputs.naive.join('\0')) {
            throw new Error('the two strategies pinned differently');
        }
        const pinnedLines = outputs.optimised
            .join('\n')
            .split('\n')
            .filter((l) => /@sha256:[a-f0-9]{64}/.test(l)).length;
        const rows = [
            row('pin (dedupe, cache, 8 in flight)', optimised),
            row('naive (HEAD per line, no cache)', naive),
        ];
        process.stdout.write(
            `pin benchmark: ${FILES} files, ${LINES} FROM lines, ${UNIQUE} unique images, ${pinnedLines} lines pinned, median of ${runs} run(s)\n\n`,
        );
        process.stdout.write(
            formatTable(['STRATEGY', 'WALL ms', 'REGISTRY REQS', 'MANIFEST REQS', 'TOKEN REQS'], rows),
        );
    } finally {
        await rm(dir, { recursive: true, force: true });
        await dispatcher.close();
        await sim.close();
    }
}

/** 20 unique `repo:tag` on the simulator: pytorch's 4 tags, 12 cuda tags, acme's detector and base, tritonserver. */
async function pickImages(sim: Simulator, http: HttpClient): Promise<string[]> {
    const client = new RegistryClient({
        http,
        credentials: ngcRegistryCredentials(sim.urls.registry, sim.keys.personal),
    });
    const tags = (repository: string) => client.listTags({ registry: sim.urls.registry, repository });
    const images = [
        ...(await tags('nvidia/pytorch')).map((t) => `nvidia/pytorch:${t}`),
        ...(await tags('nvidia/cuda')).slice(0, 12).map((t) => `nvidia/cuda:${t}`),
        ...(await tags('acme/vision/detector')).map((t) => `acme/vision/detector:${t}`),
        ...(await tags('acme/base')).slice(0, 1).map((t) => `acme/base:${t}`),
        ...(await tags('nvidia/tritonserver')).slice(0, 1).map((t) => `nvidia/tritonserver:${t}`),
    ].slice(0, UNIQUE);
    if (images.length !== UNIQUE) {
        throw new Error(`the simulator offers ${images.length} images, ${UNIQUE} needed`);
    }
    return images;
}

/** FILES Dockerfiles whose LINES FROM lines cycle through the images (each image used 5 times). */
function dockerfiles(registry: string, images: string[]): string[] {
    const perFile = LINES / FILES;
    return Array.from({ length: FILES }, (_, f) =>
        Array.from(
            { length: perFile },
            (_, i) => `FROM ${registry}/${images[(f * perFile + i * 7) % images.length]} AS s${i}\nRUN true\n`,
        ).join(''),
    );
}

async function measure<T>(sim: Simulator, work: () => Promise<T>): Promise<{ measure: Measure; result: T }> {
    sim.clearRequests();
    const started = performance.now();
    const result = await work();
    const ms = performance.now() - started;
    const registry = sim.requests.filter((r) => r.host === 'registry');
    return {
        result,
        measure: {
            ms,
            registry: registry.length,
            manifests: registry.filter((r) => r.url.includes('/manifests/')).length,
            tokens: sim.requests.filter((r) => r.url.startsWith('/proxy_auth') || r.url.startsWith('/token')).length,
        },
    };
}

/** The real `pin` command on files in a temp dir. */
async function pinWithCommand(sim: Simulator, http: HttpClient, dir: string, texts: string[]): Promise<string[]> {
    const paths = texts.map((_, i) => join(dir, `Dockerfile.${i}`));
    await Promise.all(texts.map((t, i) => writeFile(paths[i] as string, t)));
    const sink = new PassThrough();
    sink.resume();
    const environment = {
        endpoints: {
            apiUrl: sim.urls.api,
            authUrl: sim.urls.auth,
            registry: sim.urls.registry,
            helmUrl: sim.urls.helm,
        },
        apiKey: sim.keys.personal,
        org: undefined,
        team: undefined,
    };
    const ctx: CliContext = {
        ...cliClients(environment, http, nullLog, process.env),
        processEnv: process.env,
        json: false,
        stdout: sink,
        stderr: sink,
        interactive: false,
        log: nullLog,
        http,
        dispatcher: createDispatcher(),
        signal: new AbortController().signal,
    };
    const code = await pinCommand.run({ positionals: paths, values: {} }, ctx);
    if (code !== 0) {
        throw new Error(`pin exited ${code}`);
    }
    await ctx.dispatcher.close();
    return Promise.all(paths.map((p) => readFile(p, 'utf8')));
}

/** The baseline: every FROM line on its own, with a client that knows nothing (probe 401, token, HEAD). */
async function pinNaively(sim: Simulator, http: HttpClient, texts: string[]): Promise<string[]> {
    const out: string[] = [];
    for (const text of texts) {
        const { targets } = planPins(parseDockerfile(text), { ngcRegistry: sim.urls.registry });
        const digests = new Map<string, string>();
        for (const target of targets) {
            const client = new RegistryClient({
                http,
                credentials: ngcRegistryCredentials(sim.urls.registry, sim.keys.personal),
            });
            const resolved = await resolveImage(client, target.request.reference);
            digests.set(target.request.key, resolved.indexDigest);
        }
        out.push(
            applyEdits(
                text,
                computePinEdits(targets, digests).map((c) => c.edit),
            ),
        );
    }
    return out;
}

function row(name: string, measures: Measure[]): string[] {
    const median = (pick: (m: Measure) => number) => {
        const sorted = measures.map(pick).sort((x, y) => x - y);
        return sorted[Math.floor(sorted.length / 2)] ?? 0;
    };
    return [
        name,
        median((m) => m.ms).toFixed(0),
        String(median((m) => m.registry)),
        String(median((m) => m.manifests)),
        String(median((m) => m.tokens)),
    ];
}

main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
});
