/**
 * Mirror benchmark, side by side in one run: a multi-arch image (2 platforms, ≥ 1 GiB of incompressible layers by
 * default) copied between two loopback CNCF registries (Debian `docker-registry`, htpasswd) by our engine and by
 * `skopeo copy --all --preserve-digests`, each into a registry of its own. Then both run again through a recording
 * proxy, which counts the blob bytes each re-sends.
 *
 *   npx tsx bench/mirror.ts [--size-mb N] [--layers N] [--shape cdn|far|lossy]   # default 1024 MiB, 2 x 4 layers
 *
 * `--shape` puts the source registry behind the simulator's shaping proxy (sim/core/shapeProxy.ts): both tools then
 * pull every blob across that network shape (the targets stay on loopback), so a regression shows as a ratio.
 *
 * Ours runs in a child process bundled with esbuild (as the CLI ships), so its peak RSS is its own; skopeo's comes
 * from `/usr/bin/time -f %M`. Writes a table to stdout and JSON to bench/results/mirror-<time>.json.
 */
import { execFile, spawn } from 'node:child_process';
import { createCipheriv, createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { request } from 'undici';
import { createDispatcher } from '../src/core/http/agent';
import { bundleBenchChild, childResult } from './childBundle';
import { HttpClient } from '../src/core/http/client';
import { RegistryClient } from '../src/core/registry/client';
import { mirrorImage } from '../src/core/registry/copy/mirror';
import { RegistrySession } from '../src/core/registry/copy/session';
import { isShapeName, Link, SHAPES, type ShapeName } from '../sim/core/shape';
import { startShapedProxy } from '../sim/core/shapeProxy';

const execFileP = promisify(execFile);
const MiB = 1024 ** 2;
const user = { username: 'bench', password: 'bench-pass-1234' };
const basic = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;

interface ChildConfig {
    source: string;
    target: string;
    repository: string;
    tag: string;
}

interface ChildResult {
    elapsedMs: number;
    bytesSent: number;
    digest: string;
    maxRssKB: number;
}

/** The child side: one mirror, timed from the first request to the tag. */
async function child(config: ChildConfig): Promise<void> {
    const dispatcher = createDispatcher();
    const http = new HttpClient({ dispatcher });
    const started = performance.now();
    const result = await mirrorImage({
        source: new RegistryClient({ http, credentials: () => user }),
        sourceRepository: { registry: config.source, repository: config.repository },
        sourceReference: config.tag,
        target: new RegistrySession({ http, registry: config.target, credentials: () => user }),
        targetRepository: config.repository,
        targetTag: config.tag,
    });
    const out: ChildResult = {
        elapsedMs: performance.now() - started,
        bytesSent: result.stats.bytesSent,
        digest: result.digest,
        maxRssKB: process.resourceUsage().maxRSS,
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    await dispatcher.close();
}

/** A deterministic incompressible stream (AES-CTR keystream) of `size` bytes for layer `seed`. */
function keystream(seed: number, size: number): Readable {
    const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, seed), Buffer.alloc(16, 0));
    const zeros = Buffer.alloc(MiB);
    let left = size;
    return new Readable({
        read() {
            if (left === 0) {
                this.push(null);
                return;
            }
            const n = Math.min(left, zeros.length);
            left -= n;
            this.push(cipher.update(zeros.subarray(0, n)));
        },
    });
}

async function digestOf(stream: Readable): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of stream) {
        hash.update(chunk as Buffer);
    }
    return `sha256:${hash.digest('hex')}`;
}

async function pushBlob(base: string, repo: string, body: () => Readable | Buffer, size: number): Promise<string> {
    const made = body();
    const digest = Buffer.isBuffer(made)
        ? `sha256:${createHash('sha256').update(made).digest('hex')}`
        : await digestOf(made);
    const start = await request(`${base}/v2/${repo}/blobs/uploads/`, {
        method: 'POST',
        headers: { authorization: basic },
    });
    await start.body.dump();
    const location = new URL(String(start.headers['location']), base);
    location.searchParams.set('digest', digest);
    const put = await request(location, {
        method: 'PUT',
        headers: { authorization: basic, 'content-type': 'application/octet-stream', 'content-length': String(size) },
        body: body(),
    });
    await put.body.dump();
    if (put.statusCode !== 201) {
        throw new Error(`seed upload failed: HTTP ${put.statusCode}`);
    }
    return digest;
}

