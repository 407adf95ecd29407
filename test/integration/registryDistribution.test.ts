/**
 * (integration) The registry client against a real CNCF distribution registry (Debian's `docker-registry`) with
 * htpasswd auth, standing in for an internal mirror (Harbor, Artifactory): proof that nothing in the client is
 * tuned to the simulator. Images are pushed from Node; their digests are computed by the pusher, not the client.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Dispatcher } from 'undici';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { parseDockerfile } from '../../src/core/dockerfile/fromLine';
import { applyEdits, computePinEdits, planPins } from '../../src/core/dockerfile/pin';
import { createDispatcher } from '../../src/core/http/agent';
import { HttpClient } from '../../src/core/http/client';
import { HttpError } from '../../src/core/http/errors';
import type { RegistryCredentials } from '../../src/core/registry/auth';
import { RegistryClient } from '../../src/core/registry/client';
import { parsePlatform } from '../../src/core/registry/platform';
import { parseReference } from '../../src/core/registry/reference';
import { resolveImage } from '../../src/core/registry/resolve';
import { resolvePinRequests } from '../../src/core/registry/resolveMany';
import { dockerRegistrySkipReason, startDockerRegistry, type RunningRegistry } from '../helpers/dockerRegistry';
import { pushImage, retag, type PushedImage } from '../helpers/imagePusher';

const user = { username: 'testuser', password: 'testpass-0123' };
const skip = dockerRegistrySkipReason();
if (skip) {
    console.log(`# skipping the real-registry tests: ${skip}`);
}

describe('RegistryClient against Debian docker-registry with htpasswd (integration)', { skip }, () => {
    let registry: RunningRegistry;
    let dispatcher: Dispatcher;
    let http: HttpClient;
    let oci: PushedImage;
    let dockerList: PushedImage;
    let single: PushedImage;
    const client = (credentials: RegistryCredentials | undefined) =>
        new RegistryClient({ http, credentials: () => credentials });
    const ref = (text: string) => parseReference(`${registry.host}/${text}`, { semantics: 'docker' });

    before(async () => {
        const start = await startDockerRegistry([user]);
        if (!start.registry) {
            throw new Error(`docker-registry is installed but did not start: ${start.skip}`);
        }
        registry = start.registry;
        dispatcher = createDispatcher();
        http = new HttpClient({ dispatcher, retry: { attempts: 1 } });
        const arm64 = { os: 'linux', architecture: 'arm64', variant: 'v8' };
        const amd64 = { os: 'linux', architecture: 'amd64' };
        oci = await pushImage(registry.url, 'test/multi', '1', {
            format: 'oci',
            platforms: [amd64, arm64],
            auth: user,
        });
        dockerList = await pushImage(registry.url, 'test/dlist', '1', {
            format: 'docker',
            platforms: [amd64, { os: 'linux', architecture: 'arm64' }],
            auth: user,
        });
        single = await pushImage(registry.url, 'test/single', '1', {
            format: 'docker',
            platforms: [amd64],
            auth: user,
        });
        for (const tag of ['2', '3', '4', '5']) {
            await retag(registry.url, 'test/multi', '1', tag, user);
        }
    });

    after(async () => {
        await dispatcher?.close();
        await registry?.stop();
    });

    it('Should resolve an OCI index by HEAD with Basic credentials to the digest the pusher computed', async () => {
        const c = client(user);
        const resolved = await resolveImage(c, ref('test/multi:1'));
        assert.equal(resolved.indexDigest, oci.digest);
        assert.equal(resolved.mediaType, 'application/vnd.oci.image.index.v1+json');
        assert.equal(resolved.reference, `${registry.host}/test/multi:1@${oci.digest}`);
        assert.equal(c.stats.manifestRequests, 1);
        assert.equal(c.auth.stats.tokenRequests, 0, 'Basic auth needs no token service');
    });

    it('Should pick platforms from an OCI index (arm64/v8) and a Docker list (arm64) alike', async () => {
        const c = client(user);
        const a = await resolveImage(c, ref('test/multi:1'), { platform: parsePlatform('linux/arm64') });
        assert.equal(a.platformDigest, oci.platforms.get('linux/arm64/v8'));
        const b = await resolveImage(c, ref('test/dlist:1'), { platform: parsePlatform('linux/arm64/v8') });
        assert.equal(b.platformDigest, dockerList.platforms.get('linux/arm64'));
        assert.equal(b.indexDigest, dockerList.digest);
        const s = await resolveImage(c, ref('test/single:1'), { platform: parsePlatform('linux/amd64') });
        assert.equal(s.platformDigest, single.digest);
        assert.equal(s.mediaType, 'application/vnd.docker.distribution.manifest.v2+json');
    });

    it('Should fetch and verify manifests and blobs, and list tags (2.8 sends them in one page)', async () => {
        const c = client(user);
        const target = { registry: registry.host, repository: 'test/multi' };
        const index = await c.getManifest(target, '1');
        assert.equal(index.digest, oci.digest);
        assert.equal(index.index?.manifests.length, 2);
        const manifest = await c.getManifest(target, oci.platforms.get('linux/amd64') ?? '');
        const config = await c.fetchBlob(target, manifest.manifest?.config.digest ?? '', 65536);
        assert.equal(JSON.parse(config.toString()).architecture, 'amd64');
        const tags = await c.listTags(target, { pageSize: 2 });
        // distribution 2.8 ignores `n` on tags/list (paging came in v3) and answers in storage order: one page.
        assert.deepEqual([...tags].sort(), ['1', '2', '3', '4', '5']);
        assert.equal(c.stats.tagPages, 1);
    });

    it('Should fail with 401 for wrong or missing credentials and 404 for an unknown tag', async () => {
        const wrong = await resolveImage(client({ ...user, password: 'nope' }), ref('test/multi:1')).catch(
            (e: unknown) => e,
        );
        assert.ok(HttpError.is(wrong, 401), String(wrong));
        assert.equal(diagnose(wrong).exitCode, 3);
        const none = await resolveImage(client(undefined), ref('test/multi:1')).catch((e: unknown) => e);
        assert.ok(HttpError.is(none, 401), String(none));
        assert.equal(diagnose(none).cause, 'noKey');
        const missing = await resolveImage(client(user), ref('test/multi:404')).catch((e: unknown) => e);
        assert.ok(HttpError.is(missing, 404), String(missing));
        assert.equal(missing.code, 'MANIFEST_UNKNOWN');
    });

    it('Should pin a Dockerfile on the mirror when the mirror is named, idempotently', async () => {
        const text = `FROM ${registry.host}/test/multi:1 AS a\nFROM --platform=linux/arm64 ${registry.host}/test/dlist:1\nFROM ubuntu:22.04\n`;
        const policy = { ngcRegistry: 'nvcr.io', extraRegistries: [registry.host] };
        const c = client(user);
        const plan = planPins(parseDockerfile(text), policy);
        const { digests, failures } = await resolvePinRequests(
            c,
            plan.targets.map((t) => t.request),
        );
        assert.deepEqual(failures, []);
        const pinned = applyEdits(
            text,
            computePinEdits(plan.targets, digests).map((ch) => ch.edit),
        );
        assert.equal(
            pinned,
            `FROM ${registry.host}/test/multi:1@${oci.digest} AS a\nFROM --platform=linux/arm64 ${registry.host}/test/dlist:1@${dockerList.platforms.get('linux/arm64')}\nFROM ubuntu:22.04\n`,
        );
        const again = planPins(parseDockerfile(pinned), policy);
        assert.deepEqual(computePinEdits(again.targets, digests), []);
    });
});
