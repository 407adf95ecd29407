import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { z } from 'zod';
import { contextOf } from '../../../../src/core/diagnose/context';
import { HttpError } from '../../../../src/core/http/errors';
import { oauthBasic } from '../../../../src/core/ngc/auth';
import { aCallerInfo, anErrorBody } from '../../../builders/ngcResponses';
import { fakeNgc, type Route } from './fakeNgc';

describe('NgcClient authentication (unit)', () => {
    let ngc: Awaited<ReturnType<typeof fakeNgc>>;
    let tokenCount = 0;
    let acceptedToken = '';
    let refuseAll = false;
    const api: Route = (url, headers) => {
        if (url.pathname === '/token') {
            tokenCount++;
            acceptedToken = `jwt-${tokenCount}`;
            return headers.authorization === oauthBasic('legacy-key-0004')
                ? { body: { token: acceptedToken, expires_in: 900 } }
                : { status: 401, body: anErrorBody('UNAUTHORIZED', 'Invalid apikey') };
        }
        if (url.pathname === '/v3/keys/get-caller-info') {
            return headers.authorization === 'Bearer nvapi-good'
                ? { body: aCallerInfo() }
                : { status: 401, body: anErrorBody('UNAUTHORIZED', 'Invalid SAK key') };
        }
        if (url.pathname === '/v2/org/acme/forbidden') {
            return { status: 403, body: anErrorBody('FORBIDDEN', 'Access Denied', 'r-403') };
        }
        if (url.pathname === '/v2/org/acme/thing') {
            const auth = headers.authorization;
            const ok = !refuseAll && (auth === 'Bearer nvapi-good' || auth === `Bearer ${acceptedToken}`);
            return ok
                ? { body: { name: 'thing' } }
                : { status: 401, body: anErrorBody('UNAUTHORIZED', 'Token has expired') };
        }
        if (url.pathname === '/v2/public') {
            return { body: { name: headers.authorization === undefined ? 'guest' : 'authed' } };
        }
        return undefined;
    };
    before(async () => {
        ngc = await fakeNgc([api]);
    });
    after(() => ngc.close());
    beforeEach(() => {
        ngc.server.requests.length = 0;
        tokenCount = 0;
        acceptedToken = '';
        refuseAll = false;
    });
    const schema = z.object({ name: z.string() });

    it('Should send an nvapi- key directly as Bearer, with no exchange', async () => {
        const body = await ngc.client('nvapi-good').getJson('/v2/org/acme/thing', schema, { org: 'acme' });
        assert.equal(body.name, 'thing');
        assert.deepEqual(
            ngc.server.requests.map((r) => [r.url, r.headers.authorization]),
            [['/v2/org/acme/thing', 'Bearer nvapi-good']],
        );
    });

    it('Should send no Authorization as a guest', async () => {
        const client = ngc.client();
        assert.equal(client.hasKey, false);
        assert.deepEqual(await client.authHeaders(), {});
        assert.equal((await client.getJson('/v2/public', schema)).name, 'guest');
    });

    it('Should exchange a legacy key for the org scope of the request and send the token', async () => {
        const client = ngc.client('legacy-key-0004');
        await client.getJson('/v2/org/acme/thing', schema, { org: 'acme' });
        await client.getJson('/v2/org/acme/thing', schema, { org: 'acme' });
        const urls = ngc.server.requests.map((r) => r.url);
        assert.deepEqual(urls, [
            '/token?service=ngc&scope=group%2Fngc%3Aacme',
            '/v2/org/acme/thing',
            '/v2/org/acme/thing',
        ]);
        assert.equal(ngc.server.requests[1]?.headers.authorization, 'Bearer jwt-1');
    });

    it('Should exchange again exactly once when the API answers 401 to a cached token', async () => {
        const client = ngc.client('legacy-key-0004');
        await client.getJson('/v2/org/acme/thing', schema, { org: 'acme' });
        acceptedToken = 'rotated'; // the server forgets jwt-1, as after expiry
        await client.getJson('/v2/org/acme/thing', schema, { org: 'acme' });
        assert.deepEqual(
            ngc.server.requests.map((r) => r.url.split('?')[0]),
            ['/token', '/v2/org/acme/thing', '/v2/org/acme/thing', '/token', '/v2/org/acme/thing'],
        );
    });

    it('Should not loop when the fresh token is refused too', async () => {
        const client = ngc.client('legacy-key-0004');
        await client.getJson('/v2/org/acme/thing', schema, { org: 'acme' });
        const before = ngc.server.requests.length;
        refuseAll = true;
        await assert.rejects(client.getJson('/v2/org/acme/thing', schema, { org: 'acme' }), (e: unknown) =>
            HttpError.is(e, 401),
        );
        // Retried once: one more exchange and one more call (the identity lookup for diagnosis uses its own scope).
        const after = ngc.server.requests.slice(before).map((r) => r.url);
        assert.equal(after.filter((u) => u === '/token?service=ngc&scope=group%2Fngc%3Aacme').length, 1);
        assert.equal(after.filter((u) => u === '/v2/org/acme/thing').length, 2);
    });

    it('Should never retry a 403, for any key kind', async () => {
        for (const key of ['nvapi-good', 'legacy-key-0004']) {
            ngc.server.requests.length = 0;
            await assert.rejects(
                ngc.client(key).getJson('/v2/org/acme/forbidden', schema, { org: 'acme' }),
                (e: unknown) => HttpError.is(e, 403),
            );
            assert.equal(ngc.server.requests.filter((r) => r.url === '/v2/org/acme/forbidden').length, 1, key);
        }
    });

    it('Should attach who the key is and what was asked to a failure', async () => {
        const error = await ngc
            .client('nvapi-good')
            .getJson('/v2/org/acme/forbidden', schema, {
                org: 'acme',
                team: 'vision',
                operation: 'list',
                artifact: 'acme/vision',
            })
            .catch((e: unknown) => e);
        const ctx = contextOf(error);
        assert.equal(ctx?.keyKind, 'personal');
        assert.deepEqual(ctx?.keyOrgs, ['acme', 'nvidia']);
        assert.deepEqual(ctx?.keyTeams, ['acme/vision']);
        assert.equal(ctx?.org, 'acme');
        assert.equal(ctx?.team, 'vision');
        assert.equal(ctx?.operation, 'list');
    });

    it('Should mark a guest failure with keyKind none and skip the identity lookup', async () => {
        const error = await ngc
            .client()
            .getJson('/v2/org/acme/thing', schema, { org: 'acme' })
            .catch((e: unknown) => e);
        assert.equal(contextOf(error)?.keyKind, 'none');
        assert.equal(ngc.server.requests.length, 1);
    });
});
