import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { Agent } from 'undici';
import { HttpClient } from '../../../../src/core/http/client';
import { HttpError } from '../../../../src/core/http/errors';
import { CancelledError } from '../../../../src/core/lib/abort';
import { getArtifact } from '../../../../src/core/ngc/artifacts';
import { RegistryAuth } from '../../../../src/core/registry/auth';
import { hostileNgcClient } from '../../../builders/hostileClients';
import { drip, endless, raw, silent } from '../../../builders/hostileReplies';
import { startHostileServer, type HostileServer } from '../../../builders/hostileServer';

const anyJson = z.unknown();
const MiB = 1024 * 1024;

async function settlesWithin<T>(ms: number, work: Promise<T>): Promise<{ value?: T; error?: unknown; took: number }> {
    const started = Date.now();
    const guard = delay(ms).then(() => {
        throw new Error(`still running after ${ms} ms`);
    });
    try {
        const value = await Promise.race([work, guard]);
        return { value, took: Date.now() - started };
    } catch (error) {
        return { error, took: Date.now() - started };
    }
}

describe('API bodies and time are bounded (unit, hostile server)', () => {
    let server: HostileServer;
    // Idle timeouts far longer than the tests: only the new bounds can end these calls in time.
    const dispatcher = new Agent({ keepAliveTimeout: 10, headersTimeout: 60_000, bodyTimeout: 60_000 });
    const http = new HttpClient({
        dispatcher,
        retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
        maxBodyBytes: 1 * MiB,
        deadlineMs: 1_000,
    });
    before(async () => {
        server = await startHostileServer();
    });
    afterEach(() => server.reset());
    after(async () => {
        await server.close();
        await dispatcher.close();
    });

    it('Should stop an endless JSON body at the body limit with an error naming the limit', async () => {
        server.on('GET', '/endless', endless('{"items":[', '"xxxxxxxxxxxxxxxx",'));
        const before = process.memoryUsage().rss;
        const result = await settlesWithin(5_000, http.json({ url: `${server.url}/endless` }, anyJson));
        assert.ok(HttpError.is(result.error, 'format'), String(result.error));
        assert.match(result.error.message, /larger than 1 MiB, the limit for one API answer/);
        assert.ok(process.memoryUsage().rss - before < 64 * MiB, 'memory stayed bounded');
    });

    it('Should refuse a body whose Content-Length is over the limit without reading it', async () => {
        server.on(
            'GET',
            '/huge',
            raw((res) => {
                res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(200 * MiB) });
                res.write('{');
            }),
        );
        const result = await settlesWithin(3_000, http.json({ url: `${server.url}/huge` }, anyJson));
        assert.ok(HttpError.is(result.error, 'format'));
        assert.match(result.error.message, /1 MiB/);
    });

    it('Should end a call that drips one byte at a time at the overall deadline, stating it', async () => {
        server.on('GET', '/drip', drip('{"a":"' + 'x'.repeat(1000) + '"}', 100, { endless: true }));
        const result = await settlesWithin(4_000, http.json({ url: `${server.url}/drip` }, anyJson));
        assert.ok(HttpError.is(result.error, 'timeout'), String(result.error));
        assert.match(result.error.message, /within 1 s \(the limit for one API call\)/);
        assert.ok(result.took < 2_500, `took ${result.took} ms`);
    });

    it('Should give up on a silent API within the deadline, retries included', async () => {
        server.on('GET', '/silent', silent());
        const result = await settlesWithin(4_000, http.json({ url: `${server.url}/silent` }, anyJson));
        assert.ok(HttpError.is(result.error, 'timeout'), String(result.error));
        assert.ok(result.took < 2_500, `took ${result.took} ms`);
        await delay(50);
        assert.equal(server.openSockets, 0, 'the hung request was aborted, its socket closed');
    });

    it("Should keep the caller's cancellation a cancellation under the deadline", async () => {
        server.on('GET', '/silent', silent());
        const controller = new AbortController();
        const pending = http.json({ url: `${server.url}/silent`, signal: controller.signal }, anyJson);
        setTimeout(() => controller.abort(), 100);
        await assert.rejects(pending, (e: unknown) => CancelledError.is(e));
    });

    it('Should end a registry token exchange whose token service never finishes at the deadline', async () => {
        server.on('GET', '/token', drip('{"token":"' + 'x'.repeat(1000) + '"}', 100, { endless: true }));
        const auth = new RegistryAuth(http);
        const challenge = `Bearer realm="${server.url}/token",service="registry"`;
        const result = await settlesWithin(
            4_000,
            auth.answerChallenge('127.0.0.1:5000', 'repository:a/b:pull', challenge),
        );
        assert.ok(HttpError.is(result.error, 'timeout'), String(result.error));
        assert.match(result.error.message, /within 1 s \(the limit for one API call\)/);
        assert.ok(result.took < 2_500, `took ${result.took} ms`);
    });

    it('Should bound NGC API calls the same way (a dripping artifact answer through NgcClient)', async () => {
        const ngc = hostileNgcClient(server, { http: { deadlineMs: 800, maxBodyBytes: MiB } });
        server.on('GET', '/v2/models/acme/m', drip('{"model":{"name":"m"}}', 150, { endless: true }));
        try {
            const result = await settlesWithin(4_000, getArtifact(ngc.client, 'model', { org: 'acme', name: 'm' }));
            assert.ok(HttpError.is(result.error, 'timeout'), String(result.error));
        } finally {
            await ngc.close();
        }
    });
});
