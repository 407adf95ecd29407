import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { Agent } from 'undici';
import { z } from 'zod';
import { HttpClient } from '../../../../src/core/http/client';
import { HttpError } from '../../../../src/core/http/errors';
import {
    backoffDelay,
    defaultRetryPolicy,
    isTransientError,
    isRetryableStatus,
    parseRetryAfter,
} from '../../../../src/core/http/retry';
import { sendJson, startLocalServer, type LocalServer } from '../../../builders/localServer';

describe('retry policy (unit)', () => {
    it('Should read Retry-After as delta-seconds', () => {
        assert.equal(parseRetryAfter('3'), 3000);
        assert.equal(parseRetryAfter(' 0 '), 0);
        assert.equal(parseRetryAfter('1.5'), 1500);
    });

    it('Should read Retry-After as an HTTP date relative to now, never negative', () => {
        const now = Date.parse('2025-03-01T10:00:00Z');
        assert.equal(parseRetryAfter('Sat, 01 Mar 2025 10:00:05 GMT', now), 5000);
        assert.equal(parseRetryAfter('Sat, 01 Mar 2025 09:59:00 GMT', now), 0);
    });

    it('Should ignore a missing or unparsable Retry-After', () => {
        assert.equal(parseRetryAfter(undefined), undefined);
        assert.equal(parseRetryAfter('soon'), undefined);
    });

    it('Should retry 429 and 5xx but never 401, 403, 404 or 412', () => {
        for (const status of [429, 500, 502, 503, 504]) {
            assert.equal(isRetryableStatus(status), true, String(status));
        }
        for (const status of [400, 401, 403, 404, 412, 451]) {
            assert.equal(isRetryableStatus(status), false, String(status));
        }
    });

    it('Should recognise resets by code, also when wrapped as a cause', () => {
        const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        assert.equal(isTransientError(reset), true);
        assert.equal(isTransientError(new Error('wrapper', { cause: reset })), true);
        assert.equal(isTransientError(new Error('plain')), false);
    });

    it('Should keep full-jitter delays between half and all of the exponential ceiling', () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 1, max: 12 }),
                fc.double({ min: 0, max: 0.999999, noNaN: true }),
                (attempt, r) => {
                    const ceiling = Math.min(
                        defaultRetryPolicy.maxDelayMs,
                        defaultRetryPolicy.baseDelayMs * 2 ** (attempt - 1),
                    );
                    const delay = backoffDelay(attempt, defaultRetryPolicy, undefined, () => r);
                    return delay >= Math.floor(ceiling / 2) && delay <= ceiling;
                },
            ),
        );
    });

    it('Should prefer the server Retry-After but cap a hostile one', () => {
        assert.equal(backoffDelay(1, defaultRetryPolicy, 2500), 2500);
        assert.equal(backoffDelay(1, defaultRetryPolicy, 3_600_000), defaultRetryPolicy.maxRetryAfterMs);
    });
});

describe('HttpClient retries against a local server (unit)', () => {
    let server: LocalServer;
    let plan: ((res: ServerResponse, index: number) => void)[] = [];
    const dispatcher = new Agent({ keepAliveTimeout: 10 });
    const http = new HttpClient({ dispatcher, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } });

    before(async () => {
        server = await startLocalServer((_req, res, index) => {
            const step = plan[index] ?? ((r) => sendJson(r, 200, { ok: true }));
            step(res, index);
        });
    });
    after(async () => {
        await server.close();
        await dispatcher.close();
    });
    const reset = (steps: typeof plan) => {
        plan = steps;
        server.requests.length = 0;
    };

    it('Should retry a 503 and return the later success', async () => {
        reset([(res) => sendJson(res, 503, {})]);
        const response = await http.send({ url: `${server.url}/x` });
        assert.equal(response.status, 200);
        await response.dump();
        assert.equal(server.requests.length, 2);
    });

    it('Should wait as long as a 429 Retry-After in seconds asks', async () => {
        reset([(res) => sendJson(res, 429, {}, { 'retry-after': '1' })]);
        const started = Date.now();
        const response = await http.send({ url: `${server.url}/x` });
        await response.dump();
        assert.equal(response.status, 200);
        assert.ok(Date.now() - started >= 900, `waited only ${Date.now() - started} ms`);
        assert.equal(server.requests.length, 2);
    });

    it('Should honour a 429 Retry-After given as an HTTP date', async () => {
        reset([(res) => sendJson(res, 429, {}, { 'retry-after': new Date(Date.now() + 2000).toUTCString() })]);
        const started = Date.now();
        const response = await http.send({ url: `${server.url}/x` });
        await response.dump();
        assert.equal(response.status, 200);
        // HTTP dates have one-second resolution: the wait is between ~1 and 2 seconds, far above the 2 ms backoff.
        assert.ok(Date.now() - started >= 900, `waited only ${Date.now() - started} ms`);
    });

    it('Should give up after the configured attempts and return the last 5xx', async () => {
        reset([(res) => sendJson(res, 500, {}), (res) => sendJson(res, 502, {}), (res) => sendJson(res, 503, {})]);
        const response = await http.send({ url: `${server.url}/x` });
        await response.dump();
        assert.equal(response.status, 503);
        assert.equal(server.requests.length, 3);
    });

    it('Should never retry a 403', async () => {
        reset([(res) => sendJson(res, 403, { requestStatus: { statusCode: 'FORBIDDEN', requestId: 'r-403' } })]);
        await assert.rejects(http.json({ url: `${server.url}/x` }, z.object({})), (error: unknown) => {
            assert.ok(HttpError.is(error, 403));
            assert.equal(error.requestId, 'r-403');
            return true;
        });
        assert.equal(server.requests.length, 1);
    });

    it('Should retry when the server resets the connection', async () => {
        reset([(res) => res.socket?.destroy()]);
        const response = await http.send({ url: `${server.url}/x` });
        await response.dump();
        assert.equal(response.status, 200);
        assert.equal(server.requests.length, 2);
    });

    it('Should surface a reset as a network HttpError once attempts run out', async () => {
        reset([(res) => res.socket?.destroy(), (res) => res.socket?.destroy(), (res) => res.socket?.destroy()]);
        await assert.rejects(http.send({ url: `${server.url}/x` }), (error: unknown) => HttpError.is(error, 'network'));
        assert.equal(server.requests.length, 3);
    });

    it('Should not retry a POST unless asked', async () => {
        reset([(res) => sendJson(res, 503, {})]);
        const response = await http.send({ url: `${server.url}/x`, method: 'POST', body: 'a=1' });
        await response.dump();
        assert.equal(response.status, 503);
        assert.equal(server.requests.length, 1);
    });
});
