import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Agent } from 'undici';
import { z } from 'zod';
import { parseJsonBody, readErrorDetails, requestIdOf } from '../../../../src/core/http/body';
import { HttpClient } from '../../../../src/core/http/client';
import { HttpError } from '../../../../src/core/http/errors';
import { sendJson, startLocalServer, type LocalServer } from '../../../builders/localServer';

const fakeResponse = (text: string, contentType = 'application/json') => ({
    status: 200,
    url: 'http://api.test/v2/x?sig=secret',
    headers: { 'content-type': contentType },
    text: async () => text,
});

describe('JSON bodies (unit)', () => {
    it('Should turn an HTML page where JSON was expected into a format error that says so', async () => {
        await assert.rejects(
            parseJsonBody(fakeResponse('<!doctype html><html>Login</html>', 'text/html'), z.object({}), 'GET'),
            (error: unknown) => {
                assert.ok(HttpError.is(error, 'format'));
                assert.match(error.message, /expected JSON but got an HTML page \(text\/html\)/);
                assert.match(error.message, /proxy or login page/);
                assert.doesNotMatch(error.message, /sig=secret/);
                return true;
            },
        );
    });

    it('Should name the first field that fails the schema', async () => {
        const schema = z.object({ items: z.array(z.object({ size: z.number() })) });
        const body = JSON.stringify({ items: [{ size: 1 }, { size: 'big' }], requestStatus: { requestId: 'r-9' } });
        await assert.rejects(parseJsonBody(fakeResponse(body), schema, 'GET'), (error: unknown) => {
            assert.ok(HttpError.is(error, 'format'));
            assert.match(error.message, /field items\.1\.size/);
            assert.equal(error.requestId, 'r-9');
            return true;
        });
    });

    it('Should report an empty body plainly', async () => {
        await assert.rejects(parseJsonBody(fakeResponse(''), z.object({}), 'GET'), /an empty body/);
    });

    it('Should let unknown fields through a tolerant schema', async () => {
        const value = await parseJsonBody(fakeResponse('{"a":1,"extra":true}'), z.object({ a: z.number() }), 'GET');
        assert.deepEqual(value, { a: 1 });
    });

    it('Should read the NGC envelope, registry errors and problem+json from error bodies', async () => {
        assert.deepEqual(
            await readErrorDetails(
                fakeResponse(
                    '{"requestStatus":{"statusCode":"FORBIDDEN","statusDescription":"Access Denied","requestID":"abc"}}',
                ),
            ),
            { code: 'FORBIDDEN', description: 'Access Denied', requestId: 'abc' },
        );
        assert.deepEqual(await readErrorDetails(fakeResponse('{"errors":[{"code":"DENIED","message":"no"}]}')), {
            code: 'DENIED',
            description: 'no',
        });
        assert.deepEqual(await readErrorDetails(fakeResponse('{"title":"Bad Request","detail":"q must be JSON"}')), {
            description: 'q must be JSON',
        });
        assert.deepEqual(await readErrorDetails(fakeResponse('<html>', 'text/html')), {
            description: 'the server answered with an HTML page',
        });
    });

    it('Should accept both requestId spellings', () => {
        assert.equal(requestIdOf({ requestStatus: { requestId: 'a' } }), 'a');
        assert.equal(requestIdOf({ requestStatus: { requestID: 'b' } }), 'b');
        assert.equal(requestIdOf({}), undefined);
    });
});

describe('HttpClient.json against a local server (unit)', () => {
    let server: LocalServer;
    const dispatcher = new Agent({ keepAliveTimeout: 10 });
    const http = new HttpClient({ dispatcher, retry: { attempts: 1 } });
    before(async () => {
        server = await startLocalServer((req, res) => {
            if (req.url === '/html') {
                res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Sign in</body></html>');
            } else if (req.url === '/bad') {
                sendJson(res, 200, { name: 42 });
            } else {
                sendJson(res, 404, {
                    requestStatus: { statusCode: 'NOT_FOUND', statusDescription: 'no such model', requestId: 'r-404' },
                });
            }
        });
    });
    after(async () => {
        await server.close();
        await dispatcher.close();
    });

    it('Should throw a format HttpError for HTML with status 200', async () => {
        await assert.rejects(
            http.json({ url: `${server.url}/html` }, z.object({})),
            (e: unknown) => HttpError.is(e, 'format') && /HTML page/.test(e.message),
        );
    });

    it('Should throw a format HttpError for a wrong type', async () => {
        await assert.rejects(
            http.json({ url: `${server.url}/bad` }, z.object({ name: z.string() })),
            (e: unknown) => HttpError.is(e, 'format') && /field name/.test(e.message),
        );
    });

    it('Should throw a status HttpError carrying the NGC code, description and request id', async () => {
        await assert.rejects(http.json({ url: `${server.url}/missing` }, z.object({})), (e: unknown) => {
            assert.ok(HttpError.is(e, 404));
            assert.equal(e.code, 'NOT_FOUND');
            assert.equal(e.description, 'no such model');
            assert.equal(e.requestId, 'r-404');
            assert.match(e.message, /HTTP 404: no such model \(request id r-404\)/);
            return true;
        });
    });
});
