import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Agent } from 'undici';
import { HttpClient } from '../../../../src/core/http/client';
import { HttpError } from '../../../../src/core/http/errors';
import { CancelledError } from '../../../../src/core/lib/abort';
import { classifyKey, LegacyTokens, oauthBasic, tokenUrl } from '../../../../src/core/ngc/auth';
import { keyKindFrom } from '../../../../src/core/ngc/identity';
import { sendJson, startLocalServer, type LocalServer } from '../../../builders/localServer';

describe('key kinds (unit)', () => {
    it('Should classify nvapi- keys as direct bearer keys and anything else as legacy', () => {
        assert.equal(classifyKey('nvapi-abc'), 'nvapi');
        assert.equal(classifyKey('  nvapi-abc '), 'nvapi');
        assert.equal(classifyKey('c2ltLWxlZ2FjeQ=='), 'legacy');
        assert.equal(classifyKey('NVAPI-abc'), 'legacy');
    });

    it('Should derive personal, service or legacy from the key and caller info type', () => {
        assert.equal(keyKindFrom(classifyKey('nvapi-a'), 'PERSONAL_KEY'), 'personal');
        assert.equal(keyKindFrom(classifyKey('nvapi-a'), 'SERVICE_KEY'), 'service');
        assert.equal(keyKindFrom(classifyKey('nvapi-a'), undefined), 'personal');
        assert.equal(keyKindFrom(classifyKey('legacy'), 'SERVICE_KEY'), 'legacy');
    });

    it('Should repeat scope once per scope, team only with an org', () => {
        assert.equal(tokenUrl('https://authn.test/', {}), 'https://authn.test/token?service=ngc');
        assert.equal(
            tokenUrl('https://authn.test', { org: 'acme' }),
            'https://authn.test/token?service=ngc&scope=group%2Fngc%3Aacme',
        );
        assert.equal(
            tokenUrl('https://authn.test', { org: 'acme', team: 'vision' }),
            'https://authn.test/token?service=ngc&scope=group%2Fngc%3Aacme&scope=group%2Fngc%3Aacme%2Fvision',
        );
        assert.equal(tokenUrl('https://authn.test', { team: 'vision' }), 'https://authn.test/token?service=ngc');
    });

    it('Should build Basic auth with the literal $oauthtoken user', () => {
        assert.equal(Buffer.from(oauthBasic('KEY').slice(6), 'base64').toString(), '$oauthtoken:KEY');
    });
});

describe('LegacyTokens against a local authn (unit)', () => {
    let authn: LocalServer;
    let status = 200;
    let ttl: number | undefined = 900;
    let delayMs = 0;
    const dispatcher = new Agent({ keepAliveTimeout: 10 });
    const http = new HttpClient({ dispatcher, retry: { attempts: 1 } });
    let clock = 1_000_000;
    const tokens = () => new LegacyTokens({ http, authUrl: authn.url, apiKey: 'legacy-key-123', now: () => clock });

    before(async () => {
        authn = await startLocalServer(async (_req, res, index) => {
            await new Promise((resolve) => setTimeout(resolve, delayMs));
            if (status !== 200) {
                sendJson(res, status, {
                    requestStatus: { statusCode: 'UNAUTHORIZED', statusDescription: 'Invalid apikey' },
                });
                return;
            }
            sendJson(res, 200, { token: `tok-${index}`, ...(ttl === undefined ? {} : { expires_in: ttl }) });
        });
    });
    after(async () => {
        await authn.close();
        await dispatcher.close();
    });
    beforeEach(() => {
        authn.requests.length = 0;
        status = 200;
        ttl = 900;
        delayMs = 0;
        clock = 1_000_000;
    });

    it('Should exchange once and serve later calls from the cache', async () => {
        const t = tokens();
        const [a, b] = await Promise.all([t.token({ org: 'acme' }), t.token({ org: 'acme' })]);
        const c = await t.token({ org: 'acme' });
        assert.equal(a, 'tok-0');
        assert.equal(b, 'tok-0');
        assert.equal(c, 'tok-0');
        assert.equal(authn.requests.length, 1);
        assert.equal(authn.requests[0]?.headers.authorization, oauthBasic('legacy-key-123'));
        assert.equal(authn.requests[0]?.url, '/token?service=ngc&scope=group%2Fngc%3Aacme');
    });

    it('Should keep one token per org/team scope', async () => {
        const t = tokens();
        assert.equal(await t.token({ org: 'acme' }), 'tok-0');
        assert.equal(await t.token({ org: 'acme', team: 'vision' }), 'tok-1');
        assert.equal(await t.token({ org: 'acme' }), 'tok-0');
        assert.equal(authn.requests.length, 2);
    });

    it('Should renew when 300 s or less remain, not before', async () => {
        const t = tokens();
        assert.equal(await t.token({ org: 'acme' }), 'tok-0');
        clock += 599_000; // 301 s left
        assert.equal(await t.token({ org: 'acme' }), 'tok-0');
        clock += 1_000; // 300 s left
        assert.equal(await t.token({ org: 'acme' }), 'tok-1');
        assert.equal(authn.requests.length, 2);
    });

    it('Should exchange again after invalidate (a 401 from the API)', async () => {
        const t = tokens();
        await t.token({ org: 'acme' });
        t.invalidate({ org: 'acme' });
        assert.equal(await t.token({ org: 'acme' }), 'tok-1');
    });

    it('Should assume a five-minute life when expires_in is missing', async () => {
        ttl = undefined;
        const t = tokens();
        await t.token({});
        clock += 149_000;
        assert.equal(await t.token({}), 'tok-0');
        clock += 2_000;
        assert.equal(await t.token({}), 'tok-1');
    });

    it('Should surface a rejected key as a 401 HttpError', async () => {
        status = 401;
        await assert.rejects(
            tokens().token({ org: 'acme' }),
            (e: unknown) => HttpError.is(e, 401) && /Invalid apikey/.test(e.message),
        );
    });

    it('Should give the other callers the shared token when the caller that started the exchange cancels', async () => {
        delayMs = 200;
        const t = tokens();
        const starter = new AbortController();
        const first = t.token({ org: 'acme' }, starter.signal);
        const second = t.token({ org: 'acme' }, new AbortController().signal);
        while (authn.requests.length === 0) {
            await new Promise((resolve) => setTimeout(resolve, 5));
        }
        starter.abort();
        await assert.rejects(first, CancelledError.is);
        assert.equal(await second, 'tok-0');
        assert.equal(authn.requests.length, 1);
    });
});
