/**
 * (integration) Pulls through a real Docker Engine (a private dockerd, test/helpers/dockerd.ts) from a real CNCF
 * distribution registry (Debian's `docker-registry` with htpasswd on loopback, test/helpers/dockerRegistry.ts), the
 * stand-in for an internal mirror: the daemon gets the username/password our credentials callback returns, in
 * `X-Registry-Auth` for this one request (no `docker login`); progress sums to the sizes the registry serves; the
 * local image must carry the digest the pusher computed. Skips with a printed reason without dockerd or the registry.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Dispatcher } from 'undici';
import { DockerDaemon } from '../../src/core/docker/daemon';
import { pullImage } from '../../src/core/docker/pull';
import { DockerPullError } from '../../src/core/docker/pullErrors';
import type { PullProgress } from '../../src/core/docker/pullProgress';
import { pullResolved } from '../../src/core/docker/pullResolved';
import { dockerAuthFor, encodeRegistryAuth } from '../../src/core/docker/registryAuth';
import { createDispatcher } from '../../src/core/http/agent';
import { HttpClient } from '../../src/core/http/client';
import { createLog, redactor } from '../../src/core/lib/log';
import type { CredentialsProvider, RegistryCredentials } from '../../src/core/registry/auth';
import { RegistryClient } from '../../src/core/registry/client';
import { parsePlatform } from '../../src/core/registry/platform';
import { parseReference } from '../../src/core/registry/reference';
import { startDockerd, type PrivateDockerd } from '../helpers/dockerd';
import { dockerRegistrySkipReason, startDockerRegistry, type RunningRegistry } from '../helpers/dockerRegistry';
import { pushImage, type PushAuth, type PushedImage } from '../helpers/imagePusher';
import { skipUnless } from '../helpers/skipUnless';

const user: PushAuth = { username: 'mirror-bot', password: 'pull-secret-4711' };
redactor.add(user.password);

let dockerd: PrivateDockerd | undefined;
let registry: RunningRegistry | undefined;
let skipReason = '';
let daemon: DockerDaemon;
let dispatcher: Dispatcher;
let multi: PushedImage;
let single: PushedImage;
const logLines: string[] = [];
const log = createLog((level, line) => logLines.push(`${level}: ${line}`), 'test', 'trace');
/** Hosts the callback was asked about: proof that core asked it, rather than reading a store. */
const asked: string[] = [];

before(async () => {
    const registrySkip = dockerRegistrySkipReason();
    if (registrySkip) {
        skipReason = registrySkip;
    } else {
        const started = await startDockerd();
        if (!started.ok) {
            skipReason = `no Docker Engine: ${started.reason}`;
        } else {
            dockerd = started.dockerd;
            const reg = await startDockerRegistry([user]);
            if (!reg.registry) {
                skipReason = reg.skip;
            } else {
                registry = reg.registry;
            }
        }
    }
    if (skipReason) {
        process.stdout.write(`# docker-registry pull tests skipped: ${skipReason}\n`);
        return;
    }
    const r = registry as RunningRegistry;
    multi = await pushImage(r.url, 'mirror/multi', '1.0', {
        format: 'docker',
        platforms: [
            { os: 'linux', architecture: 'amd64' },
            { os: 'linux', architecture: 'arm64' },
        ],
        auth: user,
    });
    single = await pushImage(r.url, 'mirror/single', '2.0', {
        format: 'oci',
        platforms: [{ os: 'linux', architecture: 'amd64' }],
        auth: user,
    });
    daemon = await DockerDaemon.connect({ env: { DOCKER_HOST: (dockerd as PrivateDockerd).dockerHost }, log });
    const info = await daemon.ping();
    dispatcher = createDispatcher();
    process.stdout.write(
        `# engine: ${info.engine} ${info.version} API ${info.apiVersion}; registry: docker-registry at ${r.host}\n`,
    );
});

after(async () => {
    await dispatcher?.close();
    await registry?.stop();
    await dockerd?.stop();
});

const ready = (t: TestContext) => skipUnless(t, skipReason, registry, dockerd);

/** The credentials callback the extension and the CLI hand to core: this registry's user, nobody else's. */
function credentialsFor(creds: RegistryCredentials | undefined): CredentialsProvider {
    return (host) => {
        asked.push(host);
        return host === registry?.host ? creds : undefined;
    };
}

const ref = (text: string) => parseReference(`${registry?.host}/${text}`, { semantics: 'docker' });
const client = (credentials: CredentialsProvider) =>
    new RegistryClient({ http: new HttpClient({ dispatcher, retry: { attempts: 1 }, log }), credentials, log });