async function putManifest(base: string, repo: string, ref: string, type: string, bytes: Buffer): Promise<string> {
    const put = await request(`${base}/v2/${repo}/manifests/${ref}`, {
        method: 'PUT',
        headers: { authorization: basic, 'content-type': type },
        body: bytes,
    });
    await put.body.dump();
    if (put.statusCode !== 201) {
        throw new Error(`seed manifest failed: HTTP ${put.statusCode}`);
    }
    return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Seeds an OCI index of linux/amd64 + linux/arm64 with `layers` random layers each, `totalMiB` in all. */
async function seedImage(base: string, repo: string, tag: string, totalMiB: number, layers: number): Promise<string> {
    const layerSize = Math.floor((totalMiB * MiB) / (2 * layers));
    const entries = [];
    for (const [p, architecture] of ['amd64', 'arm64'].entries()) {
        const descs = [];
        for (let i = 0; i < layers; i++) {
            const seed = p * 100 + i + 1;
            const digest = await pushBlob(base, repo, () => keystream(seed, layerSize), layerSize);
            descs.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', size: layerSize, digest });
        }
        const config = Buffer.from(JSON.stringify({ os: 'linux', architecture, rootfs: { type: 'layers' } }));
        const configDigest = await pushBlob(base, repo, () => config, config.length);
        const manifest = Buffer.from(
            JSON.stringify({
                schemaVersion: 2,
                mediaType: 'application/vnd.oci.image.manifest.v1+json',
                config: {
                    mediaType: 'application/vnd.oci.image.config.v1+json',
                    size: config.length,
                    digest: configDigest,
                },
                layers: descs,
            }),
        );
        const digest = await putManifest(base, repo, `p${p}`, 'application/vnd.oci.image.manifest.v1+json', manifest);
        entries.push({
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            size: manifest.length,
            digest,
            platform: { os: 'linux', architecture },
        });
    }
    const index = Buffer.from(
        JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: entries }),
    );
    return putManifest(base, repo, tag, 'application/vnd.oci.image.index.v1+json', index);
}

function bundleChild(work: string): Promise<string> {
    return bundleBenchChild(__filename, work, 'mirror-child', [
        '../test/helpers/dockerRegistry.js',
        '../test/helpers/recordingProxy.js',
    ]);
}

