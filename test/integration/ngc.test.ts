import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Simulator } from '../../sim/server';
import { getRepo, getTag, listRepos, listTags } from '../../src/core/ngc/repos';
import { searchCatalog } from '../../src/core/ngc/search';
import { listOrgs, listTeams } from '../../src/core/ngc/users';
import { seen, useSimulator, type SimClients } from './ngcHelpers';

describe('NGC core client against the simulator (integration)', () => {
    let sim: Simulator;
    let c: SimClients;
    useSimulator({}, (started, clients) => {
        sim = started;
        c = clients;
    });

    describe('users, orgs, teams', () => {
        it('Should read /v2/users/me with every role for a legacy key', async () => {
            const me = await c.make(sim.keys.legacy).identity();
            assert.equal(me.kind, 'legacy');
            assert.equal(me.user?.name, 'Jon Doe');
            assert.ok(me.roles.some((r) => r.org === 'acme' && r.team === 'vision'));
        });

        it('Should list the key orgs and the teams of an org', async () => {
            const client = c.make(sim.keys.personal);
            assert.deepEqual((await listOrgs(client)).map((o) => o.name).sort(), ['acme', 'nvidia']);
            assert.deepEqual((await listTeams(client, 'nvidia')).map((t) => t.name).sort(), ['nemo', 'tao']);
            assert.deepEqual(
                (await listTeams(client, 'acme')).map((t) => t.name),
                ['vision'],
            );
        });
    });

    describe('search', () => {
        it('Should search the public catalog as a guest, on the guest path', async () => {
            const result = await searchCatalog(c.make(), 'container', 'pytorch');
            assert.ok(result.hits.some((h) => h.resourceId === 'nvidia/pytorch'));
            assert.ok(result.hits.every((h) => h.type === 'container' && h.name !== undefined));
            const [request] = seen(sim, 'api', '/v2/search/');
            assert.match(request?.url ?? '', /^\/v2\/search\/catalog\/resources\/CONTAINER\?q=/);
            assert.equal(request?.headers['authorization'], undefined);
        });

        it('Should find private org items only with a key, on the authenticated path', async () => {
            const guest = await searchCatalog(c.make(), 'container', 'detector');
            const member = await searchCatalog(c.make(sim.keys.personal), 'container', 'detector');
            assert.equal(
                guest.hits.some((h) => h.resourceId === 'acme/vision/detector'),
                false,
            );
            assert.equal(
                member.hits.some((h) => h.resourceId === 'acme/vision/detector'),
                true,
            );
            assert.ok(seen(sim, 'api', '/v2/search/resources/CONTAINER').length > 0);
        });

        it('Should type attributes and never return _scored duplicates', async () => {
            const result = await searchCatalog(c.make(), 'container', '*:*', { pageSize: 100 });
            const ids = result.hits.map((h) => h.resourceId);
            assert.equal(new Set(ids).size, ids.length, 'no duplicates');
            const pytorch = result.hits.find((h) => h.resourceId === 'nvidia/pytorch');
            assert.equal(typeof pytorch?.sizeInBytes, 'number');
            assert.equal(pytorch?.signed, true);
            assert.equal(pytorch?.latest, '25.03-py3');
        });

        it('Should page search results with a 0-based page', async () => {
            const first = await searchCatalog(c.make(), 'container', '*:*', { page: 0, pageSize: 2 });
            const second = await searchCatalog(c.make(), 'container', '*:*', { page: 1, pageSize: 2 });
            assert.equal(first.hits.length, 2);
            assert.equal(second.page, 1);
            assert.ok(first.pageTotal >= 2);
            assert.equal(
                first.hits.some((h) => second.hits.some((s) => s.resourceId === h.resourceId)),
                false,
            );
        });

        it('Should search models, resources and helm charts by their wire types', async () => {
            const model = await searchCatalog(c.make(), 'model', 'peoplenet');
            const resource = await searchCatalog(c.make(), 'resource', 'tao-samples');
            const chart = await searchCatalog(c.make(), 'helm-chart', 'gpu-operator');
            assert.equal(model.hits[0]?.resourceId, 'nvidia/tao/peoplenet');
            assert.equal(model.hits[0]?.latest, '2.6.1');
            assert.equal(resource.hits[0]?.resourceId, 'nvidia/tao/tao-samples');
            assert.equal(chart.hits[0]?.latest, 'v25.3.0');
        });
    });

    describe('container repositories', () => {
        it('Should list an org repositories with a key and public ones as a guest', async () => {
            const member = await listRepos(c.make(sim.keys.personal), { org: 'acme' });
            assert.ok(member.some((r) => r.name === 'base'));
            const guest = await listRepos(c.make(), { org: 'nvidia' });
            assert.ok(guest.some((r) => r.name === 'pytorch'));
            assert.ok(seen(sim, 'api', '/v2/repos/nvidia?').length > 0, 'guest list path');
        });

        it('Should read repository info on both path forms', async () => {
            const authed = await getRepo(c.make(sim.keys.personal), { org: 'nvidia', name: 'pytorch' });
            const guest = await getRepo(c.make(), { org: 'nvidia', name: 'pytorch' });
            assert.equal(authed.latestTag, '25.03-py3');
            assert.equal(guest.hasSignedTag, true);
            assert.ok(seen(sim, 'api', '/v2/org/nvidia/repos/pytorch?').length === 1);
            assert.ok(seen(sim, 'api', '/v2/repos/nvidia/pytorch?').length === 1);
        });

        it('Should list tags newest first with per-platform digests and no cosign tags', async () => {
            const tags = await listTags(c.make(sim.keys.personal), { org: 'nvidia', name: 'pytorch' });
            assert.deepEqual(
                tags.map((t) => t.tag),
                ['25.03-py3', '25.02-py3', '25.01-py3', '24.12-py3'],
            );
            for (const t of tags) {
                assert.equal(t.signed, true);
                assert.deepEqual(
                    t.platforms.map((p) => `${p.os}/${p.architecture}`),
                    ['linux/amd64', 'linux/arm64'],
                );
                assert.ok(t.platforms.every((p) => /^sha256:[0-9a-f]{64}$/.test(p.digest ?? '')));
            }
        });

        it('Should fetch every page of a long tag list', async () => {
            const tags = await listTags(c.make(), { org: 'nvidia', name: 'cuda' }, { pageSize: 25 });
            assert.equal(tags.length, 60);
            assert.equal(new Set(tags.map((t) => t.tag)).size, 60);
            assert.equal(seen(sim, 'api', '/v2/repos/nvidia/cuda/images').length, 3);
        });

        it('Should read one tag with its platform digests', async () => {
            const tag = await getTag(
                c.make(sim.keys.personal),
                { org: 'nvidia', name: 'tritonserver' },
                (await listTags(c.make(), { org: 'nvidia', name: 'tritonserver' }))[0]?.tag ?? '',
            );
            assert.equal(tag.signed, true);
            assert.deepEqual(
                tag.platforms.map((p) => p.architecture),
                ['amd64', 'arm64/v8'],
            );
        });

        it('Should read a team repository and its tags', async () => {
            const tags = await listTags(c.make(sim.keys.personal), { org: 'acme', team: 'vision', name: 'detector' });
            assert.deepEqual(
                tags.map((t) => t.tag),
                ['1.1', '1.0'],
            );
            assert.equal(tags[0]?.signed, false);
        });
    });
});
