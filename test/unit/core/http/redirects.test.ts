import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Agent, MockAgent } from 'undici';
import { HttpClient } from '../../../../src/core/http/client';
import { HttpError } from '../../../../src/core/http/errors';
import { headersForRedirect, methodForRedirect, sameOrigin } from '../../../../src/core/http/redirects';
import { sendJson, startLocalServer, type LocalServer } from '../../../builders/localServer';

describe('redirect rules (unit)', () => {
    it('Should treat a different port as a different origin', () => {
        assert.equal(sameOrigin('http://127.0.0.1:1/a', 'http://127.0.0.1:1/b'), true);
        assert.equal(sameOrigin('http://127.0.0.1:1/a', 'http://127.0.0.1:2/a'), false);
        assert.equal(sameOrigin('http://h/a', 'https://h/a'), false);
    });

    it('Should drop every credential header across origins and keep the rest', () => {
        const headers = { authorization: 'Bearer x', cookie: 'c', 'x-registry-auth': 'r', accept: 'application/json' };
        assert.deepEqual(headersForRedirect(headers, 'http://a:1/', 'http://b:1/'), { accept: 'application/json' });
        assert.deepEqual(headersForRedirect(headers, 'http://a:1/', 'http://a:1/other'), headers);
    });

    it('Should turn a POST into a GET on 301/302/303 but keep it on 307/308', () => {
        assert.equal(methodForRedirect(302, 'POST'), 'GET');
        assert.equal(methodForRedirect(303, 'PUT'), 'GET');
        assert.equal(methodForRedirect(307, 'POST'), 'POST');
        assert.equal(methodForRedirect(302, 'GET'), 'GET');
    });
});

describe('HttpClient redirects between two local origins (unit)', () => {
    let api: LocalServer;
    let files: LocalServer;
    const dispatcher = new Agent({ keepAliveTimeout: 10 });
    const http = new HttpClient({ dispatcher, maxRedirects: 3 });

    before(async () => {
        files = await startLocalServer((_req, res) => sendJson(res, 200, { from: 'files' }));
        api = await startLocalServer((req, res) => {
            if (req.url === '/cross') {
                res.writeHead(302, { location: `${files.url}/blob?sig=abc` }).end();
            } else if (req.url === '/same') {
                res.writeHead(307, { location: '/target' }).end();
            } else if (req.url === '/loop') {
                res.writeHead(302, { location: '/loop' }).end();
            } else {
                sendJson(res, 200, { from: 'api' });
            }
        });
    });
    after(async () => {
        await api.close();
        await files.close();
        await dispatcher.close();
    });

    it('Should not send Authorization to the presigned host after a cross-origin redirect', async () => {
        const body = await http.text({ url: `${api.url}/cross`, headers: { Authorization: 'Bearer nvapi-secret' } });
        assert.deepEqual(JSON.parse(body), { from: 'files' });
        assert.equal(api.requests.at(-1)?.headers.authorization, 'Bearer nvapi-secret');
        assert.equal(files.requests.length, 1);
        assert.equal(files.requests[0]?.headers.authorization, undefined);
    });

    it('Should keep Authorization on a same-origin redirect', async () => {
        api.requests.length = 0;
        await http.text({ url: `${api.url}/same`, headers: { authorization: 'Bearer nvapi-secret' } });
        assert.deepEqual(
            api.requests.map((r) => [r.url, r.headers.authorization]),
            [
                ['/same', 'Bearer nvapi-secret'],
                ['/target', 'Bearer nvapi-secret'],
            ],
        );
    });

    it('Should stop a redirect loop with a format error', async () => {
        await assert.rejects(http.send({ url: `${api.url}/loop` }), (error: unknown) => {
            assert.ok(HttpError.is(error, 'format'));
            assert.match(error.message, /more than 3 redirects/);
            return true;
        });
    });

    it('Should return the 3xx itself when redirects are not followed', async () => {
        const response = await http.send({ url: `${api.url}/cross`, followRedirects: false });
        await response.dump();
        assert.equal(response.status, 302);
        assert.match(response.headers['location'] ?? '', /\/blob\?sig=abc$/);
    });
});

describe('HttpClient credentials over plain HTTP (unit)', () => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    const seen: (string | undefined)[] = [];
    mock.get('http://ngc-mirror.example')
        .intercept({ path: /.*/, method: 'GET' })
        .reply(200, (opts) => {
            seen.push(new Headers(opts.headers as Record<string, string>).get('authorization') ?? undefined);
            return '{}';
        })
        .persist();
    const http = new HttpClient({ dispatcher: mock, retry: { attempts: 1 } });
    after(() => mock.close());

    it('Should refuse to send Authorization to a plain-HTTP host that is not loopback, before connecting', async () => {
        await assert.rejects(
            http.send({
                url: 'http://ngc-mirror.example/v2/org/x',
                headers: { Authorization: 'Bearer nvapi-plain-http-secret' },
            }),
            (error: unknown) => {
                assert.ok(HttpError.is(error, 'format'));
                assert.match(
                    error.message,
                    /refusing to send credentials to http:\/\/ngc-mirror\.example\/v2\/org\/x over plain HTTP/,
                );
                assert.doesNotMatch(error.message, /nvapi-plain-http-secret/);
                return true;
            },
        );
        await assert.rejects(
            http.send({ url: 'http://ngc-mirror.example/charts/a.tgz', headers: { 'x-registry-auth': 'abc' } }),
            /plain HTTP/,
        );
        assert.deepEqual(seen, [], 'nothing reached the host');
    });

    it('Should still let guest requests (no credentials) through to a plain-HTTP host', async () => {
        const response = await http.send({ url: 'http://ngc-mirror.example/v2/search' });
        await response.dump();
        assert.equal(response.status, 200);
        assert.deepEqual(seen, [undefined]);
    });
});
