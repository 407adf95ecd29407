import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import type { Simulator } from '../../sim/server';
import { diagnose, type Cause } from '../../src/core/diagnose/diagnose';
import { HttpError } from '../../src/core/http/errors';
import { getArtifact, listDownloadUrls } from '../../src/core/ngc/artifacts';
import { oauthBasic } from '../../src/core/ngc/auth';
import { NgcClient } from '../../src/core/ngc/client';
import { getRepo, listRepos, listTags } from '../../src/core/ngc/repos';
import { searchCatalog } from '../../src/core/ngc/search';
import { seen, simClients, useSimulator, type SimClients } from './ngcHelpers';

const peoplenet = { org: 'nvidia', team: 'tao', name: 'peoplenet' };

async function failure(work: Promise<unknown>): Promise<unknown> {
    try {
        await work;
    } catch (error) {
        return error;
    }
    throw new Error('expected the call to fail');
}

describe('NGC keys, tokens and diagnoses against the simulator (integration)', () => {
    let sim: Simulator;
    let c: SimClients;
    useSimulator({ tokenTtlSeconds: 900 }, (started, clients) => {
        sim = started;
        c = clients;
    });

    describe('key kinds', () => {
        it('Should identify a personal key through caller info, sent as Bearer with no exchange', async () => {
            const id = await c.make(sim.keys.personal).identity();
            assert.equal(id.kind, 'personal');
            assert.equal(id.user?.name, 'Jon Doe');
            assert.deepEqual([...id.orgs].sort(), ['acme', 'nvidia']);
            assert.deepEqual(id.teams, ['acme/vision']);
            assert.equal(seen(sim, 'auth').length, 0);
            await listRepos(c.make(sim.keys.personal), { org: 'acme' });
            assert.equal(
                seen(sim, 'api', '/v2/org/acme/repos')[0]?.headers['authorization'],
                `Bearer ${sim.keys.personal}`,
            );
        });

        it('Should identify a service key without a user', async () => {
            const id = await c.make(sim.keys.service).identity();
            assert.equal(id.kind, 'service');
            assert.equal(id.user, undefined);
            assert.deepEqual(id.orgs, ['acme']);
        });

        it('Should identify the entitled key with its products', async () => {
            const id = await c.make(sim.keys.entitled).identity();
            assert.ok(id.products.includes('nv-ai-enterprise'));
        });

        it('Should identify a legacy key through an exchanged token and /v2/users/me', async () => {
            const id = await c.make(sim.keys.legacy).identity();
            assert.equal(id.kind, 'legacy');
            assert.equal(id.user?.email, 'jon.doe@example.com');
            const [exchange] = seen(sim, 'auth', '/token');
            assert.equal(exchange?.headers['authorization'], oauthBasic(sim.keys.legacy));
            assert.equal(seen(sim, 'api', '/v3/keys/get-caller-info').length, 0);
            const me = seen(sim, 'api', '/v2/users/me')[0];
            assert.match(me?.headers['authorization'] ?? '', /^Bearer /);
            assert.notEqual(me?.headers['authorization'], `Bearer ${sim.keys.legacy}`);
        });

        it('Should read the entitled image only with the entitled key', async () => {
            const ref = { org: 'nvidia', name: 'nvaie-pytorch' };
            assert.ok((await listTags(c.make(sim.keys.entitled), ref)).length > 0);
            const error = await failure(listTags(c.make(sim.keys.personal), ref));
            assert.equal(diagnose(error).cause, 'notEntitled');
        });
    });

    describe('legacy token lifecycle', () => {
        const thing = { org: 'acme', name: 'base' };

        it('Should exchange once for many calls in the same scope, with the org and team scopes', async () => {
            const client = c.make(sim.keys.legacy);
            await getRepo(client, thing);
            await getRepo(client, thing);
            await listTags(client, thing);
            await listTags(client, { org: 'acme', team: 'vision', name: 'detector' });
            const exchanges = seen(sim, 'auth', '/token').map((r) => decodeURIComponent(r.url));
            assert.deepEqual(exchanges, [
                '/token?service=ngc&scope=group/ngc:acme',
                '/token?service=ngc&scope=group/ngc:acme&scope=group/ngc:acme/vision',
            ]);
        });

        it('Should renew the token before it expires (300 s or less left), without a 401', async () => {
            const client = c.make(sim.keys.legacy);
            await getRepo(client, thing);
            sim.clock.advance(599);
            await getRepo(client, thing);
            assert.equal(seen(sim, 'auth', '/token').length, 1);
            sim.clock.advance(2);
            await getRepo(client, thing);
            assert.equal(seen(sim, 'auth', '/token').length, 2);
            assert.equal(sim.requests.filter((r) => r.host === 'api').length, 3, 'no 401 round trip');
        });

        it('Should exchange again exactly once when the server expires tokens early (401), then succeed', async () => {
            const client = c.make(sim.keys.legacy);
            await getRepo(client, thing);
            sim.expireTokens();
            sim.clearRequests();
            const repo = await getRepo(client, thing);
            assert.equal(repo.name, 'base');
            assert.deepEqual(
                sim.requests.map((r) => `${r.host} ${r.url.split('?')[0]}`),
                ['api /v2/org/acme/repos/base', 'auth /token', 'api /v2/org/acme/repos/base'],
            );
        });

        it('Should refresh after the sim clock passes the token lifetime', async () => {
            const client = c.make(sim.keys.legacy);
            await getRepo(client, thing);
            sim.clock.advance(1000);
            sim.clearRequests();
            await getRepo(client, thing);
            assert.deepEqual(
                sim.requests.map((r) => `${r.host} ${r.url.split('?')[0]}`),
                ['auth /token', 'api /v2/org/acme/repos/base'],
            );
        });

        it('Should never retry a 403 nor exchange again for it', async () => {
            const client = c.make(sim.keys.legacy);
            const error = await failure(getRepo(client, { org: 'otherorg', name: 'secret' }));
            assert.ok(HttpError.is(error, 403));
            assert.equal(seen(sim, 'api', '/v2/org/otherorg/repos/secret').length, 1);
            assert.equal(seen(sim, 'auth', '/token?service=ngc&scope=group%2Fngc%3Aotherorg').length, 1);
        });

        it('Should report a rejected legacy key as invalid', async () => {
            const client = new NgcClient({ http: c.http, endpoints: c.endpoints, apiKey: 'not-a-real-legacy-key' });
            const error = await failure(client.getJson('/v2/users/me', z.object({})));
            assert.equal(diagnose(error).cause, 'invalidKey');
            assert.equal(diagnose(error).exitCode, 3);
        });
    });

    describe('every diagnosis from real simulator answers', () => {
        const cases: [string, () => Promise<unknown>, Cause, number][] = [
            ['a guest on a private org path', () => getRepo(c.make(), { org: 'acme', name: 'base' }), 'noKey', 3],
            [
                'a revoked key',
                () => getRepo(c.make(sim.keys.revoked), { org: 'nvidia', name: 'pytorch' }),
                'invalidKey',
                3,
            ],
            [
                'a personal key used against another org',
                () => getRepo(c.make(sim.keys.otherOrg), { org: 'acme', name: 'base' }),
                'wrongOrg',
                3,
            ],
            [
                'a service key listing repositories',
                () => listRepos(c.make(sim.keys.service), { org: 'acme' }),
                'serviceKeyCannotList',
                4,
            ],
            [
                'a service key searching',
                () => searchCatalog(c.make(sim.keys.service), 'container', 'x'),
                'serviceKeyCannotList',
                4,
            ],
            [
                'a key without the subscription',
                () => getRepo(c.make(sim.keys.personal), { org: 'nvidia', name: 'nvaie-pytorch' }),
                'notEntitled',
                4,
            ],
            [
                'a legacy key outside its org',
                () => getRepo(c.make(sim.keys.legacy), { org: 'otherorg', name: 'secret' }),
                'notMember',
                4,
            ],
            [
                'a licence not accepted',
                () =>
                    listDownloadUrls(c.make(sim.keys.entitled), 'model', { org: 'nvidia', name: 'llama-gated' }, '1.0'),
                'licenseRequired',
                4,
            ],
            [
                'an EU-restricted image',
                () => getRepo(c.make(sim.keys.personal), { org: 'nvidia', name: 'eu-nim' }),
                'euRestricted',
                4,
            ],
            [
                'a missing model with a key',
                () => getArtifact(c.make(sim.keys.personal), 'model', { org: 'nvidia', name: 'nope' }),
                'notFound',
                5,
            ],
            [
                'a missing model as a guest',
                () => getArtifact(c.make(), 'model', { org: 'nvidia', team: 'tao', name: 'nope' }),
                'notFoundOrNoAccess',
                5,
            ],
            [
                'a missing two-part model as a guest',
                () => getArtifact(c.make(), 'model', { org: 'nvidia', name: 'nope' }),
                'notFoundOrNoAccess',
                5,
            ],
        ];
        for (const [name, run, cause, exitCode] of cases) {
            it(`Should diagnose ${name} as ${cause}`, async () => {
                const d = diagnose(await failure(run()));
                assert.equal(d.cause, cause, d.detail);
                assert.equal(d.exitCode, exitCode);
                assert.ok(d.requestId === undefined || /^[0-9a-f-]{36}$/.test(d.requestId));
            });
        }

        it('Should name the key org in the wrong-org remedy', async () => {
            const d = diagnose(await failure(getRepo(c.make(sim.keys.otherOrg), { org: 'acme', name: 'base' })));
            assert.match(d.remedy, /"otherorg", not "acme"/);
            assert.match(d.requestId ?? '', /^[0-9a-f-]{36}$/);
        });

        it('Should succeed once the licence is accepted', async () => {
            sim.acceptLicense(sim.keys.entitled, 'nvidia/llama-gated');
            const urls = await listDownloadUrls(
                c.make(sim.keys.entitled),
                'model',
                { org: 'nvidia', name: 'llama-gated' },
                '1.0',
            );
            assert.ok(urls.length > 0);
        });

        it('Should diagnose a 429 with its Retry-After as rateLimited', async () => {
            sim.faults.add({
                host: 'api',
                path: '/v2/org/nvidia/repos/pytorch',
                times: 5,
                fault: { kind: 'status', status: 429, headers: { 'retry-after': '7' } },
            });
            const d = diagnose(await failure(getRepo(c.make(sim.keys.personal), { org: 'nvidia', name: 'pytorch' })));
            assert.equal(d.cause, 'rateLimited');
            assert.match(d.remedy, /7 s/);
        });

        it('Should retry a 429 and a 503 when retries are on, then succeed', async () => {
            const retrying = simClients(sim, 3);
            sim.faults.add({
                host: 'api',
                path: '/v2/org/nvidia/repos/pytorch',
                times: 1,
                fault: { kind: 'status', status: 429, headers: { 'retry-after': '0' } },
            });
            sim.faults.add({
                host: 'api',
                path: '/v2/org/nvidia/repos/pytorch',
                times: 1,
                fault: { kind: 'status', status: 503 },
            });
            const repo = await getRepo(retrying.make(sim.keys.personal), { org: 'nvidia', name: 'pytorch' });
            await retrying.close();
            assert.equal(repo.name, 'pytorch');
            assert.equal(seen(sim, 'api', '/v2/org/nvidia/repos/pytorch').length, 3);
        });

        it('Should diagnose a 5xx as a server error', async () => {
            sim.faults.add({ host: 'api', path: '/v2/models', times: 5, fault: { kind: 'status', status: 503 } });
            assert.equal(diagnose(await failure(getArtifact(c.make(), 'model', peoplenet))).cause, 'server');
        });

        it('Should diagnose an HTML answer and a malformed JSON answer as badResponse', async () => {
            sim.faults.add({ host: 'api', path: '/v2/models', times: 1, fault: { kind: 'html' } });
            assert.equal(diagnose(await failure(getArtifact(c.make(), 'model', peoplenet))).cause, 'badResponse');
            sim.faults.add({
                host: 'api',
                path: '/v2/models',
                times: 1,
                fault: { kind: 'json', body: { model: { latestVersionSizeInBytes: { no: 1 } } } },
            });
            const d = diagnose(await failure(getArtifact(c.make(), 'model', peoplenet)));
            assert.equal(d.cause, 'badResponse');
            assert.equal(d.exitCode, 1);
        });

        it('Should diagnose an unreachable API as a network failure', async () => {
            const closed = new NgcClient({ http: c.http, endpoints: { ...c.endpoints, apiUrl: 'http://127.0.0.1:9' } });
            const d = diagnose(await failure(getArtifact(closed, 'model', peoplenet)));
            assert.equal(d.cause, 'network');
            assert.equal(d.action, 'checkSettings');
        });

        it('Should never put a key in a diagnosis', async () => {
            for (const key of Object.values(sim.keys)) {
                const error = await failure(getRepo(c.make(key), { org: 'otherorg', name: 'nope' })).catch(
                    (e: unknown) => e,
                );
                const text = JSON.stringify(diagnose(error)) + String((error as Error).message);
                assert.ok(!text.includes(key), `diagnosis for ${key.slice(0, 8)}… leaks the key`);
            }
        });
    });
});
