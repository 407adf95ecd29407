/**
 * (integration) `mirror` from the simulator's nvcr.io to a real CNCF distribution registry (Debian's
 * `docker-registry`, htpasswd), through a recording proxy that counts upload bytes, sees every credential that
 * reaches the target, and can kill an upload part-way. The index digest at the target must be the source's, every
 * child and the cosign `.sig` tag must be there and verify with the simulator's key, a rerun must send no blob byte,
 * and a killed upload must finish.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Agent } from 'undici';
import { startSimulator, type Simulator } from '../../sim/server';
import { HttpClient } from '../../src/core/http/client';
import { ngcRegistryCredentials } from '../builders/ngcCredentials';
import { RegistryClient } from '../../src/core/registry/client';
import { MirrorTargetError } from '../../src/core/registry/copy/errors';
import { BlobLocations } from '../../src/core/registry/copy/events';
import { mirrorImage, type MirrorOptions } from '../../src/core/registry/copy/mirror';
import { RegistrySession } from '../../src/core/registry/copy/session';
import { verifyCosignSignatures } from '../../src/core/registry/cosign';
import { parsePublicKey } from '../../src/core/registry/cosignPayload';
import { dockerRegistrySkipReason, startDockerRegistry, type RunningRegistry } from '../helpers/dockerRegistry';
import { startRecordingProxy, type RecordingProxy } from '../helpers/recordingProxy';
import { startTokenRegistry } from '../helpers/tokenRegistry';
import { runCli, simEnv } from './cliRunner';

const user = { username: 'mirror-bot', password: 'mirror-pass-7f3a9c' };
const ngcKey = 'nvapi-sim-personal-0001';
const skip = dockerRegistrySkipReason();
if (skip) {
    console.log(`# skipping the mirror tests: ${skip}`);
}

describe('mirror to Debian docker-registry with htpasswd (integration)', { skip }, () => {
    let sim: Simulator;
    let registry: RunningRegistry;
    let proxy: RecordingProxy;
    let dir: string;
    let credsFile: string;
    const dispatcher = new Agent({ keepAliveTimeout: 10 });
    const http = new HttpClient({ dispatcher, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 } });
    const locations = new BlobLocations();

    before(async () => {
        const start = await startDockerRegistry([user]);
        if (!start.registry) {
            throw new Error(`docker-registry is installed but did not start: ${start.skip}`);
        }
        registry = start.registry;
        proxy = await startRecordingProxy(registry.url);
        sim = await startSimulator({ registryTokenTtlSeconds: 600 });
        dir = await mkdtemp(join(tmpdir(), 'ngc-mirror-'));
        credsFile = join(dir, 'registry-credentials.json');
        const secret = Buffer.from(`${user.username}:${user.password}`).toString('base64');
        await writeFile(credsFile, JSON.stringify([{ hostname: proxy.host, secret, kind: 'harbor' }]));
    });

    after(async () => {
        await dispatcher.close();
        await proxy?.close();
        await registry?.stop();
        await sim?.close();
        await rm(dir, { recursive: true, force: true });
    });

    const source = () =>
        new RegistryClient({
            http,
            credentials: ngcRegistryCredentials(sim.urls.registry, ngcKey),
            now: () => sim.clock.now(),
        });
    const target = (credentials = true) =>
        new RegistrySession({ http, registry: proxy.host, credentials: () => (credentials ? user : undefined) });
    const targetReader = () => new RegistryClient({ http, credentials: () => user });
    const mirror = (repository: string, tag: string, into: string, extra: Partial<MirrorOptions> = {}) =>
        mirrorImage({
            source: source(),
            sourceRepository: { registry: sim.urls.registry, repository },
            sourceReference: tag,
            target: target(),
            targetRepository: into,
            targetTag: tag,
            blobLocations: locations,
            ...extra,
        });

    it('Should copy the signed OCI index with its digest, every child and the .sig tag, and verify there', async () => {
        const result = await mirror('nvidia/tritonserver', '25.03-py3', 'mirror/tritonserver');
        const sourceHead = await source().headManifest(
            { registry: sim.urls.registry, repository: 'nvidia/tritonserver' },
            '25.03-py3',
        );
        assert.equal(result.digest, sourceHead.digest);
        assert.equal(result.subset, false);
        const at = { registry: proxy.host, repository: 'mirror/tritonserver' };
        const mirrored = await targetReader().getManifest(at, '25.03-py3');
        assert.equal(mirrored.digest, sourceHead.digest, 'the target serves the same index digest');
        assert.equal(mirrored.index?.manifests.length, 2);
        for (const child of mirrored.index?.manifests ?? []) {
            const got = await targetReader().getManifest(at, child.digest);
            assert.equal(got.digest, child.digest);
        }
        const sigTag = `${sourceHead.digest.replace(':', '-')}.sig`;
        assert.ok(result.artifactTags.includes(sigTag));
        const tags = await targetReader().listTags(at, { includeSignatures: true });
        assert.ok(tags.includes(sigTag), `${sigTag} is at the target`);
        const key = parsePublicKey(sim.publicKeyPem, 'sim');
        const verification = await verifyCosignSignatures(targetReader(), at, mirrored.digest, key);
        assert.equal(verification.verified, true, verification.reason);
        assert.ok(result.stats.bytesSent > 0 && result.stats.blobsUploaded > 0);
    });

    it('Should send no blob byte on a second run, and mount into another repository', async () => {
        const before = proxy.uploadBytes();
        const again = await mirror('nvidia/tritonserver', '25.03-py3', 'mirror/tritonserver');
        assert.equal(again.stats.bytesSent, 0);
        assert.equal(again.stats.blobsUploaded, 0);
        assert.equal(proxy.uploadBytes(), before, 'no upload body reached the registry');
        const other = await mirror('nvidia/tritonserver', '25.03-py3', 'mirror/triton-copy');
        assert.equal(other.stats.bytesSent, 0);
        assert.equal(other.stats.blobsMounted, other.blobs, 'every blob was mounted from mirror/tritonserver');
        const copied = await targetReader().headManifest(
            { registry: proxy.host, repository: 'mirror/triton-copy' },
            '25.03-py3',
        );
        assert.equal(copied.digest, again.digest);
    });

    it('Should finish an upload whose connection was killed part-way', async () => {
        proxy.killNextUpload(30_000);
        const sentBefore = proxy.uploadBytes();
        const result = await mirror('nvidia/pytorch', '25.02-py3', 'mirror/pytorch-killed', { concurrency: 1 });
        assert.ok(result.stats.resumes >= 1, 'the killed upload recovered');
        const resent = proxy.uploadBytes() - sentBefore - result.stats.bytesTotal;
        assert.ok(resent <= 30_000, `at most the killed part is sent again (${resent} bytes)`);
        const head = await targetReader().headManifest(
            { registry: proxy.host, repository: 'mirror/pytorch-killed' },
            '25.02-py3',
        );
        assert.equal(head.digest, result.sourceDigest);
    });

    // distribution 2.8 ties each upload Location to the offset it last saw (`_state`): once a broken request has
    // written part of its body, the session is cancelled, so the blob starts over in a new session. Resuming from
    // the server's Range is covered against a registry that keeps the session (test/unit/core/registry/copy).
    it('Should finish a chunked upload killed part-way, sending again only the killed part', async () => {
        proxy.killNextUpload(15_000);
        const sentBefore = proxy.uploadBytes();
        const result = await mirror('nvidia/pytorch', '25.01-py3', 'mirror/pytorch-chunked', {
            concurrency: 1,
            chunked: true,
            chunkSize: 20_000,
        });
        assert.ok(result.stats.resumes >= 1);
        const head = await targetReader().headManifest(
            { registry: proxy.host, repository: 'mirror/pytorch-chunked' },
            '25.01-py3',
        );
        assert.equal(head.digest, result.sourceDigest);
        const resent = proxy.uploadBytes() - sentBefore - result.stats.bytesTotal;
        assert.ok(resent > 0 && resent <= 20_000, `only the killed chunk's blob went again (${resent} bytes)`);
    });

    it('Should copy a named platform only as a new index and say so, giving both digests', async () => {
        const result = await mirror('nvidia/pytorch', '25.03-py3', 'mirror/pytorch-arm', {
            platforms: [{ os: 'linux', architecture: 'arm64' }],
        });
        assert.equal(result.subset, true);
        assert.notEqual(result.digest, result.sourceDigest);
        assert.deepEqual(result.platforms, ['linux/arm64']);
        assert.match(result.warnings.join('\n'), /new index/);
        const head = await targetReader().headManifest(
            { registry: proxy.host, repository: 'mirror/pytorch-arm' },
            '25.03-py3',
        );
        assert.equal(head.digest, result.digest);
    });

    describe('the CLI', () => {
        const cliEnv = (extra: Record<string, string> = {}) => ({
            ...simEnv(sim, ngcKey),
            NGC_REGISTRY_CREDENTIALS: credsFile,
            DOCKER_CONFIG: dir,
            ...extra,
        });

        it('Should print TARGET_REPO:TAG@DIGEST, report progress on stderr, and keep each secret on its own host', async () => {
            proxy.requests.length = 0;
            sim.clearRequests();
            const r = await runCli(['mirror', 'nvidia/pytorch:25.03-py3', `${proxy.host}/cli/pytorch`], cliEnv());
            assert.equal(r.code, 0, r.stderr);
            assert.match(r.stdout, new RegExp(`^${proxy.host}/cli/pytorch:25\\.03-py3@sha256:[0-9a-f]{64}\\n$`));
            assert.match(r.stderr, /Copying \d+ manifest/);
            const sourceDigest = (
                await source().headManifest({ registry: sim.urls.registry, repository: 'nvidia/pytorch' }, '25.03-py3')
            ).digest;
            assert.ok(r.stdout.includes(sourceDigest), 'the digest printed is the source digest');
            const targetSaw = JSON.stringify(proxy.requests.map((q) => q.headers));
            assert.ok(!targetSaw.includes(ngcKey), 'the NGC key never reached the mirror');
            assert.ok(!targetSaw.includes(Buffer.from(`$oauthtoken:${ngcKey}`).toString('base64')));
            assert.ok(targetSaw.includes('authorization'), 'the mirror did get its own credential');
            const ngcSaw = JSON.stringify(sim.requests.map((q) => q.headers));
            assert.ok(!ngcSaw.includes(Buffer.from(`${user.username}:${user.password}`).toString('base64')));
            assert.ok(!`${r.stdout}${r.stderr}`.includes(user.password) && !`${r.stdout}${r.stderr}`.includes(ngcKey));
        });

        it('Should list what it would copy with --dry-run --json and write nothing', async () => {
            const r = await runCli(
                ['mirror', 'nvidia/tritonserver:25.03-py3', `${proxy.host}/cli/dry:x`, '--dry-run', '--json'],
                cliEnv(),
            );
            assert.equal(r.code, 0, r.stderr);
            const doc = JSON.parse(r.stdout) as { dryRun: boolean; bytesToSend: number; stats: { bytesTotal: number } };
            assert.equal(doc.dryRun, true);
            assert.ok(doc.bytesToSend > 0);
            assert.equal(doc.bytesToSend, doc.stats.bytesTotal, 'a new repository lacks every blob');
            const present = await runCli(
                ['mirror', 'nvidia/tritonserver:25.03-py3', `${proxy.host}/mirror/tritonserver`, '--dry-run', '--json'],
                cliEnv(),
            );
            assert.equal((JSON.parse(present.stdout) as { bytesToSend: number }).bytesToSend, 0);
            const tags = await targetReader()
                .listTags({ registry: proxy.host, repository: 'cli/dry' })
                .catch(() => []);
            assert.deepEqual(tags, []);
        });

        it('Should exit 3 naming the host and how to add a credential when there is none', async () => {
            const r = await runCli(
                ['mirror', 'nvidia/cuda:12.9.5-base', `${proxy.host}/cli/cuda`],
                cliEnv({ NGC_REGISTRY_CREDENTIALS: '' }),
            );
            assert.equal(r.code, 3, r.stderr);
            assert.match(r.stderr, new RegExp(`no registry credential for hostname ${proxy.host}`, 'i'));
            assert.match(r.stderr, /NGC_REGISTRY_CREDENTIALS/);
        });

        it('Should exit 3 naming the host when the target rejects the credential', async () => {
            const bad = join(dir, 'bad.json');
            const secret = Buffer.from(`${user.username}:wrong-password-123`).toString('base64');
            await writeFile(bad, JSON.stringify([{ hostname: proxy.host, secret }]));
            const r = await runCli(
                ['mirror', 'nvidia/cuda:12.9.5-base', `${proxy.host}/cli/cuda`],
                cliEnv({ NGC_REGISTRY_CREDENTIALS: bad }),
            );
            assert.equal(r.code, 3, r.stderr);
            assert.match(r.stderr, new RegExp(`${proxy.host} rejected the registry credential`));
            assert.ok(!r.stderr.includes('wrong-password-123'));
        });

        it('Should exit 5 for an unknown source tag', async () => {
            const r = await runCli(['mirror', 'nvidia/pytorch:99.99-nope', `${proxy.host}/cli/pytorch`], cliEnv());
            assert.equal(r.code, 5, r.stderr);
        });
    });
});

describe('mirror to Debian docker-registry with token auth (integration)', { skip }, () => {
    it('Should get a push token from the realm with the target credential only, and keep the digest', async (t) => {
        const started = await startTokenRegistry(user);
        if (typeof started === 'string') {
            t.skip(started);
            return;
        }
        const sim = await startSimulator({ registryTokenTtlSeconds: 600 });
        const dispatcher = new Agent({ keepAliveTimeout: 10 });
        const http = new HttpClient({ dispatcher, retry: { attempts: 1 } });
        try {
            const result = await mirrorImage({
                source: new RegistryClient({ http, credentials: ngcRegistryCredentials(sim.urls.registry, ngcKey) }),
                sourceRepository: { registry: sim.urls.registry, repository: 'nvidia/pytorch' },
                sourceReference: '25.03-py3',
                target: new RegistrySession({ http, registry: started.host, credentials: () => user }),
                targetRepository: 'mirror/pytorch',
                targetTag: '25.03-py3',
            });
            // A plain registry client trusts only realms on the registry's host:port; this token service is on
            // another port of the same machine, so the reader names it (as NGC_TRUSTED_REALMS would).
            const reader = new RegistryClient({
                http,
                credentials: () => ({ ...user, realmHosts: [started.realmHost] }),
            });
            const head = await reader.headManifest(
                { registry: started.host, repository: 'mirror/pytorch' },
                '25.03-py3',
            );
            assert.equal(head.digest, result.sourceDigest);
            assert.ok(result.artifactTags.some((tag) => tag.endsWith('.sig')));
            assert.ok(
                started.tokenRequests.some((r) => r.query.includes('pull%2Cpush')),
                'a push scope was asked for',
            );
            const realmSaw = JSON.stringify(started.tokenRequests);
            assert.ok(!realmSaw.includes(ngcKey), 'the NGC key never reached the target realm');
            const denied = await mirrorImage({
                source: new RegistryClient({ http, credentials: ngcRegistryCredentials(sim.urls.registry, ngcKey) }),
                sourceRepository: { registry: sim.urls.registry, repository: 'nvidia/cuda' },
                sourceReference: '12.9.5-base',
                target: new RegistrySession({ http, registry: started.host }),
                targetRepository: 'mirror/cuda',
                targetTag: '12.9.5-base',
            }).catch((error: unknown) => error);
            assert.ok(MirrorTargetError.is(denied, 'noCredential'), String(denied));
        } finally {
            await dispatcher.close();
            await sim.close();
            await started.stop();
        }
    });
});
