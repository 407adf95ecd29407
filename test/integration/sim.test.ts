/**
 * (integration) The NGC simulator's authn and REST API: token exchange, caller info, the 401/403/404/412/451 rules,
 * pagination, search and presigned downloads — checked with plain fetch, as a client would see them.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startSimulator } from '../../sim/server';
import type { Simulator } from '../../sim/server';

let sim: Simulator;
const basic = (key: string): string => 'Basic ' + Buffer.from(`$oauthtoken:${key}`).toString('base64');
const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
const api = (path: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(sim.urls.api + path, { headers, redirect: 'manual' });
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const json = async (r: Response): Promise<Json> => (await r.json()) as Json;

async function exchange(key: string, query: string): Promise<string> {
    const r = await fetch(`${sim.urls.auth}/token?service=ngc&${query}`, { headers: { authorization: basic(key) } });
    assert.equal(r.status, 200);
    return (await json(r)).token as string;
}

void describe('(integration) simulator: authn and REST API', () => {
    before(async () => {
        sim = await startSimulator({ presignTtlSeconds: 60 });
    });
    after(async () => {
        await sim.close();
    });

    void it('Should exchange a key for a token in the repeated-scope, bare-scope, ApiKey and client_credentials forms', async () => {
        const repeated = await exchange(sim.keys.legacy, 'scope=group/ngc:acme&scope=group/ngc:acme/vision');
        const bare = await exchange(sim.keys.legacy, 'scope=group/ngc:acme&group/ngc:acme/vision');
        assert.equal((await api('/v2/org/acme/team/vision/repos', bearer(repeated))).status, 200);
        assert.equal((await api('/v2/org/acme/team/vision/repos', bearer(bare))).status, 200);
        const apiKey = await fetch(`${sim.urls.auth}/token?service=ngc&`, {
            headers: { authorization: `ApiKey ${sim.keys.legacy}`, accept: 'application/json' },
        });
        const body = await json(apiKey);
        assert.equal(apiKey.status, 200);
        assert.equal(body.expires_in, 900);
        const post = await fetch(`${sim.urls.auth}/token`, {
            method: 'POST',
            headers: { authorization: basic(sim.keys.legacy), 'content-type': 'application/x-www-form-urlencoded' },
            body: 'grant_type=client_credentials&scope=ngc:group/ngc',
        });
        assert.equal(post.status, 200);
        assert.equal(typeof (await json(post)).access_token, 'string');
        const bad = await fetch(`${sim.urls.auth}/token?service=ngc`, {
            headers: { authorization: basic(sim.keys.revoked) },
        });
        assert.equal(bad.status, 401);
        assert.equal((await json(bad)).requestStatus.statusDescription, 'Invalid apikey');
    });

    void it('Should describe each key kind through get-caller-info', async () => {
        const info = async (key: string): Promise<Response> =>
            fetch(`${sim.urls.api}/v3/keys/get-caller-info`, {
                method: 'POST',
                body: new URLSearchParams({ credentials: key }),
            });
        const personal = await json(await info(sim.keys.personal));
        assert.equal(personal.type, 'PERSONAL_KEY');
        assert.equal(personal.user.name, 'Jon Doe');
        assert.ok(personal.user.roles.some((r: Json) => r.org.name === 'acme' && r.team?.name === 'vision'));
        assert.ok(!(personal.products as string[]).includes('nv-ai-enterprise'));
        assert.ok(((await json(await info(sim.keys.entitled))).products as string[]).includes('nv-ai-enterprise'));
        const service = await json(await info(sim.keys.service));
        assert.equal(service.type, 'SERVICE_KEY');
        assert.equal(service.user, null);
        assert.equal(service.orgName, 'acme');
        assert.equal((await json(await info(sim.keys.otherOrg))).user.name, 'Ann Other');
        assert.equal((await info(sim.keys.revoked)).status, 401);
        assert.ok(
            typeof personal.requestStatus.requestId === 'string' && personal.requestStatus.requestId.length === 36,
        );
    });

    void it('Should answer 401 on org paths without valid credentials, even for things that do not exist', async () => {
        assert.equal((await api('/v2/org/acme/repos/nope')).status, 401);
        assert.equal((await api('/v2/org/acme/repos', bearer(sim.keys.revoked))).status, 401);
        assert.equal(
            (await api('/v2/org/acme/repos', bearer(sim.keys.legacy))).status,
            401,
            'legacy keys must be exchanged',
        );
        const other = await api('/v2/org/acme/repos', bearer(sim.keys.otherOrg));
        assert.equal(other.status, 401);
        assert.match((await json(other)).requestStatus.statusDescription, /Invalid org/);
        assert.equal((await api('/v2/org/nvidia/repos', bearer(sim.keys.otherOrg))).status, 200, 'nvidia is public');
    });

    void it('Should answer 403 for a token scoped to another org and for a missing entitlement', async () => {
        const token = await exchange(sim.keys.legacy, 'scope=group/ngc:acme');
        assert.equal((await api('/v2/org/acme/repos', bearer(token))).status, 200);
        assert.equal((await api('/v2/org/otherorg/repos', bearer(token))).status, 403);
        const denied = await api('/v2/org/nvidia/repos/nvaie-pytorch', bearer(sim.keys.personal));
        assert.equal(denied.status, 403);
        assert.equal((await json(denied)).requestStatus.statusDescription, 'Access Denied');
        assert.equal((await api('/v2/org/nvidia/repos/nvaie-pytorch', bearer(sim.keys.entitled))).status, 200);
    });

    void it('Should answer 401 with an expired token and accept a fresh one', async () => {
        const token = await exchange(sim.keys.legacy, 'scope=group/ngc:acme');
        sim.clock.advance(901);
        assert.equal((await api('/v2/org/acme/repos', bearer(token))).status, 401);
        const fresh = await exchange(sim.keys.legacy, 'scope=group/ngc:acme');
        assert.equal((await api('/v2/org/acme/repos', bearer(fresh))).status, 200);
        sim.expireTokens();
        assert.equal((await api('/v2/org/acme/repos', bearer(fresh))).status, 401);
    });

    void it('Should refuse listings to service keys while allowing direct paths', async () => {
        const key = bearer(sim.keys.service);
        const list = await api('/v2/org/acme/team/vision/models', key);
        assert.equal(list.status, 403);
        assert.match((await json(list)).requestStatus.statusDescription, /[Ss]ervice keys cannot list/);
        assert.equal((await api('/v2/orgs', key)).status, 403);
        assert.equal((await api('/v2/users/me', key)).status, 401);
        assert.equal((await api('/v2/org/acme/team/vision/models/resnet-custom/versions/1.0/files', key)).status, 403);
        assert.equal((await api('/v2/org/acme/team/vision/models/resnet-custom/versions', key)).status, 403);
        assert.equal((await api('/v2/org/acme/repos/base/images', key)).status, 403);
        assert.equal((await api('/v2/org/acme/team/vision/models/resnet-custom/versions/1.0', key)).status, 200);
        assert.equal((await api('/v2/org/acme/team/vision/models/resnet-custom', key)).status, 200);
        assert.equal((await api('/v2/org/acme/repos/base', key)).status, 200);
    });

    void it('Should cap page sizes on the server side and report the size it served', async () => {
        const key = bearer(sim.keys.personal);
        const body = await json(await api('/v2/repos/nvidia/cuda/images?page-size=100', key));
        assert.equal(body.images.length, 25);
        assert.equal(body.paginationInfo.size, 25);
        assert.equal(body.paginationInfo.totalPages, Math.ceil(body.paginationInfo.totalResults / 25));
    });

    void it('Should serve 404, 451 and guest access with the NGC envelope', async () => {
        const missing = await api('/v2/org/acme/repos/nope', bearer(sim.keys.personal));
        assert.equal(missing.status, 404);
        assert.equal((await json(missing)).requestStatus.statusCode, 'NOT_FOUND');
        assert.equal((await api('/v2/org/nvidia/repos/eu-nim', bearer(sim.keys.personal))).status, 451);
        assert.equal((await api('/v2/repos/nvidia/eu-nim')).status, 451);
        const repo = await json(await api('/v2/repos/nvidia/pytorch'));
        assert.equal(repo.latestTag, '25.03-py3');
        assert.match(repo.description as string, /```/);
        assert.equal((await api('/v2/repos/acme/base')).status, 401);
        assert.equal((await json(await api('/v2/models/nvidia/tao/peoplenet'))).model.latestVersionIdStr, '2.6.1');
    });

    void it('Should page lists with 0-based page numbers and keep totals past the end', async () => {
        const key = bearer(sim.keys.personal);
        const first = await json(
            await api('/v2/org/nvidia/team/tao/models/peoplenet/versions/2.6.1/files?page-size=10', key),
        );
        assert.equal(first.modelFiles.length, 10);
        assert.deepEqual(first.paginationInfo, { index: 0, size: 10, totalPages: 4, totalResults: 37, nextPage: '' });
        const last = await json(
            await api('/v2/org/nvidia/team/tao/models/peoplenet/versions/2.6.1/files?page-size=10&page-number=3', key),
        );
        assert.equal(last.modelFiles.length, 7);
        const past = await json(
            await api('/v2/org/nvidia/team/tao/models/peoplenet/versions/2.6.1/files?page-size=10&page-number=9', key),
        );
        assert.equal(past.modelFiles.length, 0);
        assert.equal(past.paginationInfo.totalResults, 37);
        const versions = await json(await api('/v2/org/nvidia/team/tao/models/peoplenet/versions', key));
        assert.deepEqual(
            versions.modelVersions.map((v: Json) => v.versionId),
            ['3.0', '2.6.1', '2.5.0'],
        );
        const recipe = await json(await api('/v2/resources/nvidia/tao/tao-samples/versions/1.1/files'));
        assert.equal(recipe.recipeFiles.length, 5);
        const chart = await json(await api('/v2/helm-charts/nvidia/gpu-operator/versions'));
        assert.equal(chart.artifactVersions[0].id, 'v25.3.0');
        const images = await json(await api('/v2/repos/nvidia/cuda/images?page-size=25&page-number=2'));
        assert.equal(images.images.length, 10);
    });

    void it('Should search with a _scored group, string attributes and 400 problem+json for a bad q', async () => {
        const q = encodeURIComponent(JSON.stringify({ query: 'pytorch', page: 0, pageSize: 10 }));
        const guest = await json(await api(`/v2/search/catalog/resources/CONTAINER?q=${q}`));
        assert.equal(guest.results[0].groupValue, '_scored');
        const group = guest.results.find((g: Json) => g.groupValue === 'CONTAINER');
        const names = group.resources.map((r: Json) => r.resourceId);
        assert.ok(names.includes('nvidia/pytorch'));
        const pytorch = group.resources.find((r: Json) => r.resourceId === 'nvidia/pytorch');
        assert.ok(pytorch.attributes.every((a: Json) => typeof a.value === 'string'));
        const acme = encodeURIComponent(
            JSON.stringify({ query: '*:*', filters: [{ field: 'orgName', value: 'acme' }] }),
        );
        assert.equal((await json(await api(`/v2/search/catalog/resources/CONTAINER?q=${acme}`))).resultTotal, 0);
        assert.equal(
            (await json(await api(`/v2/search/resources/CONTAINER?q=${acme}`, bearer(sim.keys.personal)))).resultTotal,
            2,
        );
        assert.equal((await api(`/v2/search/resources/CONTAINER?q=${acme}`, bearer(sim.keys.service))).status, 403);
        const bad = await api('/v2/search/catalog/resources/CONTAINER?q=pytorch');
        assert.equal(bad.status, 400);
        assert.equal(bad.headers.get('content-type'), 'application/problem+json');
        assert.equal((await api('/v2/search/catalog/resources/MODEL')).status, 400);
    });

    void it('Should redirect file downloads to a presigned URL that honours Range and rejects Authorization', async () => {
        const r = await api(
            '/v2/org/nvidia/team/tao/models/peoplenet/versions/2.6.1/files/configs/infer_config_03.txt',
            bearer(sim.keys.personal),
        );
        assert.equal(r.status, 302);
        const location = r.headers.get('location') ?? '';
        assert.ok(location.startsWith(sim.urls.files));
        const whole = await fetch(location);
        const bytes = Buffer.from(await whole.arrayBuffer());
        assert.equal(whole.headers.get('accept-ranges'), 'bytes');
        assert.equal(Number(whole.headers.get('content-length')), bytes.length);
        const files = await json(
            await api(
                '/v2/org/nvidia/team/tao/models/peoplenet/versions/2.6.1/files?page-size=100',
                bearer(sim.keys.personal),
            ),
        );
        const item = files.modelFiles.find((f: Json) => f.path === 'configs/infer_config_03.txt');
        assert.equal(item.sha256_base64, createHash('sha256').update(bytes).digest('base64'));
        const part = await fetch(location, { headers: { range: 'bytes=10-19' } });
        assert.equal(part.status, 206);
        assert.equal(part.headers.get('content-range'), `bytes 10-19/${bytes.length}`);
        assert.deepEqual(Buffer.from(await part.arrayBuffer()), bytes.subarray(10, 20));
        assert.equal((await fetch(location, { headers: { range: 'bytes=99999-' } })).status, 416);
        const leaked = await fetch(location, { headers: bearer(sim.keys.personal) });
        assert.equal(leaked.status, 400);
        assert.match(await leaked.text(), /Authorization/);
        sim.clock.advance(61);
        assert.equal((await fetch(location)).status, 403);
    });

    void it('Should list presigned download URLs with sha256_base64, empty where a file has none', async () => {
        const pages = await Promise.all(
            [0, 1].map(async (n) =>
                json(
                    await api(
                        `/v2/org/nvidia/team/tao/models/peoplenet/2.6.1/files?page-size=100&page-number=${n}`,
                        bearer(sim.keys.personal),
                    ),
                ),
            ),
        );
        const filepath = pages.flatMap((p) => p.filepath as string[]);
        assert.equal(pages[0]?.filepath.length, 25, 'the server-side cap');
        assert.equal(filepath.length, 37);
        assert.ok(filepath.every((p) => p.startsWith('/')));
        assert.equal(pages.flatMap((p) => p.sha256_base64 as string[]).filter((s) => s === '').length, 3);
        const one = await json(await api('/v2/models/org/nvidia/team/tao/peoplenet/2.6.1/files?path=labels.txt'));
        assert.equal((await (await fetch(one.urls[0] as string)).arrayBuffer()).byteLength, 22);
        const zip = await api('/v2/models/nvidia/tao/peoplenet/versions/2.5.0/zip');
        const archive = await fetch(zip.headers.get('location') ?? '');
        assert.equal(archive.headers.get('content-type'), 'application/zip');
        assert.equal(Buffer.from(await archive.arrayBuffer()).readUInt32LE(0), 0x04034b50);
    });

    void it('Should answer 412 for a licence-gated model until the licence is accepted', async () => {
        const path = '/v2/org/nvidia/models/llama-gated/versions/1.0/files/config.json';
        assert.equal((await api(path, bearer(sim.keys.personal))).status, 412);
        assert.equal((await api('/v2/org/nvidia/models/llama-gated/1.0/files', bearer(sim.keys.personal))).status, 412);
        sim.acceptLicense(sim.keys.personal, 'nvidia/llama-gated');
        assert.equal((await api(path, bearer(sim.keys.personal))).status, 302);
        assert.equal((await api(path, bearer(sim.keys.entitled))).status, 412);
        const accept = await fetch(`${sim.urls.api}/v2/org/nvidia/models/llama-gated/license/acceptance`, {
            method: 'POST',
            headers: bearer(sim.keys.entitled),
        });
        assert.equal((await json(accept)).needsAcceptance, false);
        assert.equal((await api(path, bearer(sim.keys.entitled))).status, 302);
    });

    void it('Should serve users/me, orgs and teams for a personal key', async () => {
        const me = await json(await api('/v2/users/me', bearer(sim.keys.personal)));
        assert.equal(me.user.email, 'jon.doe@example.com');
        const orgs = await json(await api('/v2/orgs', bearer(sim.keys.personal)));
        assert.deepEqual(orgs.organizations.map((o: Json) => o.name).sort(), ['acme', 'nvidia']);
        const teams = await json(await api('/v2/org/nvidia/teams', bearer(sim.keys.personal)));
        assert.deepEqual(
            teams.teams.map((t: Json) => t.name),
            ['tao', 'nemo'],
        );
        assert.equal(
            (await json(await api('/v2/orgs/nvidia', bearer(sim.keys.personal)))).organizations.displayName,
            'NVIDIA',
        );
        assert.match(await (await api('/v2/catalog/containers/public-key')).text(), /BEGIN PUBLIC KEY/);
    });
});
