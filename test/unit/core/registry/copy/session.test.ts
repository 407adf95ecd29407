import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { Agent } from 'undici';
import { startSimulator } from '../../../../../sim/server';
import { HttpClient } from '../../../../../src/core/http/client';
import { HttpError } from '../../../../../src/core/http/errors';
import { RegistryClient } from '../../../../../src/core/registry/client';
import { classifyTargetError, MirrorTargetError } from '../../../../../src/core/registry/copy/errors';
import { mirrorImage } from '../../../../../src/core/registry/copy/mirror';
import { realmIsRelated, RegistrySession } from '../../../../../src/core/registry/copy/session';
import { startUploadRegistry } from '../../../../builders/uploadRegistry';

const dispatcher = new Agent({ keepAliveTimeout: 10 });
const http = new HttpClient({ dispatcher, retry: { attempts: 1 } });
after(() => dispatcher.close());
const user = { username: 'pusher', password: 'target-secret-991' };

/** A registry on `host` that challenges with a Bearer realm at `realm`, and the token server's requests. */
async function listen(
    host: string,
    handler: Parameters<typeof createServer>[1],
): Promise<{ server: Server; origin: string }> {
    const server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    return { server, origin: `http://${host}:${(server.address() as AddressInfo).port}` };
}

describe('RegistrySession credential scoping (unit)', () => {
    it('Should tell related token realms from unrelated ones', () => {
        assert.equal(realmIsRelated('https://auth.example.com/token', 'registry.example.com'), false);
        assert.equal(
            realmIsRelated('https://auth.example.com/token', 'registry.example.com', ['auth.example.com']),
            true,
        );
        assert.equal(
            realmIsRelated('https://x.execute-api.us-east-1.amazonaws.com/t', '1.dkr.ecr.us-east-1.amazonaws.com'),
            false,
        );
        assert.equal(realmIsRelated('https://other.azurecr.io/oauth2/token', 'mine.azurecr.io'), false);
        assert.equal(realmIsRelated('https://registry.example.com:5001/token', 'registry.example.com'), true);
        assert.equal(realmIsRelated('http://127.0.0.1:5003/token', '127.0.0.1:5000'), true);
        assert.equal(realmIsRelated('https://evil.example.net/token', 'registry.example.com'), false);
        assert.equal(realmIsRelated('https://authn.nvidia.com/token', 'harbor.example.com'), false);
        assert.equal(realmIsRelated('http://127.0.0.2:5003/token', '127.0.0.1:5000'), false);
        assert.equal(realmIsRelated('not a url', 'registry.example.com'), false);
    });

    for (const [name, realmHost, expectCredential] of [
        ['on its own host', '127.0.0.1', true],
        ['on an unrelated host', '127.0.0.2', false],
    ] as const) {
        it(`Should ${expectCredential ? '' : 'not '}send the target credential to a token realm ${name}`, async () => {
            const tokenRequests: (string | undefined)[] = [];
            const token = await listen(realmHost, (req, res) => {
                tokenRequests.push(req.headers.authorization);
                res.writeHead(200, { 'content-type': 'application/json' });
                res.end(JSON.stringify({ token: 'tok-123456', expires_in: 300 }));
            });
            const registry = await listen('127.0.0.1', (req, res) => {
                const ok = req.headers.authorization === 'Bearer tok-123456';
                res.writeHead(ok ? 200 : 401, {
                    'www-authenticate': `Bearer realm="${token.origin}/token",service="reg"`,
                });
                res.end();
            });
            try {
                const host = registry.origin.replace('http://', '');
                const session = new RegistrySession({ http, registry: host, credentials: () => user });
                const response = await session.request(session.url('team/app', 'blobs/sha256:00'), {
                    method: 'HEAD',
                    scope: 'repository:team/app:pull,push',
                });
                await response.dump();
                assert.equal(response.status, 200);
                assert.equal(tokenRequests.length, 1);
                const basic = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;
                assert.equal(tokenRequests[0], expectCredential ? basic : undefined);
            } finally {
                token.server.close();
                registry.server.close();
            }
        });
    }
});

describe('Target failures (unit)', () => {
    const status = (s: number, code?: string, description?: string) =>
        new HttpError({ kind: 'status', url: 'http://r.example.com/v2/x', status: s, code, description });

    it('Should call out storage and quota failures, whatever status carries them', () => {
        for (const error of [
            status(507),
            status(403, 'DENIED', 'quota exceeded for project team'),
            status(412, undefined, 'Quota exceeded'),
        ]) {
            assert.ok(MirrorTargetError.is(classifyTargetError(error, 'r.example.com', true), 'quota'));
        }
    });

    it('Should tell a missing credential from a rejected one and name the host and the fix', () => {
        const none = classifyTargetError(status(401), 'r.example.com', false);
        assert.ok(MirrorTargetError.is(none, 'noCredential'));
        assert.match(
            none.message,
            /no registry credential for hostname r\.example\.com.*NGC_REGISTRY_CREDENTIALS.*docker login r\.example\.com/,
        );
        const rejected = classifyTargetError(status(401), 'r.example.com', true);
        assert.ok(MirrorTargetError.is(rejected, 'credentialRejected'));
        assert.match(rejected.message, /r\.example\.com rejected/);
    });

    it('Should say ECR wants the repository created first on NAME_UNKNOWN', () => {
        const error = classifyTargetError(status(404, 'NAME_UNKNOWN', 'repository does not exist'), 'x', true);
        assert.ok(MirrorTargetError.is(error, 'repositoryMissing'));
        assert.match(error.message, /created first/);
    });

    it('Should leave the tag unwritten when the target runs out of space part-way', async () => {
        const sim = await startSimulator({});
        const target = await startUploadRegistry({ storageFullAfterBlobs: 2 });
        try {
            await assert.rejects(
                mirrorImage({
                    source: new RegistryClient({ http }),
                    sourceRepository: { registry: sim.urls.registry, repository: 'nvidia/tritonserver' },
                    sourceReference: '25.03-py3',
                    target: new RegistrySession({ http, registry: target.host }),
                    targetRepository: 'mirror/triton',
                    targetTag: '25.03-py3',
                    concurrency: 1,
                }),
                (e: unknown) => MirrorTargetError.is(e, 'quota') && /nothing was tagged/.test(e.message),
            );
            assert.equal(target.blobs.get('mirror/triton')?.size, 2, 'it got as far as the space allowed');
            assert.equal(target.manifests.get('mirror/triton:25.03-py3'), undefined, 'the tag was never written');
        } finally {
            await target.close();
            await sim.close();
        }
    });
});