/** Layer sizes of one platform's manifest, read with plain fetch (not the client under test). */
async function layerBytes(digest: string): Promise<{ bytes: number; layers: number }> {
    const authorization = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;
    const accept = 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json';
    const response = await fetch(
        `${registry?.url}/v2/${digest === single.digest ? 'mirror/single' : 'mirror/multi'}/manifests/${digest}`,
        { headers: { authorization, accept } },
    );
    const manifest = (await response.json()) as { layers: { size: number }[] };
    return { bytes: manifest.layers.reduce((n, l) => n + l.size, 0), layers: manifest.layers.length };
}

describe('pull from docker-registry with htpasswd through Docker (integration)', () => {
    it('Should pull arm64 of a multi-arch image with the callback credentials, progress to the manifest total and the pushed digest', async (t) => {
        if (!ready(t)) return;
        asked.length = 0;
        const credentials = credentialsFor(user);
        const events: PullProgress[] = [];
        const result = await pullResolved(daemon, client(credentials), ref('mirror/multi:1.0'), {
            platform: parsePlatform('linux/arm64'),
            signal: new AbortController().signal,
            onProgress: (p) => events.push(p),
            log,
        });
        assert.ok(asked.includes(registry?.host ?? ''), 'core asked the callback for this registry');
        const expected = await layerBytes(multi.platforms.get('linux/arm64') ?? '');
        const last = events.at(-1);
        assert.ok(last, 'progress events arrived');
        assert.equal(last.totalBytes, expected.bytes, 'the total is the manifest layer sizes');
        assert.equal(last.doneBytes, expected.bytes);
        assert.deepEqual([last.layersDone, last.layersTotal], [expected.layers, expected.layers]);
        assert.equal(
            result.repoDigest,
            `${registry?.host}/mirror/multi@${multi.digest}`,
            'the daemon confirms the digest the pusher computed',
        );
        assert.equal(result.pinned, `${registry?.host}/mirror/multi:1.0@${multi.digest}`);
        assert.equal(result.image.architecture, 'arm64');
        assert.deepEqual(result.image.repoTags, [`${registry?.host}/mirror/multi:1.0`]);
    });

    it('Should pull a single OCI manifest for the amd64 engine and confirm its digest', async (t) => {
        if (!ready(t)) return;
        const credentials = credentialsFor(user);
        const result = await pullResolved(daemon, client(credentials), ref('mirror/single:2.0'), {
            platform: parsePlatform('linux/amd64'),
            log,
        });
        assert.equal(result.repoDigest, `${registry?.host}/mirror/single@${single.digest}`);
        assert.equal(result.progress.totalBytes, (await layerBytes(single.digest)).bytes);
    });

    it('Should be refused as not authenticated without credentials and with a wrong password (the daemon holds none of its own)', async (t) => {
        if (!ready(t)) return;
        await assert.rejects(pullImage(daemon, ref('mirror/single:2.0'), { log }), (e: unknown) => {
            assert.ok(DockerPullError.is(e, 'notAuthenticated'), String(e));
            assert.equal(e.exitCode, 3);
            return true;
        });
        const wrong = await dockerAuthFor(
            registry?.host ?? '',
            credentialsFor({ username: user.username, password: 'not-the-password' }),
        );
        assert.ok(wrong);
        await assert.rejects(
            pullImage(daemon, ref('mirror/multi:1.0'), { auth: wrong, platform: 'linux/amd64', log }),
            (e: unknown) => DockerPullError.is(e, 'notAuthenticated'),
        );
    });

    it('Should fail the digest confirmation when the local image does not carry the expected digest', async (t) => {
        if (!ready(t)) return;
        const auth = await dockerAuthFor(registry?.host ?? '', credentialsFor(user));
        const wrong = `sha256:${'1'.repeat(64)}`;
        await assert.rejects(
            pullImage(daemon, ref('mirror/single:2.0'), { ...(auth ? { auth } : {}), expectedDigest: wrong, log }),
            (e: unknown) =>
                DockerPullError.is(e, 'digestMismatch') && e.exitCode === 6 && e.message.includes(single.digest),
        );
    });

    it('Should never log the password or its X-Registry-Auth encoding, here or in the daemon log', (t) => {
        if (!ready(t)) return;
        const everything = [...logLines, dockerd?.log() ?? ''].join('\n');
        assert.ok(logLines.length > 0, 'there were log lines to check');
        assert.equal(everything.includes(user.password), false);
        assert.equal(everything.includes(encodeRegistryAuth({ ...user, serveraddress: registry?.host ?? '' })), false);
    });
});
