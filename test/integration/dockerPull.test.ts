/**
 * (integration) Pulls through a real Docker Engine (a private dockerd started by test/helpers/dockerd.ts) from the
 * simulator's nvcr.io: progress that sums to the manifest's layer sizes, platform choice, `$oauthtoken` + key per
 * request, a revoked key and a missing tag mapped to exit codes, a failure inside the 200 stream, cancellation
 * that leaves no tagged image, the repo-digest check, and the key never appearing in any output or log.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import { startSimulator, type Simulator } from '../../sim/server';
import { diagnose } from '../../src/core/diagnose/diagnose';
import type { CliCommand } from '../../src/cli/command';
import { pullCommand } from '../../src/cli/commands/pull';
import { DockerDaemon, type DaemonInfo } from '../../src/core/docker/daemon';
import { pullImage } from '../../src/core/docker/pull';
import { DockerPullError } from '../../src/core/docker/pullErrors';
import type { PullProgress } from '../../src/core/docker/pullProgress';
import { pullResolved } from '../../src/core/docker/pullResolved';
import { createDispatcher } from '../../src/core/http/agent';
import { HttpClient } from '../../src/core/http/client';
import { CancelledError } from '../../src/core/lib/abort';
import { createLog, redactor } from '../../src/core/lib/log';
import { ngcRegistryCredentials } from '../builders/ngcCredentials';
import { RegistryClient } from '../../src/core/registry/client';
import { parsePlatform } from '../../src/core/registry/platform';
import { parseReference } from '../../src/core/registry/reference';
import { runCommand, type CommandRun } from '../helpers/commandRunner';
import { startDockerd, type PrivateDockerd } from '../helpers/dockerd';
import { skipUnless } from '../helpers/skipUnless';

let sim: Simulator;
let dockerd: PrivateDockerd | undefined;
let skipReason = '';
let daemon: DockerDaemon;
let info: DaemonInfo;
const logLines: string[] = [];
const outputs: string[] = [];

before(async () => {
    sim = await startSimulator({ registryTokenTtlSeconds: 600 });
    const started = await startDockerd();
    if (!started.ok) {
        skipReason = `no Docker Engine: ${started.reason}`;
        process.stdout.write(`# docker integration tests skipped: ${skipReason}\n`);
        return;
    }
    dockerd = started.dockerd;
    daemon = await DockerDaemon.connect({ env: { DOCKER_HOST: dockerd.dockerHost } });
    info = await daemon.ping();
    process.stdout.write(
        `# engine: ${info.engine} ${info.version} API ${info.apiVersion} (${dockerd.storageDriver}) at ${info.endpoint}\n`,
    );
});

after(async () => {
    await dockerd?.stop();
    await sim.close();
});

/** Skips (with the reason printed by node:test) when no engine could be started. */
const needsDocker = (t: TestContext) => skipUnless(t, skipReason, dockerd);

const ref = (text: string) => parseReference(text, { semantics: 'ngc', defaultRegistry: sim.urls.registry });
const image = (text: string) => `${sim.urls.registry}/${text}`;
const log = createLog((level, line) => logLines.push(`${level}: ${line}`), 'test', 'trace');

function withClient<T>(key: string | undefined, work: (client: RegistryClient) => Promise<T>): Promise<T> {
    const dispatcher = createDispatcher();
    const client = new RegistryClient({
        http: new HttpClient({ dispatcher, retry: { attempts: 1 }, log }),
        credentials: ngcRegistryCredentials(sim.urls.registry, key),
        log,
    });
    return work(client).finally(() => dispatcher.close());
}

/** Runs a command object the way main does, with DOCKER_HOST pointing at the private daemon. */
async function run(
    command: CliCommand,
    args: string[],
    key?: string,
    processEnv: NodeJS.ProcessEnv = { DOCKER_HOST: dockerd?.dockerHost },
): Promise<CommandRun> {
    const vars = {
        NGC_API_URL: sim.urls.api,
        NGC_AUTH_URL: sim.urls.auth,
        NGC_REGISTRY: sim.urls.registry,
        ...(key ? { NGC_API_KEY: key } : {}),
    };
    const r = await runCommand(command, args, { vars, processEnv });
    outputs.push(r.stdout, r.stderr);
    return r;
}

