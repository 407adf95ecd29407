/**
 * (integration) The simulator's cross-cutting machinery: request recording, each fault kind, and the 10 000-repo
 * `bigorg` staying fast to page and search.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSimulator } from '../../sim/server';
import type { Simulator } from '../../sim/server';

let sim: Simulator;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const auth = (): Record<string, string> => ({ authorization: `Bearer ${sim.keys.personal}` });
const FILE = '/v2/models/nvidia/tao/peoplenet/versions/2.6.1/files/resnet34_peoplenet_int8.etlt';

async function presigned(): Promise<string> {
    const r = await fetch(sim.urls.api + FILE, { redirect: 'manual' });
    return r.headers.get('location') ?? '';
}

async function readAll(url: string): Promise<Buffer> {
    return Buffer.from(await (await fetch(url)).arrayBuffer());
}

void describe('(integration) simulator: faults, recording and scale', () => {
    before(async () => {
        // Pages of 100 here: these tests time the generated org's paging, not the server-side cap.
        sim = await startSimulator({ extraRepos: 10000, redirectStatus: 307, maxPageSize: 1000 });
    });
    after(async () => {
        await sim.close();
    });

    void it('Should record every request with lowercase headers, and presigned fetches carry no Authorization', async () => {
        sim.clearRequests();
        const location = await presigned();
        await readAll(location);
        await fetch(`${sim.urls.api}/v2/org/acme/repos`, { headers: { ...auth(), 'X-Custom': 'yes' } });
        const hosts = sim.requests.map((r) => r.host);
        assert.deepEqual(hosts, ['api', 'files', 'api']);
        assert.equal(sim.requests[1]?.headers.authorization, undefined);
        assert.equal(sim.requests[2]?.headers['x-custom'], 'yes');
        assert.ok(sim.requests[2]?.url.startsWith('/v2/org/acme/repos'));
        assert.equal((await fetch(sim.urls.api + FILE, { redirect: 'manual' })).status, 307);
    });

    void it('Should inject a status fault once, with Retry-After, then answer normally', async () => {
        sim.faults.add({
            host: 'api',
            path: '/v2/org/acme',
            times: 1,
            fault: { kind: 'status', status: 429, headers: { 'retry-after': '2' } },
        });
        const limited = await fetch(`${sim.urls.api}/v2/org/acme/repos`, { headers: auth() });
        assert.equal(limited.status, 429);
        assert.equal(limited.headers.get('retry-after'), '2');
        assert.equal(((await limited.json()) as Json).requestStatus.statusCode, 'TOO_MANY_REQUESTS');
        assert.equal((await fetch(`${sim.urls.api}/v2/org/acme/repos`, { headers: auth() })).status, 200);
    });

    void it('Should drop the connection before any response, or after some body bytes', async () => {
        sim.faults.add({ host: 'api', path: /\/repos$/, times: 1, fault: { kind: 'drop' } });
        await assert.rejects(fetch(`${sim.urls.api}/v2/org/acme/repos`, { headers: auth() }));
        const location = await presigned();
        sim.faults.add({ host: 'files', times: 1, fault: { kind: 'drop', afterBytes: 1000 } });
        await assert.rejects(readAll(location));
    });

    void it('Should truncate a body while announcing the full Content-Length', async () => {
        const location = await presigned();
        sim.faults.add({ host: 'files', times: 1, fault: { kind: 'truncate', bytes: 4096 } });
        const r = await fetch(location);
        assert.equal(Number(r.headers.get('content-length')), 1024 * 1024 + 7);
        await assert.rejects(r.arrayBuffer());
    });

    void it('Should corrupt bytes without changing the length', async () => {
        const location = await presigned();
        const good = await readAll(location);
        sim.faults.add({ host: 'files', times: 1, fault: { kind: 'corrupt' } });
        const bad = await readAll(location);
        assert.equal(bad.length, good.length);
        assert.notDeepEqual(bad, good);
    });

    void it('Should stream slowly at the requested rate', async () => {
        sim.faults.add({
            host: 'api',
            path: '/v2/repos/nvidia/cuda',
            times: 1,
            fault: { kind: 'slow', bytesPerSecond: 20000 },
        });
        const start = Date.now();
        const body = Buffer.from(await (await fetch(`${sim.urls.api}/v2/repos/nvidia/cuda`)).arrayBuffer());
        const expected = (body.length / 20000) * 1000;
        assert.ok(Date.now() - start >= expected * 0.8, `took ${Date.now() - start} ms for ${body.length} bytes`);
    });

    void it('Should answer HTML or a replaced JSON body on request', async () => {
        sim.faults.add({ host: 'api', method: 'GET', path: '/v2/users/me', times: 1, fault: { kind: 'html' } });
        const html = await fetch(`${sim.urls.api}/v2/users/me`, { headers: auth() });
        assert.equal(html.status, 200);
        assert.match(html.headers.get('content-type') ?? '', /text\/html/);
        assert.match(await html.text(), /^<html>/);
        sim.faults.add({ host: 'api', path: '/v2/users/me', times: 1, fault: { kind: 'json', body: { user: 42 } } });
        assert.deepEqual(await (await fetch(`${sim.urls.api}/v2/users/me`, { headers: auth() })).json(), { user: 42 });
        sim.faults.add({ host: 'api', path: '/v2/users/me', fault: { kind: 'json', body: '{"user":', status: 200 } });
        await assert.rejects(async () => (await fetch(`${sim.urls.api}/v2/users/me`, { headers: auth() })).json());
        sim.faults.clear();
        assert.equal((await fetch(`${sim.urls.api}/v2/users/me`, { headers: auth() })).status, 200);
    });

    void it('Should page 10 000 bigorg repositories quickly with correct totals', async () => {
        await fetch(`${sim.urls.api}/v2/org/bigorg/repos?page-size=100`, { headers: auth() }); // warm up
        const timings: number[] = [];
        const pages: Json[] = [];
        for (const n of [42, 43, 44]) {
            const start = performance.now();
            pages.push(
                (await (
                    await fetch(`${sim.urls.api}/v2/org/bigorg/repos?page-size=100&page-number=${n}`, {
                        headers: auth(),
                    })
                ).json()) as Json,
            );
            timings.push(performance.now() - start);
        }
        assert.ok(Math.min(...timings) < 50, `pages took ${timings.map((t) => t.toFixed(1)).join(', ')} ms`);
        const page = pages[0] as Json;
        assert.equal(page.repositories.length, 100);
        assert.equal(page.repositories[0].name, 'repo-04200');
        assert.deepEqual(page.paginationInfo, {
            index: 42,
            size: 100,
            totalPages: 100,
            totalResults: 10000,
            nextPage: '',
        });
        const past = (await (
            await fetch(`${sim.urls.api}/v2/org/bigorg/repos?page-size=100&page-number=100`, { headers: auth() })
        ).json()) as Json;
        assert.equal(past.repositories.length, 0);
        assert.equal(past.paginationInfo.totalResults, 10000);
    });

    void it('Should search 10 000 bigorg repositories quickly', async () => {
        const q = (page: number): string =>
            encodeURIComponent(JSON.stringify({ query: 'orgName:bigorg', page, pageSize: 100 }));
        await fetch(`${sim.urls.api}/v2/search/resources/CONTAINER?q=${q(0)}`, { headers: auth() }); // warm up
        const timings: number[] = [];
        const results: Json[] = [];
        for (const n of [99, 98, 97]) {
            const start = performance.now();
            results.push(
                (await (
                    await fetch(`${sim.urls.api}/v2/search/resources/CONTAINER?q=${q(n)}`, { headers: auth() })
                ).json()) as Json,
            );
            timings.push(performance.now() - start);
        }
        assert.ok(Math.min(...timings) < 100, `searches took ${timings.map((t) => t.toFixed(1)).join(', ')} ms`);
        const result = results[0] as Json;
        assert.equal(result.resultTotal, 10000);
        assert.equal(result.resultPageTotal, 100);
        const group = result.results.find((g: Json) => g.groupValue === 'CONTAINER');
        assert.equal(group.resources.length, 100);
        assert.equal(result.results[0].groupValue, 'CONTAINER', 'no _scored group after page 0');
    });
});
