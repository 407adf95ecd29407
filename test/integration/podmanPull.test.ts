/**
 * (integration) Podman as the second engine: the same core pull code against Podman's Docker-compatible API
 * (`podman system service`, test/helpers/podman.ts), from the simulator's nvcr.io. Podman differs from Docker
 * (environment.md §1d): a refused key and a missing tag arrive as HTTP 200 plus an `error` event, progress events
 * carry no byte counts, and `/images/json?digests=true` has an empty body. Covered: ping names Podman, a public
 * multi-arch pull whose progress still reaches the manifest's total, a private pull with the key sent per request
 * (CLI), an unknown tag (not found, exit 5), a revoked key and no key (not authenticated, exit 3), and the key never
 * appearing in output or in Podman's log. Skips with a printed reason when podman is unavailable.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import { startSimulator, type Simulator } from '../../sim/server';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { DockerDaemon, type DaemonInfo } from '../../src/core/docker/daemon';
import { pullImage } from '../../src/core/docker/pull';
import { DockerPullError } from '../../src/core/docker/pullErrors';
import type { PullEvent, PullProgress } from '../../src/core/docker/pullProgress';
import { pullResolved } from '../../src/core/docker/pullResolved';
import { createDispatcher } from '../../src/core/http/agent';
import { HttpClient } from '../../src/core/http/client';
import { createLog, redactor } from '../../src/core/lib/log';
import { ngcRegistryCredentials } from '../builders/ngcCredentials';
import { RegistryClient } from '../../src/core/registry/client';
import { parsePlatform } from '../../src/core/registry/platform';
import { parseReference } from '../../src/core/registry/reference';
import { startPodman, type PodmanService } from '../helpers/podman';
import { skipUnless } from '../helpers/skipUnless';
import { runCli, simEnv, type CliRun } from './cliRunner';

let sim: Simulator;
let podman: PodmanService | undefined;
let skipReason = '';
let daemon: DockerDaemon;
let info: DaemonInfo;
const logLines: string[] = [];
const outputs: string[] = [];
const log = createLog((level, line) => logLines.push(`${level}: ${line}`), 'test', 'trace');

before(async () => {
    sim = await startSimulator({ registryTokenTtlSeconds: 600 });
    redactor.add(sim.keys.personal);
    redactor.add(sim.keys.revoked);
    const started = await startPodman([sim.urls.registry]);
    if (!started.ok) {
        skipReason = `no Podman: ${started.reason}`;
        process.stdout.write(`# podman integration tests skipped: ${skipReason}\n`);
        return;
    }
    podman = started.podman;
    daemon = await DockerDaemon.connect({ env: { DOCKER_HOST: podman.dockerHost }, log });
    info = await daemon.ping();
    process.stdout.write(`# engine: podman ${podman.version} (compat API ${podman.apiVersion}) at ${info.endpoint}\n`);
});

after(async () => {
    await podman?.stop();
    await sim.close();
});

const needsPodman = (t: TestContext) => skipUnless(t, skipReason, podman);

const ref = (text: string) => parseReference(text, { semantics: 'ngc', defaultRegistry: sim.urls.registry });
const image = (text: string) => `${sim.urls.registry}/${text}`;

async function cli(args: string[], key?: string): Promise<CliRun> {
    const r = await runCli(args, { ...simEnv(sim, key), DOCKER_HOST: podman?.dockerHost ?? '' });
    outputs.push(r.stdout, r.stderr);
    return r;
}

/** The amd64 manifest's layer bytes and count, read by a client of the test's own. */
async function amd64Layers(repository: string, tag: string): Promise<{ index: string; bytes: number; layers: number }> {
    const dispatcher = createDispatcher();
    try {
        const client = new RegistryClient({
            http: new HttpClient({ dispatcher, retry: { attempts: 1 } }),
            credentials: ngcRegistryCredentials(sim.urls.registry, undefined),
        });
        const target = { registry: sim.urls.registry, repository };
        const index = await client.getManifest(target, tag);
        const amd64 = index.index?.manifests.find((m) => m.platform?.architecture === 'amd64');
        assert.ok(amd64);
        const manifest = await client.getManifest(target, amd64.digest);
        const layers = manifest.manifest?.layers ?? [];
        return { index: index.digest, bytes: layers.reduce((n, l) => n + (l.size ?? 0), 0), layers: layers.length };
    } finally {
        await dispatcher.close();
    }
}

