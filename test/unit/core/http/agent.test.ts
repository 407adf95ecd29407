import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Agent, EnvHttpProxyAgent } from 'undici';
import { createDispatcher } from '../../../../src/core/http/agent';
import { HttpClient } from '../../../../src/core/http/client';
import { sendJson, startLocalServer, type LocalServer } from '../../../builders/localServer';

/** A tiny forward proxy on 127.0.0.1: answers CONNECT by piping to the target, and records each tunnel target. */
async function startConnectProxy(): Promise<{ url: string; tunnels: string[]; close(): Promise<void> }> {
    const tunnels: string[] = [];
    const sockets = new Set<Socket>();
    const server: Server = createServer((_req, res) => res.writeHead(501).end());
    server.on('connect', (req, client: Socket, head: Buffer) => {
        tunnels.push(req.url ?? '');
        const [host, port] = (req.url ?? '').split(':');
        const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
            client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
            upstream.write(head);
            upstream.pipe(client);
            client.pipe(upstream);
        });
        for (const s of [client, upstream]) {
            sockets.add(s);
            s.on('error', () => undefined);
            s.on('close', () => sockets.delete(s));
        }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        tunnels,
        async close() {
            for (const s of sockets) {
                s.destroy();
            }
            await new Promise<void>((resolve) => server.close(() => resolve()));
        },
    };
}

describe('dispatcher and proxy selection (unit)', () => {
    let target: LocalServer;
    let proxy: Awaited<ReturnType<typeof startConnectProxy>>;
    before(async () => {
        target = await startLocalServer((_req, res) => sendJson(res, 200, { hello: 'world' }));
        proxy = await startConnectProxy();
    });
    after(async () => {
        await target.close();
        await proxy.close();
    });

    it('Should use a plain Agent when no proxy is configured', async () => {
        const dispatcher = createDispatcher({}, {});
        assert.ok(dispatcher instanceof Agent);
        await dispatcher.close();
    });

    it('Should pick the proxy agent from HTTPS_PROXY', async () => {
        const dispatcher = createDispatcher({}, { HTTPS_PROXY: proxy.url });
        assert.ok(dispatcher instanceof EnvHttpProxyAgent);
        await dispatcher.close();
    });

    it('Should send the request through the proxy named in HTTPS_PROXY', async () => {
        const dispatcher = createDispatcher({}, { HTTPS_PROXY: proxy.url });
        const http = new HttpClient({ dispatcher, retry: { attempts: 1 } });
        const before = target.requests.length;
        const text = await http.text({ url: `${target.url}/via-proxy` });
        await dispatcher.close();
        assert.deepEqual(JSON.parse(text), { hello: 'world' });
        assert.equal(proxy.tunnels.length, 1);
        assert.equal(proxy.tunnels[0], new URL(target.url).host);
        assert.equal(target.requests.length, before + 1);
    });

    it('Should bypass the proxy for hosts in NO_PROXY', async () => {
        const dispatcher = createDispatcher({}, { HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1' });
        const http = new HttpClient({ dispatcher, retry: { attempts: 1 } });
        const tunnelsBefore = proxy.tunnels.length;
        await http.text({ url: `${target.url}/direct` });
        await dispatcher.close();
        assert.equal(proxy.tunnels.length, tunnelsBefore);
        assert.equal(target.requests.at(-1)?.url, '/direct');
    });

    it('Should prefer an explicit proxy (VS Code http.proxy) over the environment', async () => {
        const dispatcher = createDispatcher({ proxyUrl: proxy.url }, {});
        const http = new HttpClient({ dispatcher, retry: { attempts: 1 } });
        const tunnelsBefore = proxy.tunnels.length;
        await http.text({ url: `${target.url}/explicit` });
        await dispatcher.close();
        assert.equal(proxy.tunnels.length, tunnelsBefore + 1);
    });
});
