import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { Agent } from 'undici';
import { HttpClient } from '../../../../src/core/http/client';
import {
    acrAccessToken,
    acrExchange,
    ACR_TOKEN_USERNAME,
    isAadAccessToken,
    jwtExpiry,
} from '../../../../src/core/registry/acrAuth';

const jwt = (claims: Record<string, unknown>) =>
    ['{"alg":"RS256"}', JSON.stringify(claims)].map((p) => Buffer.from(p).toString('base64url')).join('.') + '.c2ln';

describe('acrAuth', () => {
    it('Should tell an Azure AD access token from an ACR refresh token or a password', () => {
        assert.equal(isAadAccessToken(jwt({ iss: 'https://sts.windows.net/tenant-id/' })), true);
        assert.equal(isAadAccessToken(jwt({ iss: 'https://login.microsoftonline.com/tenant-id/v2.0' })), true);
        assert.equal(isAadAccessToken(jwt({ iss: 'Azure Container Registry' })), false);
        assert.equal(isAadAccessToken('plain-admin-password'), false);
        assert.equal(isAadAccessToken('a.b.c'), false);
        assert.equal(jwtExpiry(jwt({ exp: 1_700_000_000 })), 1_700_000_000_000);
        assert.equal(jwtExpiry('not-a-jwt'), undefined);
    });

    it('Should POST the exchange and the refresh-token grant as forms, and refuse plain HTTP to a remote host', async () => {
        const seen: { url: string; type: string; body: string }[] = [];
        const refresh = jwt({ iss: 'Azure Container Registry', exp: Math.floor(Date.now() / 1000) + 10_800 });
        const server = createServer((req, res) => {
            let body = '';
            req.on('data', (d: Buffer) => (body += d.toString()));
            req.on('end', () => {
                seen.push({ url: req.url ?? '', type: req.headers['content-type'] ?? '', body });
                res.writeHead(200, { 'content-type': 'application/json' });
                res.end(
                    JSON.stringify(
                        req.url === '/oauth2/exchange' ? { refresh_token: refresh } : { access_token: 'acc' },
                    ),
                );
            });
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const dispatcher = new Agent({ keepAliveTimeout: 10 });
        const http = new HttpClient({ dispatcher, retry: { attempts: 1 } });
        try {
            const aad = jwt({ iss: 'https://sts.windows.net/t/', tid: 'tenant-1' });
            const exchanged = await acrExchange({
                http,
                registry: 'reg.azurecr.io',
                accessToken: aad,
                endpoint: origin,
            });
            assert.deepEqual(exchanged.credentials, { username: ACR_TOKEN_USERNAME, password: refresh });
            assert.ok(Math.abs(exchanged.expiresAt - Date.now() - 10_800_000) < 5000, 'expiry from the JWT');
            const form = new URLSearchParams(seen[0]?.body);
            assert.equal(seen[0]?.type, 'application/x-www-form-urlencoded');
            assert.deepEqual(Object.fromEntries(form), {
                grant_type: 'access_token',
                service: 'reg.azurecr.io',
                access_token: aad,
                tenant: 'tenant-1',
            });
            const access = await acrAccessToken({
                http,
                registry: 'reg.azurecr.io',
                realm: new URL(`${origin}/oauth2/token`),
                service: 'reg.azurecr.io',
                scope: 'repository:a/b:pull,push',
                refreshToken: refresh,
            });
            assert.equal(access.token, 'acc');
            assert.equal(access.ttlMs, 60_000, 'no exp and no expires_in: 60 s');
            assert.deepEqual(Object.fromEntries(new URLSearchParams(seen[1]?.body)), {
                grant_type: 'refresh_token',
                service: 'reg.azurecr.io',
                scope: 'repository:a/b:pull,push',
                refresh_token: refresh,
            });
            await assert.rejects(
                acrExchange({ http, registry: 'reg.azurecr.io', accessToken: aad, endpoint: 'http://reg.example.com' }),
                /plain HTTP/,
            );
            assert.equal(seen.length, 2, 'nothing was sent over plain HTTP');
        } finally {
            await dispatcher.close();
            await new Promise<void>((resolve) => server.close(() => resolve()));
        }
    });
});