function runChild(script: string, config: ChildConfig): Promise<ChildResult> {
    return new Promise((resolve, reject) => {
        const proc = spawn(process.execPath, [script, '--child', JSON.stringify(config)], {
            stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
        proc.on('error', reject);
        proc.on('close', (code) =>
            code === 0 ? resolve(childResult<ChildResult>(out)) : reject(new Error(`mirror child exited with ${code}`)),
        );
    });
}

/** `skopeo copy --all --preserve-digests` timed, with its peak RSS from /usr/bin/time. */
async function skopeo(source: string, target: string, ref: string): Promise<{ seconds: number; maxRssKB: number }> {
    const creds = `${user.username}:${user.password}`;
    const started = performance.now();
    const { stderr } = await execFileP(
        '/usr/bin/time',
        [
            '-f',
            'maxrss=%M',
            'skopeo',
            'copy',
            '--all',
            '--preserve-digests',
            '--src-tls-verify=false',
            '--dest-tls-verify=false',
            '--src-creds',
            creds,
            '--dest-creds',
            creds,
            `docker://${source}/${ref}`,
            `docker://${target}/${ref}`,
        ],
        { maxBuffer: 64 * MiB },
    );
    const seconds = (performance.now() - started) / 1000;
    return { seconds, maxRssKB: Number(/maxrss=(\d+)/.exec(stderr)?.[1] ?? 0) };
}

function shapeArg(): ShapeName {
    const at = process.argv.indexOf('--shape');
    const name = at >= 0 ? (process.argv[at + 1] ?? '') : 'loopback';
    if (!isShapeName(name)) {
        throw new Error(`--shape must be one of loopback, cdn, far, lossy (got ${name})`);
    }
    return name;
}

/** The source registry as the tools see it: itself on loopback, else the shaping proxy in front of it. */
async function shapedSource(
    port: number,
    name: ShapeName,
): Promise<{ host: string; shape: ShapeName; stop?: () => Promise<void> }> {
    const shape = SHAPES[name];
    if (shape === undefined) {
        return { host: `127.0.0.1:${port}`, shape: name };
    }
    const proxy = await startShapedProxy(port, shape, new Link(shape.linkBytesPerSecond));
    return { host: `127.0.0.1:${proxy.port}`, shape: name, stop: () => proxy.close() };
}

function argValue(name: string, fallback: number): number {
    const at = process.argv.indexOf(name);
    return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

async function main(): Promise<void> {
    const { startDockerRegistry } = await import('../test/helpers/dockerRegistry.js');
    const { startRecordingProxy } = await import('../test/helpers/recordingProxy.js');
    const sizeMiB = argValue('--size-mb', 1024);
    const layers = argValue('--layers', 4);
    const work = await mkdtemp(path.join(os.tmpdir(), 'ngc-bench-mirror-'));
    const started = [] as { stop(): Promise<void> }[];
    try {
        const script = await bundleChild(work);
        const registries = [];
        for (let i = 0; i < 3; i++) {
            const start = await startDockerRegistry([user]);
            if (!start.registry) {
                throw new Error(`docker-registry: ${start.skip}`);
            }
            started.push(start.registry);
            registries.push(start.registry);
        }
        const [src, oursTarget, skopeoTarget] = registries as [
            (typeof registries)[number],
            (typeof registries)[number],
            (typeof registries)[number],
        ];
        const repo = 'bench/multiarch';
        const tag = '1';
        console.log(`seeding ${sizeMiB} MiB (2 platforms x ${layers} layers) into ${src.host} ...`);
        const sourceDigest = await seedImage(src.url, repo, tag, sizeMiB, layers);
        const bytes = Math.floor((sizeMiB * MiB) / (2 * layers)) * 2 * layers;

        const source = await shapedSource(Number(src.host.split(':')[1]), shapeArg());
        if (source.stop) {
            started.push({ stop: source.stop });
        }
        const ours = await runChild(script, { source: source.host, target: oursTarget.host, repository: repo, tag });
        const theirs = await skopeo(source.host, skopeoTarget.host, `${repo}:${tag}`);
        const oursProxy = await startRecordingProxy(oursTarget.url);
        const skopeoProxy = await startRecordingProxy(skopeoTarget.url);
        started.push({ stop: () => oursProxy.close() }, { stop: () => skopeoProxy.close() });
        const oursAgain = await runChild(script, {
            source: source.host,
            target: oursProxy.host,
            repository: repo,
            tag,
        });
        const theirsAgain = await skopeo(source.host, skopeoProxy.host, `${repo}:${tag}`);

        const skopeoDigest = await request(`${skopeoTarget.url}/v2/${repo}/manifests/${tag}`, {
            method: 'HEAD',
            headers: { authorization: basic, accept: 'application/vnd.oci.image.index.v1+json' },
        });
        await skopeoDigest.body.dump();
        const oursMBps = bytes / (ours.elapsedMs / 1000) / 1e6;
        const theirsMBps = bytes / theirs.seconds / 1e6;
        const report = {
            when: new Date().toISOString(),
            shape: source.shape,
            loadavg: os.loadavg(),
            bytes,
            sourceDigest,
            ours: {
                seconds: ours.elapsedMs / 1000,
                mbps: oursMBps,
                maxRssMB: ours.maxRssKB / 1024,
                digest: ours.digest,
                rerunSeconds: oursAgain.elapsedMs / 1000,
                rerunBytesSent: oursProxy.uploadBytes(),
            },
            skopeo: {
                seconds: theirs.seconds,
                mbps: theirsMBps,
                maxRssMB: theirs.maxRssKB / 1024,
                digest: String(skopeoDigest.headers['docker-content-digest']),
                rerunSeconds: theirsAgain.seconds,
                rerunBytesSent: skopeoProxy.uploadBytes(),
            },
            ratio: oursMBps / theirsMBps,
        };
        const row = (name: string, r: typeof report.ours) =>
            `${name.padEnd(14)} ${r.seconds.toFixed(2).padStart(7)} s ${r.mbps.toFixed(0).padStart(6)} MB/s  ` +
            `RSS ${r.maxRssMB.toFixed(0).padStart(4)} MB  digest ${r.digest === sourceDigest ? 'same' : 'DIFFERENT'}  ` +
            `rerun ${r.rerunSeconds.toFixed(2)} s, ${r.rerunBytesSent} bytes re-sent`;
        const load = os.loadavg().map((l) => l.toFixed(1));
        console.log(
            `\n${(bytes / MiB).toFixed(0)} MiB, 2 platforms, source ${source.shape}, ${os.cpus().length} CPUs, load ${load.join(' ')}`,
        );
        console.log(row('ngc-explorer', report.ours));
        console.log(row('skopeo', report.skopeo));
        console.log(`throughput ratio: ${report.ratio.toFixed(2)}x skopeo`);
        const results = path.join(__dirname, 'results');
        await mkdir(results, { recursive: true });
        const file = path.join(results, `mirror-${report.when.replace(/[:.]/g, '-')}.json`);
        await writeFile(file, JSON.stringify(report, null, 2));
        console.log(`written ${path.relative(process.cwd(), file)}`);
    } finally {
        for (const s of started.reverse()) {
            await s.stop().catch(() => undefined);
        }
        await rm(work, { recursive: true, force: true });
    }
}

if (require.main === module) {
    const at = process.argv.indexOf('--child');
    const work = at >= 0 ? child(JSON.parse(process.argv[at + 1] ?? '{}') as ChildConfig) : main();
    work.catch((error: unknown) => {
        console.error(error);
        process.exitCode = 1;
    });
}