describe('pull through Podman (integration)', () => {
    it('Should ping the service and identify the engine as Podman', (t) => {
        if (!needsPodman(t)) return;
        assert.equal(info.engine, 'podman');
        assert.equal(info.version, podman?.version);
        assert.match(info.apiVersion, /^1\.\d+$/);
    });

    it('Should pull a public multi-arch image with progress reaching the manifest total, without byte counts', async (t) => {
        if (!needsPodman(t)) return;
        const dispatcher = createDispatcher();
        const progress: PullProgress[] = [];
        const events: PullEvent[] = [];
        const client = new RegistryClient({
            http: new HttpClient({ dispatcher, retry: { attempts: 1 }, log }),
            credentials: ngcRegistryCredentials(sim.urls.registry, undefined),
            log,
        });
        const result = await pullResolved(daemon, client, ref('nvidia/pytorch:25.03-py3'), {
            platform: parsePlatform('linux/amd64'),
            onProgress: (p, e) => {
                progress.push(p);
                events.push(e);
            },
            log,
        }).finally(() => dispatcher.close());
        const expected = await amd64Layers('nvidia/pytorch', '25.03-py3');
        const last = progress.at(-1);
        assert.ok(last, 'progress events arrived');
        assert.equal(last.totalBytes, expected.bytes, 'the total comes from the manifest, not from the events');
        assert.equal(last.doneBytes, expected.bytes, '"Download complete" counts the layer\'s bytes');
        assert.equal(last.layersTotal, expected.layers, 'the config blob Podman reports is not a layer');
        // Podman never says "Pull complete": the end of a clean stream is what completes the layers.
        const final = result.progress;
        assert.deepEqual(
            [final.doneBytes, final.totalBytes, final.totalKnown, final.layersDone, final.layersTotal],
            [expected.bytes, expected.bytes, true, expected.layers, expected.layers],
        );
        assert.equal(result.repoDigest, `${sim.urls.registry}/nvidia/pytorch@${expected.index}`);
        assert.equal(result.image.architecture, 'amd64');
        assert.ok(
            events.every((e) => e.progressDetail?.total === undefined),
            'Podman sent no byte counts (if it starts to, this test still holds but the premise changed)',
        );
    });

    it('Should pull a private image from the CLI with the key as $oauthtoken, per request', async (t) => {
        if (!needsPodman(t)) return;
        sim.clearRequests();
        const r = await cli(['pull', 'acme/base:2024.1', '--platform', 'linux/amd64'], sim.keys.personal);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^Pulled .*acme\/base:2024\.1@sha256:[0-9a-f]{64} \(linux\/amd64\)\n$/);
        assert.match(r.stderr, /is Podman/);
        assert.match(r.stderr, /pulling: .*, 1\/1 layers\n$/, 'the last progress line has every layer done');
        const basic = sim.requests
            .filter((q) => q.host === 'registry' && q.url.startsWith('/proxy_auth'))
            .map((q) => q.headers['authorization'])
            .filter((a): a is string => a?.startsWith('Basic ') === true);
        assert.ok(basic.length >= 1, 'token requests carried Basic credentials');
        assert.ok(
            basic.every((a) => Buffer.from(a.slice(6), 'base64').toString() === `$oauthtoken:${sim.keys.personal}`),
        );
        assert.ok(await daemon.inspectImage(image('acme/base:2024.1')), 'Podman has the image');
    });

    it('Should map an unknown tag, reported inside a 200 stream, to not found (exit 5)', async (t) => {
        if (!needsPodman(t)) return;
        await assert.rejects(pullImage(daemon, ref('nvidia/pytorch:0.0-nope'), { log }), (e: unknown) => {
            assert.ok(DockerPullError.is(e, 'notFound'), String(e));
            assert.equal(e.exitCode, 5);
            return true;
        });
        assert.equal((await cli(['pull', 'nvidia/pytorch:0.0-nope'])).code, 5);
    });

    it('Should map a revoked key and a missing key to not authenticated (exit 3)', async (t) => {
        if (!needsPodman(t)) return;
        const auth = { username: '$oauthtoken', password: sim.keys.revoked, serveraddress: sim.urls.registry };
        await assert.rejects(
            pullImage(daemon, ref('acme/base:2024.1'), { auth, ngcRegistry: sim.urls.registry, log }),
            (e: unknown) => {
                assert.ok(DockerPullError.is(e, 'notAuthenticated'), String(e));
                assert.equal(e.exitCode, 3);
                assert.match(e.message, /valid, unrevoked NGC API key/);
                assert.match(diagnose(e).cli ?? '', /NGC_API_KEY/, 'the CLI is told which variable to set');
                return true;
            },
        );
        await assert.rejects(
            pullImage(daemon, ref('acme/vision/detector:1.0'), { ngcRegistry: sim.urls.registry, log }),
            (e: unknown) => DockerPullError.is(e, 'notAuthenticated') && e.exitCode === 3,
        );
        const r = await cli(['pull', 'acme/vision/detector:1.1'], sim.keys.revoked);
        assert.equal(r.code, 3, r.stderr);
        assert.equal(await daemon.inspectImage(image('acme/vision/detector:1.0')), undefined, 'nothing tagged');
    });

    it('Should never print or log the API key, including in Podman log', (t) => {
        if (!needsPodman(t)) return;
        const everything = [...outputs, ...logLines, podman?.log() ?? ''].join('\n');
        assert.ok(outputs.length > 0 && logLines.length > 0, 'there was output to check');
        for (const key of [sim.keys.personal, sim.keys.revoked]) {
            assert.equal(everything.includes(key), false, 'key found in output');
        }
    });
});
