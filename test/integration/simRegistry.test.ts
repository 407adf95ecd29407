/**
 * (integration) The simulator's nvcr.io and helm hosts: the token dance with its realm switch after expiry, manifest
 * negotiation and digests, tags/list paging, cosign signatures and the helm index/chart archive.
 */
import assert from 'node:assert/strict';
import { createHash, verify } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { startSimulator } from '../../sim/server';
import type { Simulator } from '../../sim/server';

let sim: Simulator;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const basic = (key: string): string => 'Basic ' + Buffer.from(`$oauthtoken:${key}`).toString('base64');
const reg = (path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> =>
    fetch(`http://${sim.urls.registry}${path}`, { headers, method });
const ALL_TYPES = [
    'application/vnd.docker.distribution.manifest.v2+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.oci.image.manifest.v1+json',
].join(', ');

async function pullToken(repo: string, key?: string): Promise<Response> {
    return reg(`/proxy_auth?scope=repository:${repo}:pull`, key === undefined ? {} : { authorization: basic(key) });
}

async function token(repo: string, key?: string): Promise<string> {
    const r = await pullToken(repo, key);
    assert.equal(r.status, 200);
    return ((await r.json()) as Json).token as string;
}

const sha = (bytes: Buffer): string => 'sha256:' + createHash('sha256').update(bytes).digest('hex');

void describe('(integration) simulator: registry and helm', () => {
    before(async () => {
        sim = await startSimulator();
    });
    after(async () => {
        await sim.close();
    });

    void it('Should challenge with a proxy_auth realm and no service, then scope per repository', async () => {
        const base = await reg('/v2/');
        assert.equal(base.status, 401);
        assert.equal(
            base.headers.get('www-authenticate'),
            `Bearer realm="http://${sim.urls.registry}/proxy_auth",scope=""`,
        );
        const manifest = await reg('/v2/nvidia/pytorch/manifests/25.03-py3');
        assert.equal(
            manifest.headers.get('www-authenticate'),
            `Bearer realm="http://${sim.urls.registry}/proxy_auth",scope="repository:nvidia/pytorch:pull"`,
        );
    });

    void it('Should give anonymous tokens for public repos only and enforce keys and entitlements', async () => {
        const anon = await token('nvidia/pytorch');
        assert.equal((await reg('/v2/nvidia/pytorch/tags/list', { authorization: `Bearer ${anon}` })).status, 200);
        const anonPrivate = await token('acme/base');
        assert.equal((await reg('/v2/acme/base/tags/list', { authorization: `Bearer ${anonPrivate}` })).status, 401);
        const personal = await token('acme/vision/detector', sim.keys.personal);
        assert.equal(
            (
                await reg('/v2/acme/vision/detector/manifests/1.1', {
                    authorization: `Bearer ${personal}`,
                    accept: ALL_TYPES,
                })
            ).status,
            200,
        );
        const legacy = await token('acme/base', sim.keys.legacy);
        assert.equal((await reg('/v2/acme/base/manifests/2024.1', { authorization: `Bearer ${legacy}` })).status, 200);
        const other = await token('acme/base', sim.keys.otherOrg);
        const denied = await reg('/v2/acme/base/manifests/2024.1', { authorization: `Bearer ${other}` });
        assert.equal(denied.status, 403);
        assert.equal(((await denied.json()) as Json).errors[0].code, 'DENIED');
        assert.equal((await pullToken('nvidia/pytorch', sim.keys.revoked)).status, 401);
        assert.equal((await pullToken('nvidia/nvaie-pytorch', sim.keys.personal)).status, 401);
        const entitled = await token('nvidia/nvaie-pytorch', sim.keys.entitled);
        assert.equal(
            (await reg('/v2/nvidia/nvaie-pytorch/manifests/25.03-py3', { authorization: `Bearer ${entitled}` })).status,
            200,
        );
        const eu = await token('nvidia/eu-nim');
        assert.equal((await reg('/v2/nvidia/eu-nim/manifests/1.0.0', { authorization: `Bearer ${eu}` })).status, 451);
    });

    void it('Should switch the realm to authn after expiry and issue registry tokens there', async () => {
        const old = await token('nvidia/cuda');
        sim.expireTokens();
        const r = await reg('/v2/nvidia/cuda/tags/list', { authorization: `Bearer ${old}` });
        assert.equal(r.status, 401);
        assert.equal(
            r.headers.get('www-authenticate'),
            `Bearer realm="${sim.urls.auth}/token",service="registry",error="invalid_token"`,
        );
        const anon = await fetch(`${sim.urls.auth}/token?service=registry&scope=repository:nvidia/cuda:pull`);
        const fresh = ((await anon.json()) as Json).token as string;
        assert.equal((await reg('/v2/nvidia/cuda/tags/list', { authorization: `Bearer ${fresh}` })).status, 200);
        const keyed = await fetch(`${sim.urls.auth}/token?service=registry&scope=repository:acme/base:pull`, {
            headers: { authorization: basic(sim.keys.personal) },
        });
        const acme = ((await keyed.json()) as Json).token as string;
        assert.equal((await reg('/v2/acme/base/tags/list', { authorization: `Bearer ${acme}` })).status, 200);
    });

    void it('Should negotiate manifests and report the sha256 of the exact bytes as Docker-Content-Digest', async () => {
        const auth = { authorization: `Bearer ${await token('nvidia/pytorch')}` };
        const list = await reg('/v2/nvidia/pytorch/manifests/25.03-py3', { ...auth, accept: ALL_TYPES });
        const bytes = Buffer.from(await list.arrayBuffer());
        assert.equal(list.headers.get('content-type'), 'application/vnd.docker.distribution.manifest.list.v2+json');
        assert.equal(list.headers.get('docker-content-digest'), sha(bytes));
        const index = JSON.parse(bytes.toString()) as Json;
        assert.deepEqual(
            index.manifests.map((m: Json) => m.platform.architecture),
            ['amd64', 'arm64'],
        );
        const single = await reg('/v2/nvidia/pytorch/manifests/25.03-py3', {
            ...auth,
            accept: 'application/vnd.docker.distribution.manifest.v2+json',
        });
        assert.equal(single.headers.get('docker-content-digest'), index.manifests[0].digest);
        const head = await reg(`/v2/nvidia/pytorch/manifests/${index.manifests[1].digest}`, auth, 'HEAD');
        assert.equal(head.headers.get('docker-content-digest'), index.manifests[1].digest);
        const images = (await (await fetch(`${sim.urls.api}/v2/repos/nvidia/pytorch/images`)).json()) as Json;
        assert.deepEqual(
            images.images[0].architectureVariants.map((v: Json) => v.digest),
            index.manifests.map((m: Json) => m.digest),
        );
        const manifest = JSON.parse(Buffer.from(await single.arrayBuffer()).toString()) as Json;
        const layer = await reg(`/v2/nvidia/pytorch/blobs/${manifest.layers[0].digest}`, auth);
        const layerBytes = Buffer.from(await layer.arrayBuffer());
        assert.equal(sha(layerBytes), manifest.layers[0].digest);
        assert.ok(gunzipSync(layerBytes).subarray(0, 100).toString().startsWith('etc/ngc-sim-release'));
        const triton = await reg('/v2/nvidia/tritonserver/manifests/25.03-py3', {
            authorization: `Bearer ${await token('nvidia/tritonserver')}`,
            accept: 'application/vnd.oci.image.index.v1+json',
        });
        assert.equal(triton.headers.get('content-type'), 'application/vnd.oci.image.index.v1+json');
        const missing = await reg('/v2/nvidia/pytorch/manifests/nope', auth);
        assert.equal(missing.status, 404);
        assert.equal(((await missing.json()) as Json).errors[0].code, 'MANIFEST_UNKNOWN');
    });

    void it('Should page tags/list with n, last and a Link header', async () => {
        const auth = { authorization: `Bearer ${await token('nvidia/cuda')}` };
        const seen: string[] = [];
        let next: string | undefined = '/v2/nvidia/cuda/tags/list?n=25';
        while (next !== undefined) {
            const r = await reg(next, auth);
            seen.push(...(((await r.json()) as Json).tags as string[]));
            next = /<([^>]+)>;\s*rel="next"/.exec(r.headers.get('link') ?? '')?.[1];
        }
        assert.equal(seen.length, 60);
        assert.equal(new Set(seen).size, 60);
        assert.ok(seen.includes('12.0.0-base'));
    });

    void it('Should publish cosign signatures that verify with the public key, except for badsig', async () => {
        const check = async (repo: string, tag: string): Promise<boolean> => {
            const auth = { authorization: `Bearer ${await token(repo)}`, accept: ALL_TYPES };
            const digest =
                (await reg(`/v2/${repo}/manifests/${tag}`, auth, 'HEAD')).headers.get('docker-content-digest') ?? '';
            const sig = (await (
                await reg(`/v2/${repo}/manifests/${digest.replace(':', '-')}.sig`, auth)
            ).json()) as Json;
            const layer = sig.layers[0];
            assert.equal(layer.mediaType, 'application/vnd.dev.cosign.simplesigning.v1+json');
            const payload = Buffer.from(await (await reg(`/v2/${repo}/blobs/${layer.digest}`, auth)).arrayBuffer());
            const doc = JSON.parse(payload.toString()) as Json;
            assert.equal(doc.critical.image['docker-manifest-digest'], digest);
            assert.equal(doc.critical.identity['docker-reference'], `${sim.urls.registry}/${repo}`);
            const signature = Buffer.from(layer.annotations['dev.cosignproject.cosign/signature'] as string, 'base64');
            return verify('sha256', payload, sim.publicKeyPem, signature);
        };
        assert.equal(await check('nvidia/pytorch', '25.03-py3'), true);
        assert.equal(await check('nvidia/tritonserver', '25.01-py3'), true);
        assert.equal(await check('nvidia/badsig', '1.0'), false);
        const tags = (await (
            await reg('/v2/nvidia/pytorch/tags/list', { authorization: `Bearer ${await token('nvidia/pytorch')}` })
        ).json()) as Json;
        assert.equal((tags.tags as string[]).filter((t) => t.endsWith('.sig')).length, 4);
    });

    void it('Should serve the helm index and a real chart archive, anonymously only for public namespaces', async () => {
        const index = await (await fetch(`${sim.urls.helm}/nvidia/index.yaml`)).text();
        assert.match(index, /gpu-operator:/);
        assert.match(index, /- charts\/gpu-operator-v25\.3\.0\.tgz/);
        const digest = /digest: ([0-9a-f]{64})/.exec(index)?.[1];
        const tgz = Buffer.from(
            await (await fetch(`${sim.urls.helm}/nvidia/charts/gpu-operator-v25.3.0.tgz`)).arrayBuffer(),
        );
        assert.equal(createHash('sha256').update(tgz).digest('hex'), digest);
        const tarBytes = gunzipSync(tgz);
        assert.equal(tarBytes.subarray(0, 23).toString(), 'gpu-operator/Chart.yaml');
        assert.match(tarBytes.toString('latin1'), /name: gpu-operator/);
        assert.equal((await fetch(`${sim.urls.helm}/acme/vision/index.yaml`)).status, 401);
        const priv = await fetch(`${sim.urls.helm}/acme/vision/index.yaml`, {
            headers: { authorization: basic(sim.keys.personal) },
        });
        assert.match(await priv.text(), /detector-chart/);
        assert.equal(
            (
                await fetch(`${sim.urls.helm}/acme/vision/index.yaml`, {
                    headers: { authorization: basic(sim.keys.otherOrg) },
                })
            ).status,
            403,
        );
    });
});