describe('pull through Docker (integration)', () => {
    it('Should ping the private daemon and identify Docker Engine', (t) => {
        if (!needsDocker(t)) return;
        assert.equal(info.engine, 'docker');
        assert.match(info.apiVersion, /^1\.\d+$/);
    });

    it('Should pull a public multi-arch image anonymously with progress summing to the manifest total', async (t) => {
        if (!needsDocker(t)) return;
        const platform = parsePlatform('linux/amd64');
        const events: PullProgress[] = [];
        sim.clearRequests();
        const result = await withClient(undefined, (client) =>
            pullResolved(daemon, client, ref('nvidia/pytorch:25.03-py3'), {
                platform,
                onProgress: (p) => events.push(p),
                log,
            }),
        );
        // The expected sizes come from the registry, read by the test's own client.
        const expected = await withClient(undefined, async (client) => {
            const target = { registry: sim.urls.registry, repository: 'nvidia/pytorch' };
            const index = await client.getManifest(target, '25.03-py3');
            const amd64 = index.index?.manifests.find((m) => m.platform?.architecture === 'amd64');
            assert.ok(amd64);
            const manifest = await client.getManifest(target, amd64.digest);
            return {
                index: index.digest,
                bytes: (manifest.manifest?.layers ?? []).reduce((n, l) => n + (l.size ?? 0), 0),
                layers: manifest.manifest?.layers.length,
            };
        });
        const last = events.at(-1);
        assert.ok(last && events.length >= 3, `${events.length} progress events`);
        assert.equal(last.totalBytes, expected.bytes);
        assert.equal(last.doneBytes, expected.bytes);
        assert.deepEqual([last.layersDone, last.layersTotal], [expected.layers, expected.layers]);
        for (let i = 1; i < events.length; i++) {
            assert.ok((events[i]?.doneBytes ?? 0) >= (events[i - 1]?.doneBytes ?? 0), 'bytes never go backwards');
        }
        assert.equal(result.repoDigest, `${sim.urls.registry}/nvidia/pytorch@${expected.index}`);
        assert.equal(result.progress.digest, expected.index, "the daemon's Digest line names the index");
        assert.equal(result.image.architecture, 'amd64');
        assert.equal(result.pinned, `${sim.urls.registry}/nvidia/pytorch:25.03-py3@${expected.index}`);
        const daemonRequests = sim.requests.filter((r) => r.host === 'registry' && r.url.includes('/blobs/'));
        assert.ok(
            daemonRequests.every((r) => r.headers['authorization']?.startsWith('Bearer ')),
            'the daemon used anonymous bearer tokens',
        );
    });

    it('Should pull linux/arm64 from the CLI with a progress line and a pinned final line', async (t) => {
        if (!needsDocker(t)) return;
        const r = await run(pullCommand, ['nvidia/pytorch:25.02-py3', '--platform', 'linux/arm64', '--json']);
        assert.equal(r.code, 0, r.stderr);
        const doc = JSON.parse(r.stdout) as {
            reference: string;
            architecture: string;
            platform: string;
            layers: number;
            bytes: number;
        };
        assert.equal(doc.architecture, 'arm64');
        assert.match(doc.reference, new RegExp(`^${image('nvidia/pytorch:25.02-py3')}@sha256:[0-9a-f]{64}$`));
        assert.match(r.stderr, /pulling: .* \/ .*, 1\/1 layers/);
        const local = await daemon.inspectImage(image('nvidia/pytorch:25.02-py3'));
        assert.equal(local?.architecture, 'arm64');
    });

    it('Should pull an OCI index image for arm64/v8 (tritonserver)', async (t) => {
        if (!needsDocker(t)) return;
        const r = await run(pullCommand, ['nvidia/tritonserver:25.02-py3', '--platform', 'linux/arm64/v8']);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^Pulled .*nvidia\/tritonserver:25\.02-py3@sha256:[0-9a-f]{64} \(linux\/arm64\/v8\)\n$/);
    });

    it('Should pull a private image with the personal key sent as $oauthtoken, per request', async (t) => {
        if (!needsDocker(t)) return;
        sim.clearRequests();
        const r = await run(pullCommand, ['acme/base:2024.1'], sim.keys.personal);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^Pulled .*acme\/base:2024\.1@sha256:/);
        const tokenCalls = sim.requests.filter((q) => q.host === 'registry' && q.url.startsWith('/proxy_auth'));
        const basic = tokenCalls
            .map((q) => q.headers['authorization'])
            .filter((a): a is string => a?.startsWith('Basic ') === true);
        assert.ok(basic.length >= 1, 'token requests carried Basic credentials');
        assert.ok(
            basic.every((a) => Buffer.from(a.slice(6), 'base64').toString() === `$oauthtoken:${sim.keys.personal}`),
        );
    });

    it('Should refuse a private image pulled anonymously as not authenticated', async (t) => {
        if (!needsDocker(t)) return;
        await assert.rejects(
            pullImage(daemon, ref('acme/base:2024.1'), { ngcRegistry: sim.urls.registry }),
            (e: unknown) => DockerPullError.is(e, 'notAuthenticated') && e.exitCode === 3,
        );
    });

    it('Should map a revoked key refused at the token endpoint to not authenticated (exit 3)', async (t) => {
        if (!needsDocker(t)) return;
        const auth = { username: '$oauthtoken', password: sim.keys.revoked, serveraddress: sim.urls.registry };
        redactor.add(sim.keys.revoked);
        await assert.rejects(
            pullImage(daemon, ref('acme/base:2024.1'), { auth, ngcRegistry: sim.urls.registry, log }),
            (e: unknown) => {
                assert.ok(DockerPullError.is(e, 'notAuthenticated'), String(e));
                assert.equal(e.exitCode, 3);
                assert.match(e.message, /valid, unrevoked NGC API key/);
                assert.match(diagnose(e).cli ?? '', /NGC_API_KEY/, 'the CLI is told which variable to set');
                assert.ok(!e.message.includes(sim.keys.revoked));
                return true;
            },
        );
        const r = await run(pullCommand, ['acme/base:2024.1'], sim.keys.revoked);
        assert.equal(r.code, 3, r.stderr);
    });

    it('Should map an unknown tag to not found (exit 5), from the daemon and from the CLI', async (t) => {
        if (!needsDocker(t)) return;
        await assert.rejects(
            pullImage(daemon, ref('nvidia/pytorch:0.0-nope')),
            (e: unknown) => DockerPullError.is(e, 'notFound') && e.exitCode === 5,
        );
        assert.equal((await run(pullCommand, ['nvidia/pytorch:0.0-nope'])).code, 5);
    });

    it('Should turn an error inside the 200 stream into a DockerPullError, not a success', async (t) => {
        if (!needsDocker(t)) return;
        sim.faults.add({
            host: 'registry',
            path: /^\/v2\/nvidia\/cuda\/blobs\//,
            fault: {
                kind: 'status',
                status: 404,
                body: '{"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown to registry"}]}',
            },
        });
        try {
            const events: string[] = [];
            await assert.rejects(
                pullImage(daemon, ref('nvidia/cuda:12.9.5-base'), {
                    onProgress: (_p, e) => events.push(e.status ?? ''),
                    log,
                }),
                (e: unknown) => DockerPullError.is(e) && /blob unknown|unknown blob|404/i.test(e.message),
            );
            assert.equal(await daemon.inspectImage(image('nvidia/cuda:12.9.5-base')), undefined);
        } finally {
            sim.faults.clear();
        }
    });

    it('Should cancel a slow pull by aborting the request, leaving no tagged image', async (t) => {
        if (!needsDocker(t)) return;
        sim.faults.add({
            host: 'registry',
            path: /^\/v2\/nvidia\/tritonserver\/blobs\//,
            fault: { kind: 'slow', bytesPerSecond: 8192 },
        });
        const controller = new AbortController();
        let downloading = false;
        const started = Date.now();
        try {
            await assert.rejects(
                pullImage(daemon, ref('nvidia/tritonserver:25.03-py3'), {
                    platform: 'linux/amd64',
                    signal: controller.signal,
                    onProgress: (p, e) => {
                        if (e.status === 'Downloading' && !downloading) {
                            downloading = true;
                            setTimeout(() => controller.abort(), 300);
                        }
                    },
                }),
                CancelledError,
            );
            assert.ok(downloading, 'the pull was cancelled mid-download');
            assert.ok(Date.now() - started < 4000, 'cancellation did not wait for the transfer');
            assert.equal(
                await daemon.inspectImage(image('nvidia/tritonserver:25.03-py3')),
                undefined,
                'no image tagged',
            );
            // At 8 KiB/s the ~33 KiB layer would be complete ~5 s after the start: if the daemon had carried on
            // without us, the image would exist by then.
            const layer = await withClient(undefined, async (client) => {
                const target = { registry: sim.urls.registry, repository: 'nvidia/tritonserver' };
                const index = await client.getManifest(target, '25.03-py3');
                const amd64 = index.index?.manifests.find((m) => m.platform?.architecture === 'amd64');
                const manifest = await client.getManifest(target, amd64?.digest ?? '');
                return manifest.manifest?.layers[0]?.size ?? 0;
            });
            await new Promise((r) => setTimeout(r, Math.max(0, started + (layer / 8192) * 1000 + 2000 - Date.now())));
            assert.equal(
                await daemon.inspectImage(image('nvidia/tritonserver:25.03-py3')),
                undefined,
                'still no image after the transfer would have ended',
            );
        } finally {
            sim.faults.clear();
        }
    });

    it('Should fail with digestMismatch (exit 6) when the image does not carry the resolved digest', async (t) => {
        if (!needsDocker(t)) return;
        // No progress listener: the digest still comes from the daemon's own "Digest:" line.
        const ok = await pullImage(daemon, ref('nvidia/cuda:12.8.5-base'));
        assert.ok(
            ok.repoDigest?.includes('@sha256:'),
            JSON.stringify({ digests: ok.image.repoDigests, progress: ok.progress }),
        );
        const wrong = `sha256:${'0'.repeat(64)}`;
        await assert.rejects(
            pullImage(daemon, ref('nvidia/cuda:12.8.5-base'), { expectedDigest: wrong }),
            (e: unknown) => DockerPullError.is(e, 'digestMismatch') && e.exitCode === 6 && e.message.includes(wrong),
        );
    });

    it('Should exit 1 with a clear message when no daemon answers at DOCKER_HOST', async () => {
        const r = await run(pullCommand, ['nvidia/cuda:12.9.5-base'], undefined, {
            DOCKER_HOST: 'unix:///tmp/ngc-explorer-no-such-daemon.sock',
        });
        assert.equal(r.code, 1);
        assert.match(
            r.stderr,
            /no Docker daemon answers at unix:\/\/\/tmp\/ngc-explorer-no-such-daemon\.sock \(from DOCKER_HOST\) \(ENOENT\)/,
        );
    });

    it('Should never print or log the API key anywhere, including the daemon log', (t) => {
        if (!needsDocker(t)) return;
        const everything = [...outputs, ...logLines, dockerd?.log() ?? ''].join('\n');
        for (const key of [sim.keys.personal, sim.keys.revoked]) {
            assert.equal(everything.includes(key), false, 'key found in output');
            assert.equal(
                everything.includes(Buffer.from(`$oauthtoken:${key}`).toString('base64')),
                false,
                'encoded key found in output',
            );
        }
        assert.ok(outputs.length > 0 && logLines.length > 0, 'there was output to check');
    });
});
