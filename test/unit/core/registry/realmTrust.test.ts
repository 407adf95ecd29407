import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { HttpError } from '../../../../src/core/http/errors';
import { realmTrusted } from '../../../../src/core/registry/realmTrust';
import { RegistryClient } from '../../../../src/core/registry/client';
import { environmentFrom } from '../../../../src/core/ngc/endpoints';
import { hostileNgcClient } from '../../../builders/hostileClients';
import { json, raw } from '../../../builders/hostileReplies';
import { startHostileServer, type HostileServer } from '../../../builders/hostileServer';

const KEY = 'nvapi-realm-trust-key-0123456789';
const MANIFEST = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${'a'.repeat(64)}`, size: 2 },
    layers: [],
});

describe('registry credentials go only to trusted token services (unit, hostile servers)', () => {
    let registry: HostileServer;
    let foreign: HostileServer;
    before(async () => {
        registry = await startHostileServer();
        foreign = await startHostileServer();
    });
    afterEach(() => {
        registry.reset();
        foreign.reset();
    });
    after(async () => {
        await registry.close();
        await foreign.close();
    });

    /** The registry challenges with a realm on `realmHost`, and serves the manifest to `Bearer good-token`. */
    function scriptRegistry(realmUrl: string): void {
        registry.on(
            '*',
            /^\/v2\//,
            raw((res, req) => {
                if (req.headers['authorization'] !== 'Bearer good-token') {
                    res.writeHead(401, { 'www-authenticate': `Bearer realm="${realmUrl}",service="hostile"` });
                    res.end();
                    return;
                }
                res.writeHead(200, {
                    'content-type': 'application/vnd.oci.image.manifest.v1+json',
                    'content-length': String(Buffer.byteLength(MANIFEST)),
                });
                res.end(req.method === 'HEAD' ? undefined : MANIFEST);
            }),
        );
    }

    function clientWith(options: Parameters<typeof hostileNgcClient>[1]) {
        const ngc = hostileNgcClient(registry, { apiKey: KEY, ...options });
        const client = new RegistryClient({ http: ngc.http, credentials: ngc.client.registryCredentials() });
        return { client, close: ngc.close };
    }

    const target = () => ({ registry: registry.host, repository: 'nvidia/app' });

    it('Should never send the key to a realm on another host, and pull a public image with an anonymous token', async () => {
        scriptRegistry(`${foreign.url}/token`);
        foreign.on('GET', '/token', json(200, { token: 'good-token', expires_in: 300 }));
        const { client, close } = clientWith({});
        try {
            const head = await client.headManifest(target(), 'latest');
            assert.match(head.digest, /^sha256:[0-9a-f]{64}$/, 'the manifest was read with the anonymous token');
        } finally {
            await close();
        }
        assert.ok(foreign.requests.length > 0, 'the foreign realm was asked');
        for (const r of foreign.requests) {
            assert.equal(r.headers['authorization'], undefined, 'no Authorization reached the foreign realm');
            assert.ok(!r.url.includes('oauthtoken'), 'no account named either');
        }
    });

    it('Should refuse with a message naming the host when the foreign realm wants credentials', async () => {
        scriptRegistry(`${foreign.url}/token`);
        foreign.on('GET', '/token', json(401, { errors: [{ code: 'UNAUTHORIZED', message: 'credentials needed' }] }));
        const { client, close } = clientWith({});
        try {
            await assert.rejects(client.headManifest(target(), 'latest'), (e: unknown) => {
                assert.ok(HttpError.is(e));
                assert.match(e.message, new RegExp(`token service at ${foreign.host.replace(/\./g, '\\.')}`));
                assert.match(e.message, /NGC_TRUSTED_REALMS/);
                assert.ok(!e.message.includes(KEY));
                return true;
            });
        } finally {
            await close();
        }
        assert.ok(foreign.requests.every((r) => r.headers['authorization'] === undefined));
    });

    it('Should send the key to the configured auth host and to hosts listed in NGC_TRUSTED_REALMS', async () => {
        const basic = `Basic ${Buffer.from(`$oauthtoken:${KEY}`).toString('base64')}`;
        scriptRegistry(`${foreign.url}/token`);
        foreign.on('GET', '/token', (req, res) =>
            json(
                req.headers['authorization'] === basic ? 200 : 401,
                req.headers['authorization'] === basic ? { token: 'good-token' } : {},
            )(req, res),
        );
        for (const options of [{ authUrl: foreign.url }, { trustedRealmHosts: [foreign.host] }]) {
            const { client, close } = clientWith(options);
            try {
                await client.headManifest(target(), 'latest');
            } finally {
                await close();
            }
        }
        assert.equal(foreign.requests.filter((r) => r.headers['authorization'] === basic).length, 2);
    });

    it('Should match realms by host and port, and read NGC_TRUSTED_REALMS as a list of hosts or URLs', () => {
        assert.equal(realmTrusted('nvcr.io', new URL('https://nvcr.io/proxy_auth'), []), true);
        assert.equal(realmTrusted('nvcr.io', new URL('https://authn.nvidia.com/token'), []), false);
        assert.equal(realmTrusted('nvcr.io', new URL('https://authn.nvidia.com/token'), ['authn.nvidia.com']), true);
        assert.equal(realmTrusted('127.0.0.1:5000', new URL('http://127.0.0.1:5001/token'), []), false);
        assert.equal(realmTrusted('127.0.0.1:5000', new URL('http://127.0.0.1:5001/token'), ['127.0.0.1:5002']), false);
        assert.equal(realmTrusted('nvcr.io', new URL('https://nvcr.io.evil.example/t'), ['nvcr.io']), false);
        assert.deepEqual(
            environmentFrom({ NGC_TRUSTED_REALMS: 'auth.mirror.example, https://token.example:8443/x  other' })
                .endpoints.trustedRealmHosts,
            ['auth.mirror.example', 'token.example:8443', 'other'],
        );
    });
});
