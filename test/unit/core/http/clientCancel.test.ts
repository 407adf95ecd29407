import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { Agent } from 'undici';
import { HttpClient } from '../../../../src/core/http/client';
import { CancelledError, isCancellationError } from '../../../../src/core/lib/abort';
import { startLocalServer, type LocalServer } from '../../../builders/localServer';

async function waitFor(done: () => boolean): Promise<void> {
    for (let i = 0; i < 100 && !done(); i++) {
        await delay(20);
    }
}

describe('cancellation (unit)', () => {
    let server: LocalServer;
    const dispatcher = new Agent({ keepAliveTimeout: 60_000 });
    const http = new HttpClient({ dispatcher, retry: { attempts: 3, baseDelayMs: 5_000, maxDelayMs: 5_000 } });
    before(async () => {
        server = await startLocalServer((req, res) => {
            if (req.url === '/hang') {
                return; // never answers
            }
            if (req.url === '/stream') {
                res.writeHead(200, { 'content-type': 'application/octet-stream' });
                res.write(Buffer.alloc(1024));
                return; // body never ends
            }
            res.writeHead(503).end();
        });
    });
    after(async () => {
        await server.close();
        await dispatcher.close();
    });

    it('Should reject with CancelledError and close the socket when aborted while waiting for headers', async () => {
        const closedBefore = server.closedSockets;
        const controller = new AbortController();
        const pending = http.send({ url: `${server.url}/hang`, signal: controller.signal });
        await delay(100);
        controller.abort();
        await assert.rejects(pending, (e: unknown) => CancelledError.is(e));
        await waitFor(() => server.openSockets === 0);
        assert.ok(server.closedSockets > closedBefore, 'the server saw its socket close');
        assert.equal(server.openSockets, 0, 'no socket is left open');
    });

    it('Should close the socket when aborted while the body streams', async () => {
        const closedBefore = server.closedSockets;
        const controller = new AbortController();
        const response = await http.send({ url: `${server.url}/stream`, signal: controller.signal });
        assert.equal(response.status, 200);
        const reading = response.text();
        controller.abort();
        await assert.rejects(
            reading,
            (e: unknown) => isCancellationError(e) || (e as Error).name === 'AbortError' || /abort/i.test(String(e)),
        );
        await waitFor(() => server.openSockets === 0);
        assert.ok(server.closedSockets > closedBefore, 'the server saw its socket close');
        assert.equal(server.openSockets, 0, 'no socket is left open');
    });

    it('Should stop waiting for a retry backoff as soon as the signal aborts', async () => {
        const controller = new AbortController();
        const started = Date.now();
        const pending = http.send({ url: `${server.url}/unavailable`, signal: controller.signal });
        setTimeout(() => controller.abort(), 100);
        await assert.rejects(pending, (e: unknown) => CancelledError.is(e));
        assert.ok(Date.now() - started < 2_000, 'did not sit out the 5 s backoff');
    });

    it('Should not send anything when the signal is already aborted', async () => {
        const count = server.requests.length;
        await assert.rejects(http.send({ url: `${server.url}/hang`, signal: AbortSignal.abort() }), (e: unknown) =>
            CancelledError.is(e),
        );
        assert.equal(server.requests.length, count);
    });
});
