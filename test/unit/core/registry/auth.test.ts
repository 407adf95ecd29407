import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Dispatcher } from 'undici';
import { createDispatcher } from '../../../../src/core/http/agent';
import { HttpClient } from '../../../../src/core/http/client';
import { HttpError } from '../../../../src/core/http/errors';
import { CancelledError } from '../../../../src/core/lib/abort';
import { RegistryAuth } from '../../../../src/core/registry/auth';
import { ngcRegistryCredentials } from '../../../builders/ngcCredentials';

/** A token endpoint that counts calls and answers what the test sets. */
let server: Server;
let base: string;
let calls: { url: string; authorization: string | undefined }[] = [];
let answer: { status: number; body: unknown } = { status: 200, body: {} };
let delayMs = 0;
let dispatcher: Dispatcher;
let http: HttpClient;

before(async () => {
    server = createServer((req, res) => {
        calls.push({ url: req.url ?? '', authorization: req.headers.authorization });
        setTimeout(() => {
            if (res.destroyed) {
                return;
            }
            res.writeHead(answer.status, { 'content-type': 'application/json' });
            res.end(JSON.stringify(answer.body));
        }, delayMs);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dispatcher = createDispatcher();
    http = new HttpClient({ dispatcher, retry: { attempts: 1 } });
});

after(async () => {
    await dispatcher.close();
    await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
    calls = [];
    delayMs = 0;
    answer = { status: 200, body: { token: 'tok-0001', expires_in: 300 } };
});

describe('RegistryAuth (unit)', () => {
    it('Should cache a token per scope until shortly before expires_in, then fetch a new one', async () => {
        let now = 1_000_000;
        const auth = new RegistryAuth(http, { now: () => now });
        const challenge = `Bearer realm="${base}/proxy_auth",scope=""`;
        assert.equal(await auth.answerChallenge('nvcr.io', 'repository:a/b:pull', challenge), 'Bearer tok-0001');
        assert.equal(await auth.authorizationFor('nvcr.io', 'repository:a/b:pull'), 'Bearer tok-0001');
        assert.equal(calls.length, 1);
        assert.equal(
            calls[0]?.url,
            '/proxy_auth?scope=repository%3Aa%2Fb%3Apull',
            'no service when the challenge has none',
        );
        await auth.authorizationFor('nvcr.io', 'repository:a/c:pull');
        assert.equal(calls.length, 2, 'another scope, another token');
        now += 269_000; // 300 s token, refreshed 30 s early
        await auth.authorizationFor('nvcr.io', 'repository:a/b:pull');
        assert.equal(calls.length, 2);
        now += 2_000;
        await auth.authorizationFor('nvcr.io', 'repository:a/b:pull');
        assert.equal(calls.length, 3);
    });

    it('Should share one token request between concurrent callers', async () => {
        const auth = new RegistryAuth(http);
        const challenge = `Bearer realm="${base}/token",service="registry"`;
        const all = await Promise.all([1, 2, 3].map(() => auth.answerChallenge('r', 'repository:x:pull', challenge)));
        assert.deepEqual(all, ['Bearer tok-0001', 'Bearer tok-0001', 'Bearer tok-0001']);
        assert.equal(calls.length, 1);
        assert.match(calls[0]?.url ?? '', /service=registry/);
    });

    it('Should still give the token to the other callers when the caller that started the request cancels', async () => {
        delayMs = 200;
        const auth = new RegistryAuth(http);
        const challenge = `Bearer realm="${base}/token",service="registry"`;
        const starter = new AbortController();
        const first = auth.answerChallenge('r', 'repository:x:pull', challenge, starter.signal);
        const others = [1, 2].map(() => auth.authorizationFor('r', 'repository:x:pull', new AbortController().signal));
        while (calls.length === 0) {
            await new Promise((resolve) => setTimeout(resolve, 5));
        }
        starter.abort();
        await assert.rejects(first, CancelledError.is);
        assert.deepEqual(await Promise.all(others), ['Bearer tok-0001', 'Bearer tok-0001']);
        assert.equal(calls.length, 1);
    });

    it("Should send $oauthtoken and the key to the NGC registry's realm only, and Basic directly for a Basic challenge", async () => {
        // The registry and its proxy_auth realm share a host, as nvcr.io's do (a realm elsewhere: realmTrust.test.ts).
        const registry = new URL(base).host;
        const credentials = ngcRegistryCredentials(registry, 'nvapi-unit-test-key');
        const auth = new RegistryAuth(http, { credentials });
        await auth.answerChallenge(registry, 'repository:x:pull', `Bearer realm="${base}/proxy_auth"`);
        assert.equal(
            calls[0]?.authorization,
            `Basic ${Buffer.from('$oauthtoken:nvapi-unit-test-key').toString('base64')}`,
        );
        assert.match(calls[0]?.url ?? '', /account=%24oauthtoken/);
        await auth.answerChallenge('mirror:5000', 'repository:x:pull', `Bearer realm="${base}/proxy_auth"`);
        assert.equal(calls[1]?.authorization, undefined, 'the NGC key never goes to another registry');
        const basic = new RegistryAuth(http, { credentials: () => ({ username: 'u', password: 'p4ssword' }) });
        assert.equal(
            await basic.answerChallenge('h', 's', 'Basic realm="basic-realm"'),
            `Basic ${Buffer.from('u:p4ssword').toString('base64')}`,
        );
        assert.equal(await new RegistryAuth(http).answerChallenge('h', 's', 'Basic realm="x"'), undefined);
        assert.equal(await new RegistryAuth(http).answerChallenge('h', 's', undefined), undefined);
        const before = calls.length;
        const plain = new RegistryAuth(http, {
            credentials: ngcRegistryCredentials('token.example.invalid', 'nvapi-unit-test-key'),
        });
        const leak = await plain
            .answerChallenge('token.example.invalid', 's', 'Bearer realm="http://token.example.invalid/t"')
            .catch((e: unknown) => e);
        assert.ok(HttpError.is(leak, 'format'));
        assert.match(leak.message, /plain-HTTP token realm/);
        assert.equal(calls.length, before, 'the key is never sent over plain HTTP off loopback');
    });

    it('Should turn 401 and 403 from the token endpoint into HttpErrors naming the repository, not the key', async () => {
        const registry = new URL(base).host;
        const auth = new RegistryAuth(http, { credentials: ngcRegistryCredentials(registry, 'nvapi-unit-test-key') });
        answer = { status: 401, body: { errors: [{ code: 'UNAUTHORIZED', message: 'bad key' }] } };
        const refused = await auth
            .answerChallenge(registry, 'repository:nvidia/x:pull', `Bearer realm="${base}/proxy_auth"`)
            .catch((e: unknown) => e);
        assert.ok(HttpError.is(refused, 401));
        assert.equal(refused.code, 'UNAUTHORIZED');
        assert.match(refused.message, /refused the credentials for pulling nvidia\/x \(bad key\)/);
        assert.ok(!refused.message.includes('nvapi-unit-test-key'));
        answer = { status: 403, body: {} };
        const denied = await new RegistryAuth(http)
            .answerChallenge('h', 'repository:y:pull', `Bearer realm="${base}/t"`)
            .catch((e: unknown) => e);
        assert.ok(HttpError.is(denied, 403));
        assert.equal(denied.code, 'DENIED');
        answer = { status: 200, body: { nothing: true } };
        const empty = await new RegistryAuth(http)
            .answerChallenge('h', 's', `Bearer realm="${base}/t"`)
            .catch((e: unknown) => e);
        assert.ok(HttpError.is(empty, 'format'));
    });

    it('Should forget the refused token and follow a new realm on the next challenge', async () => {
        const auth = new RegistryAuth(http);
        await auth.answerChallenge('nvcr.io', 's', `Bearer realm="${base}/proxy_auth"`);
        answer = { status: 200, body: { access_token: 'tok-0002' } };
        const next = await auth.answerChallenge(
            'nvcr.io',
            's',
            `Bearer realm="${base}/token",service="registry",error="invalid_token"`,
        );
        assert.equal(next, 'Bearer tok-0002');
        assert.deepEqual(
            calls.map((c) => c.url.split('?')[0]),
            ['/proxy_auth', '/token'],
        );
        assert.equal(await auth.authorizationFor('nvcr.io', 's'), 'Bearer tok-0002');
        assert.equal(calls.length, 2);
    });
});
