/**
 * (integration) The registry client against the simulator's nvcr.io: the anonymous and `$oauthtoken` token flows,
 * the realm switch after expiry, the failures NGC answers with (entitlement 401, 451, 404, an HTML page), digest
 * checks, platform choice and tags paging.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Dispatcher } from 'undici';
import { startSimulator, type Simulator } from '../../sim/server';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { createDispatcher } from '../../src/core/http/agent';
import { HttpClient } from '../../src/core/http/client';
import { HttpError } from '../../src/core/http/errors';
import { ngcRegistryCredentials } from '../builders/ngcCredentials';
import { RegistryClient } from '../../src/core/registry/client';
import { DigestMismatchError } from '../../src/core/registry/errors';
import { MANIFEST_ACCEPT } from '../../src/core/registry/manifests';
import { parsePlatform, PlatformNotFoundError } from '../../src/core/registry/platform';
import { parseReference } from '../../src/core/registry/reference';
import { resolveImage } from '../../src/core/registry/resolve';

let sim: Simulator;
let dispatcher: Dispatcher;
let http: HttpClient;

const client = (key?: string) =>
    new RegistryClient({ http, credentials: ngcRegistryCredentials(sim.urls.registry, key) });
const ref = (text: string) => parseReference(text, { semantics: 'ngc', defaultRegistry: sim.urls.registry });
const registryRequests = () => sim.requests.filter((r) => r.host === 'registry' && r.url.startsWith('/v2/'));
const tokenRequests = () => sim.requests.filter((r) => r.url.startsWith('/proxy_auth') || r.url.startsWith('/token'));

/** What the NGC REST API says the per-platform digests of a tag are: an independent source for the registry's. */
async function restDigests(repo: string, tag: string): Promise<Map<string, string>> {
    type Images = {
        images: { tag: string; architectureVariants: { architecture: string; digest: string }[] }[];
        paginationInfo: { totalPages: number };
    };
    const images: Images['images'] = [];
    // The sim caps page sizes like NGC: read every page.
    for (let page = 0, pages = 1; page < pages; page++) {
        const body = (await (
            await fetch(`${sim.urls.api}/v2/repos/${repo}/images?page-number=${page}`)
        ).json()) as Images;
        images.push(...body.images);
        pages = body.paginationInfo.totalPages;
    }
    const image = images.find((i) => i.tag === tag);
    assert.ok(image, `REST lists ${repo}:${tag}`);
    // The REST API spells the variant into the architecture for OCI indexes (`arm64/v8`): key by the bare architecture.
    return new Map(image.architectureVariants.map((v) => [v.architecture.split('/')[0] ?? '', v.digest]));
}

/** The raw manifest bytes of `repo:tag`, fetched with plain fetch and an anonymous token, hashed by the test. */
async function rawDigest(repo: string, tag: string): Promise<string> {
    const token = (await (
        await fetch(`http://${sim.urls.registry}/proxy_auth?scope=repository:${repo}:pull`)
    ).json()) as { token: string };
    const response = await fetch(`http://${sim.urls.registry}/v2/${repo}/manifests/${tag}`, {
        headers: { authorization: `Bearer ${token.token}`, accept: MANIFEST_ACCEPT },
    });
    return `sha256:${createHash('sha256')
        .update(Buffer.from(await response.arrayBuffer()))
        .digest('hex')}`;
}

before(async () => {
    sim = await startSimulator({ registryTokenTtlSeconds: 600 });
    dispatcher = createDispatcher();
    http = new HttpClient({ dispatcher, retry: { attempts: 1 } });
});

after(async () => {
    await dispatcher.close();
    await sim.close();
});

beforeEach(() => {
    sim.faults.clear();
    sim.clearRequests();
});

describe('RegistryClient against the simulator (integration)', () => {
    it('Should resolve a public image anonymously with one HEAD carrying the full Accept list', async () => {
        const c = client();
        const resolved = await resolveImage(c, ref('nvidia/pytorch:25.03-py3'));
        assert.equal(resolved.reference, `${sim.urls.registry}/nvidia/pytorch:25.03-py3@${resolved.indexDigest}`);
        assert.equal(resolved.mediaType, 'application/vnd.docker.distribution.manifest.list.v2+json');
        const heads = sim.requests.filter((r) => r.method === 'HEAD');
        assert.equal(heads.length, 2, 'the anonymous probe (401) and the authorised HEAD');
        assert.equal(heads[1]?.headers['accept'], MANIFEST_ACCEPT);
        assert.ok(heads[1]?.headers['authorization']?.startsWith('Bearer '));
        const token = tokenRequests();
        assert.equal(token.length, 1);
        assert.equal(token[0]?.headers['authorization'], undefined, 'anonymous token request');
        assert.match(token[0]?.url ?? '', /scope=repository%3Anvidia%2Fpytorch%3Apull/);
        assert.doesNotMatch(token[0]?.url ?? '', /service=/, "nvcr.io's challenge has no service, so none is sent");
        assert.equal(c.stats.manifestRequests, 1);
        assert.equal(resolved.indexDigest, await rawDigest('nvidia/pytorch', '25.03-py3'));
    });

    it('Should reuse the challenge for a second repository and the token for a second tag', async () => {
        const c = client();
        await resolveImage(c, ref('nvidia/pytorch:25.03-py3'));
        sim.clearRequests();
        await resolveImage(c, ref('nvidia/pytorch:25.02-py3'));
        assert.equal(tokenRequests().length, 0, 'same scope: the cached token');
        assert.equal(registryRequests().length, 1, 'no 401 probe');
        sim.clearRequests();
        await resolveImage(c, ref('nvidia/tritonserver:' + (await firstTag(c, 'nvidia/tritonserver'))));
        assert.equal(tokenRequests().length, 1, 'a new scope needs a new token');
        assert.deepEqual(
            registryRequests().map((r) => r.method),
            ['GET', 'HEAD'],
            'the tags listing and one HEAD, no 401 probe',
        );
    });

    it('Should choose the platform manifest from a Docker list (arm64) and an OCI index (arm64/v8)', async () => {
        const c = client();
        const pytorch = await resolveImage(c, ref('nvidia/pytorch:25.03-py3'), {
            platform: parsePlatform('linux/arm64'),
        });
        const rest = await restDigests('nvidia/pytorch', '25.03-py3');
        assert.equal(pytorch.platformDigest, rest.get('arm64'));
        assert.equal(pytorch.reference, `${sim.urls.registry}/nvidia/pytorch:25.03-py3@${rest.get('arm64')}`);
        assert.deepEqual(pytorch.platforms.map((p) => p.architecture).sort(), ['amd64', 'arm64']);
        const tag = await firstTag(c, 'nvidia/tritonserver');
        const triton = await resolveImage(c, ref(`nvidia/tritonserver:${tag}`), {
            platform: parsePlatform('linux/arm64'),
        });
        assert.equal(triton.mediaType, 'application/vnd.oci.image.index.v1+json');
        assert.equal(triton.platformDigest, (await restDigests('nvidia/tritonserver', tag)).get('arm64'));
        await assert.rejects(
            resolveImage(c, ref('nvidia/pytorch:25.03-py3'), { platform: parsePlatform('linux/ppc64le') }),
            PlatformNotFoundError,
        );
    });

    it('Should check the platform of a single-arch image against its config', async () => {
        const c = client();
        const tag = (await c.listTags({ registry: sim.urls.registry, repository: 'nvidia/cuda' }))[0] ?? '';
        const amd64 = await resolveImage(c, ref(`nvidia/cuda:${tag}`), { platform: parsePlatform('linux/amd64') });
        assert.equal(amd64.platformDigest, amd64.indexDigest);
        assert.equal(amd64.platformDigest, (await restDigests('nvidia/cuda', tag)).get('amd64'));
        await assert.rejects(
            resolveImage(c, ref(`nvidia/cuda:${tag}`), { platform: parsePlatform('linux/arm64') }),
            (error: unknown) => {
                assert.ok(PlatformNotFoundError.is(error));
                assert.deepEqual(error.available, [{ os: 'linux', architecture: 'amd64' }]);
                return true;
            },
        );
    });

    it("Should pull a private team image with $oauthtoken and the key, and say 'no key' without one", async () => {
        const resolved = await resolveImage(client(sim.keys.personal), ref('acme/vision/detector:1.0'));
        assert.match(resolved.indexDigest, /^sha256:[a-f0-9]{64}$/);
        const token = tokenRequests()[0];
        const expected = `Basic ${Buffer.from(`$oauthtoken:${sim.keys.personal}`).toString('base64')}`;
        assert.equal(token?.headers['authorization'], expected);
        const error = await resolveImage(client(), ref('acme/vision/detector:1.0')).then(
            () => assert.fail('anonymous pull of a private image must fail'),
            (e: unknown) => e,
        );
        assert.ok(HttpError.is(error, 401));
        assert.equal(diagnose(error).cause, 'noKey');
        assert.equal(diagnose(error).exitCode, 3);
    });

    it('Should follow the new realm after the tokens expire, asking the token service once', async () => {
        const c = client(sim.keys.personal);
        const first = await resolveImage(c, ref('acme/vision/detector:1.0'));
        sim.expireTokens();
        sim.clearRequests();
        const second = await resolveImage(c, ref('acme/vision/detector:1.0'));
        assert.equal(second.indexDigest, first.indexDigest);
        const heads = registryRequests();
        assert.equal(heads.length, 2, 'the refused HEAD and the retry');
        const token = tokenRequests();
        assert.equal(token.length, 1);
        assert.equal(token[0]?.host, 'auth', 'the realm moved to the token service');
        assert.match(token[0]?.url ?? '', /service=registry/);
        assert.notEqual(heads[0]?.headers['authorization'], heads[1]?.headers['authorization']);
    });

    it('Should report an entitled image refused at the token endpoint, and pull it with the entitled key', async () => {
        const error = await resolveImage(client(sim.keys.personal), ref('nvidia/nvaie-pytorch:latest')).then(
            () => assert.fail('expected a refusal'),
            (e: unknown) => e,
        );
        assert.ok(HttpError.is(error, 401));
        assert.equal(error.code, 'UNAUTHORIZED');
        assert.match(error.message, /refused the credentials for pulling nvidia\/nvaie-pytorch.*not entitled/);
        assert.ok(!error.message.includes(sim.keys.personal));
        assert.equal(registryRequests().length, 1, 'no manifest retry after the token endpoint said no');
        const tags = await client(sim.keys.entitled).listTags({
            registry: sim.urls.registry,
            repository: 'nvidia/nvaie-pytorch',
        });
        const ok = await resolveImage(client(sim.keys.entitled), ref(`nvidia/nvaie-pytorch:${tags[0]}`));
        assert.match(ok.indexDigest, /^sha256:/);
    });

    it('Should surface 451, 404 with the registry code, and an HTML answer as typed errors', async () => {
        const c = client(sim.keys.personal);
        const legal = await resolveImage(c, ref('nvidia/eu-nim:1.0')).catch((e: unknown) => e);
        assert.ok(HttpError.is(legal, 451), String(legal));
        assert.equal(diagnose(legal).cause, 'euRestricted');
        assert.equal(diagnose(legal).exitCode, 4);

        const missing = await resolveImage(c, ref('nvidia/pytorch:0.0-nope')).catch((e: unknown) => e);
        assert.ok(HttpError.is(missing, 404), String(missing));
        assert.equal(missing.code, 'MANIFEST_UNKNOWN');
        assert.equal(diagnose(missing).exitCode, 5);

        sim.faults.add({ host: 'registry', path: '/v2/nvidia/pytorch/manifests/', fault: { kind: 'html' } });
        const html = await resolveImage(c, ref('nvidia/pytorch:25.03-py3')).catch((e: unknown) => e);
        assert.ok(HttpError.is(html, 'format'), String(html));
        assert.match(html.message, /HTML page/);
        assert.equal(diagnose(html).cause, 'badResponse');
    });

    it('Should reject a manifest whose bytes do not match Docker-Content-Digest', async () => {
        const c = client();
        sim.faults.add({
            host: 'registry',
            method: 'GET',
            path: '/v2/nvidia/pytorch/manifests/',
            fault: { kind: 'corrupt' },
        });
        await assert.rejects(
            c.getManifest({ registry: sim.urls.registry, repository: 'nvidia/pytorch' }, '25.03-py3'),
            DigestMismatchError,
        );
    });

    it('Should page through 60 cuda tags with n and Link, and hide cosign signature tags', async () => {
        const c = client();
        const target = { registry: sim.urls.registry, repository: 'nvidia/cuda' };
        const all = await c.listTags(target, { pageSize: 1000 });
        assert.equal(all.length, 60);
        sim.clearRequests();
        const paged = await c.listTags(target, { pageSize: 7 });
        assert.deepEqual(paged, all);
        const pages = registryRequests().filter((r) => r.url.includes('/tags/list'));
        assert.equal(pages.length, Math.ceil(60 / 7));
        assert.match(pages[0]?.url ?? '', /n=7/);
        const pytorch = { registry: sim.urls.registry, repository: 'nvidia/pytorch' };
        const withSigs = await c.listTags(pytorch, { includeSignatures: true });
        const images = await c.listTags(pytorch);
        assert.ok(
            withSigs.some((t) => /^sha256-[a-f0-9]{64}\.sig$/.test(t)),
            'pytorch is cosign-signed',
        );
        assert.deepEqual(images.sort(), ['24.12-py3', '25.01-py3', '25.02-py3', '25.03-py3']);
    });
});

async function firstTag(c: RegistryClient, repository: string): Promise<string> {
    const tags = await c.listTags({ registry: sim.urls.registry, repository });
    assert.ok(tags[0], `${repository} has tags`);
    return tags[0];
}
