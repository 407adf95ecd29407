/**
 * (integration) `mirror` into cloud registries through each credential kind, with the simulator's stand-ins in
 * front of real `docker-registry` instances: ECR (IAM keys → SigV4-signed `GetAuthorizationToken`, checked for real,
 * → Basic `AWS:<password>` at an htpasswd registry) and ACR (admin user as Basic at `/oauth2/token`; an AAD token
 * exchanged at `/oauth2/exchange` for a refresh token, then the refresh-token grant; the registry trusts the
 * stand-in's JWTs). Each run must keep the source digest, and each secret must reach only its own service.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Agent } from 'undici';
import { startSimulator, type Simulator } from '../../sim/server';
import { HttpClient } from '../../src/core/http/client';
import { RegistryClient } from '../../src/core/registry/client';
import { ecrLogin } from '../../src/core/registry/ecrAuth';
import { signV4 } from '../../src/core/registry/sigv4';
import { ngcRegistryCredentials } from '../builders/ngcCredentials';
import { dockerRegistrySkipReason, startDockerRegistry, type RunningRegistry } from '../helpers/dockerRegistry';
import {
    freeLoopbackPort,
    makeSigningPair,
    realmRegistrySkipReason,
    startRealmRegistry,
} from '../helpers/realmRegistry';
import type { RealmRegistry } from '../helpers/realmRegistry';
import { startRecordingProxy, type RecordingProxy } from '../helpers/recordingProxy';
import { runCli, simEnv } from './cliRunner';

const ngcKey = 'nvapi-sim-personal-0001';
const NULL_USER = '00000000-0000-0000-0000-000000000000';
const b64 = (text: string) => Buffer.from(text).toString('base64');
const skip = dockerRegistrySkipReason() ?? realmRegistrySkipReason();
if (skip) {
    console.log(`# skipping the cloud mirror tests: ${skip}`);
}

/** Everything a host saw, as one string to search for secrets. */
const seen = (requests: unknown[]) => JSON.stringify(requests);

function assertNowhere(secret: string, places: Record<string, string>): void {
    for (const variant of [secret, b64(secret), encodeURIComponent(secret)]) {
        for (const [where, text] of Object.entries(places)) {
            assert.ok(!text.includes(variant), `the secret must not reach ${where}`);
        }
    }
}

describe('mirror into ECR through its token endpoint (integration)', { skip }, () => {
    const keys = {
        accessKeyId: 'AKIASIMULATOR0000001',
        secretAccessKey: `ecr-secret-${randomBytes(12).toString('hex')}`,
    };
    const registryPassword = `ecr-password-${randomBytes(12).toString('hex')}`;
    let sim: Simulator;
    let registry: RunningRegistry;
    let proxy: RecordingProxy;
    let dir: string;
    const dispatcher = new Agent({ keepAliveTimeout: 10 });
    const http = new HttpClient({ dispatcher, retry: { attempts: 1 } });

    before(async () => {
        const start = await startDockerRegistry([{ username: 'AWS', password: registryPassword }]);
        if (!start.registry) {
            throw new Error(`docker-registry did not start: ${start.skip}`);
        }
        registry = start.registry;
        proxy = await startRecordingProxy(registry.url);
        sim = await startSimulator({ cloud: { ecr: { accessKeys: [keys], registryPassword } } });
        dir = await mkdtemp(join(tmpdir(), 'ngc-mirror-ecr-'));
    });

    after(async () => {
        await dispatcher.close();
        await proxy?.close();
        await registry?.stop();
        await sim?.close();
        await rm(dir, { recursive: true, force: true });
    });

    const credentialsFile = async (name: string, secretAccessKey: string) => {
        const file = join(dir, name);
        const secret = b64(`${keys.accessKeyId}:${secretAccessKey}`);
        await writeFile(
            file,
            JSON.stringify([{ hostname: proxy.host, kind: 'ecr', secret, endpoint: sim.cloud.urls.ecr }]),
        );
        return file;
    };
    const env = (file: string) => ({ ...simEnv(sim, ngcKey), NGC_REGISTRY_CREDENTIALS: file, DOCKER_CONFIG: dir });

    it('Should mirror with the 12-hour password it got for the IAM keys, the digest intact, the secret key sent nowhere', async () => {
        const r = await runCli(
            ['mirror', 'nvidia/pytorch:25.03-py3', `${proxy.host}/ecr/pytorch`],
            env(await credentialsFile('ecr.json', keys.secretAccessKey)),
        );
        assert.equal(r.code, 0, r.stderr);
        const source = new RegistryClient({ http, credentials: ngcRegistryCredentials(sim.urls.registry, ngcKey) });
        const sourceDigest = (
            await source.headManifest({ registry: sim.urls.registry, repository: 'nvidia/pytorch' }, '25.03-py3')
        ).digest;
        assert.equal(r.stdout, `${proxy.host}/ecr/pytorch:25.03-py3@${sourceDigest}\n`);
        const reader = new RegistryClient({
            http,
            credentials: () => ({ username: 'AWS', password: registryPassword }),
        });
        const head = await reader.headManifest({ registry: proxy.host, repository: 'ecr/pytorch' }, '25.03-py3');
        assert.equal(head.digest, sourceDigest, 'the target serves the source digest');

        const ecrCalls = sim.cloud.requests.filter((q) => q.host === 'ecr');
        assert.equal(ecrCalls.length, 1, 'one GetAuthorizationToken for the whole run');
        assert.match(
            ecrCalls[0]?.headers['authorization'] ?? '',
            /^AWS4-HMAC-SHA256 Credential=AKIASIMULATOR0000001\//,
        );
        const targetSaw = seen(proxy.requests.map((q) => q.headers));
        assert.ok(targetSaw.includes(b64(`AWS:${registryPassword}`)), 'the target got the exchanged password');
        assertNowhere(keys.secretAccessKey, {
            'the ECR endpoint': seen(sim.cloud.requests),
            'the target registry': targetSaw,
            'the NGC hosts': seen(sim.requests),
            'the output': r.stdout + r.stderr,
        });
        assertNowhere(registryPassword, { 'the NGC hosts': seen(sim.requests), 'the output': r.stdout + r.stderr });
        assertNowhere(ngcKey, { 'the target registry': targetSaw, 'the ECR endpoint': seen(sim.cloud.requests) });
    });

    it('Should be refused by the endpoint with a wrong secret key, push nothing, and print no secret', async () => {
        const wrong = `wrong-${randomBytes(12).toString('hex')}`;
        sim.cloud.requests.length = 0;
        proxy.requests.length = 0;
        const r = await runCli(
            ['mirror', 'nvidia/cuda:12.9.5-base', `${proxy.host}/ecr/cuda`],
            env(await credentialsFile('wrong.json', wrong)),
        );
        assert.equal(r.code, 3, r.stderr);
        assert.match(r.stderr, new RegExp(`${proxy.host} rejected the registry credential`));
        assert.match(r.stderr, /ECR endpoint refused the IAM access key \(The request signature we calculated/);
        assert.ok(!`${r.stdout}${r.stderr}`.includes(wrong));
        assert.equal(sim.cloud.requests.length, 1, 'one refused GetAuthorizationToken');
        assert.ok(
            !proxy.requests.some((q) => q.method === 'PUT' || q.method === 'POST'),
            'nothing was pushed to the target',
        );
    });

    it('Should check the signature for real: the right keys log in, a changed request or an unknown key id does not', async () => {
        const endpoint = sim.cloud.urls.ecr ?? '';
        const login = await ecrLogin({ http, credentials: keys, region: 'us-east-1', endpoint });
        assert.deepEqual(login.credentials, { username: 'AWS', password: registryPassword });
        assert.ok(login.expiresAt > Date.now() + 11 * 3600_000);
        const signed = (body: string, credentials = keys) =>
            signV4(
                {
                    method: 'POST',
                    url: new URL(endpoint),
                    headers: {
                        'content-type': 'application/x-amz-json-1.1',
                        'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken',
                    },
                    body,
                    region: 'us-east-1',
                    service: 'ecr',
                    date: new Date(),
                },
                credentials,
            );
        const send = async (headers: Record<string, string>, body: string) => {
            const { host: _host, ...rest } = headers;
            const response = await fetch(endpoint, { method: 'POST', headers: rest, body });
            return { status: response.status, body: (await response.json()) as { __type?: string } };
        };
        assert.equal((await send(signed('{}'), '{}')).status, 200);
        const tampered = await send(signed('{}'), '{"registryIds":["999999999999"]}');
        assert.equal(tampered.status, 400);
        assert.equal(tampered.body.__type, 'InvalidSignatureException');
        const retargeted = await send(
            { ...signed('{}'), 'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.DeleteRepository' },
            '{}',
        );
        assert.equal(retargeted.body.__type, 'InvalidSignatureException');
        const unknown = await send(signed('{}', { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' }), '{}');
        assert.equal(unknown.body.__type, 'UnrecognizedClientException');
        const stale = signV4(
            {
                method: 'POST',
                url: new URL(endpoint),
                headers: {},
                body: '{}',
                region: 'us-east-1',
                service: 'ecr',
                date: new Date(Date.now() - 3600_000),
            },
            keys,
        );
        assert.equal((await send(stale, '{}')).body.__type, 'InvalidSignatureException');
    });
});

describe('mirror into ACR through its OAuth2 token service (integration)', { skip }, () => {
    const admin = { username: 'acrsimadmin', password: `acr-admin-${randomBytes(12).toString('hex')}` };
    const aadToken = [
        b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' })),
        b64url(
            JSON.stringify({
                iss: 'https://sts.windows.net/72f988bf-0000-0000-0000-000000000000/',
                tid: '72f988bf-0000-0000-0000-000000000000',
                aud: 'https://management.azure.com/',
                exp: Math.floor(Date.now() / 1000) + 3600,
            }),
        ),
        randomBytes(32).toString('base64url'),
    ].join('.');
    let sim: Simulator;
    let registry: RealmRegistry;
    let proxy: RecordingProxy;
    let dir: string;
    const dispatcher = new Agent({ keepAliveTimeout: 10 });
    const http = new HttpClient({ dispatcher, retry: { attempts: 1 } });

    before(async () => {
        const pair = await makeSigningPair();
        sim = await startSimulator({
            cloud: {
                acr: {
                    signingKeyPem: pair.keyPem,
                    certificatePem: pair.certificatePem,
                    users: [admin],
                    aadTokens: [aadToken],
                },
            },
        });
        const port = await freeLoopbackPort();
        proxy = await startRecordingProxy(`http://127.0.0.1:${port}`);
        registry = await startRealmRegistry({
            port,
            realm: `${sim.cloud.urls.acr ?? ''}/oauth2/token`,
            service: proxy.host,
            issuer: 'Azure Container Registry',
            certificatePem: pair.certificatePem,
        });
        dir = await mkdtemp(join(tmpdir(), 'ngc-mirror-acr-'));
    });

    after(async () => {
        await dispatcher.close();
        await proxy?.close();
        await registry?.stop();
        await sim?.close();
        await rm(dir, { recursive: true, force: true });
    });

    const mirror = async (into: string, secret: string) => {
        const file = join(dir, `${into.replace(/\W/g, '-')}.json`);
        await writeFile(
            file,
            JSON.stringify([{ hostname: proxy.host, kind: 'acr', secret: b64(secret), endpoint: sim.cloud.urls.acr }]),
        );
        sim.cloud.requests.length = 0;
        proxy.requests.length = 0;
        sim.clearRequests();
        const r = await runCli(['mirror', 'nvidia/tritonserver:25.03-py3', `${proxy.host}/${into}`], {
            ...simEnv(sim, ngcKey),
            NGC_REGISTRY_CREDENTIALS: file,
            DOCKER_CONFIG: dir,
        });
        // What the stand-in saw during the run only (the checks below read the target with other credentials).
        return { ...r, cloud: [...sim.cloud.requests] };
    };
    const sourceDigest = async () =>
        (
            await new RegistryClient({
                http,
                credentials: ngcRegistryCredentials(sim.urls.registry, ngcKey),
            }).headManifest({ registry: sim.urls.registry, repository: 'nvidia/tritonserver' }, '25.03-py3')
        ).digest;
    const targetDigest = async (repository: string) =>
        (
            await new RegistryClient({
                http,
                credentials: () => ({ ...admin, realmHosts: [new URL(sim.cloud.urls.acr ?? '').host] }),
            }).headManifest({ registry: proxy.host, repository }, '25.03-py3')
        ).digest;

    it('Should mirror with the admin user (Basic at /oauth2/token only), the digest intact', async () => {
        const r = await mirror('acr/admin', `${admin.username}:${admin.password}`);
        assert.equal(r.code, 0, r.stderr);
        const digest = await sourceDigest();
        assert.equal(r.stdout, `${proxy.host}/acr/admin:25.03-py3@${digest}\n`);
        assert.equal(await targetDigest('acr/admin'), digest);
        const tokenCalls = r.cloud.filter((q) => q.url.startsWith('/oauth2/token'));
        assert.ok(tokenCalls.length > 0 && tokenCalls.every((q) => q.method === 'GET'));
        assert.ok(
            tokenCalls.every(
                (q) => q.headers['authorization'] === `Basic ${b64(`${admin.username}:${admin.password}`)}`,
            ),
        );
        assertNowhere(admin.password, {
            'the target registry': seen(proxy.requests.map((q) => q.headers)),
            'the NGC hosts': seen(sim.requests),
            'the output': r.stdout + r.stderr,
        });
    });

    it('Should exchange an AAD token for a refresh token, use the refresh-token grant, and keep both off other hosts', async () => {
        const r = await mirror('acr/aad', `${NULL_USER}:${aadToken}`);
        assert.equal(r.code, 0, r.stderr);
        const digest = await sourceDigest();
        assert.equal(r.stdout, `${proxy.host}/acr/aad:25.03-py3@${digest}\n`);
        assert.equal(await targetDigest('acr/aad'), digest);
        const exchanges = r.cloud.filter((q) => q.url === '/oauth2/exchange');
        assert.equal(exchanges.length, 1, 'one exchange for the run');
        const form = new URLSearchParams(exchanges[0]?.body ?? '');
        assert.equal(form.get('grant_type'), 'access_token');
        assert.equal(form.get('service'), proxy.host);
        assert.equal(form.get('tenant'), '72f988bf-0000-0000-0000-000000000000');
        const grants = r.cloud.filter((q) => q.url.startsWith('/oauth2/token'));
        assert.ok(grants.length > 0);
        for (const grant of grants) {
            assert.equal(grant.method, 'POST');
            const body = new URLSearchParams(grant.body);
            assert.equal(body.get('grant_type'), 'refresh_token');
            assert.match(body.get('scope') ?? '', /^repository:acr\/aad:/);
            assert.ok(!grant.body.includes(aadToken), 'the AAD token went to the exchange only');
        }
        const refreshToken = new URLSearchParams(grants[0]?.body ?? '').get('refresh_token') ?? '';
        assert.ok(refreshToken.length > 20);
        const places = {
            'the target registry': seen(proxy.requests.map((q) => q.headers)),
            'the NGC hosts': seen(sim.requests),
            'the output': r.stdout + r.stderr,
        };
        assertNowhere(aadToken, places);
        assertNowhere(refreshToken, places);
    });

    it('Should fail with the host named when the AAD token is refused, pushing nothing and printing no secret', async () => {
        const forged = `${aadToken.split('.').slice(0, 2).join('.')}.${randomBytes(32).toString('base64url')}`;
        const r = await mirror('acr/forged', `${NULL_USER}:${forged}`);
        assert.equal(r.code, 3, r.stderr);
        assert.match(r.stderr, new RegExp(`${proxy.host} rejected the registry credential.*Azure AD token`));
        assert.ok(!`${r.stdout}${r.stderr}`.includes(forged));
        assert.ok(!proxy.requests.some((q) => q.method === 'PUT' || q.method === 'POST'), 'nothing was pushed');
        const refused = await fetch(`${sim.cloud.urls.acr ?? ''}/oauth2/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
                grant_type: 'refresh_token',
                service: proxy.host,
                scope: 'repository:acr/aad:pull',
                refresh_token: forged,
            }).toString(),
        });
        assert.equal(refused.status, 401, 'a token it did not sign is no refresh token');
        await refused.arrayBuffer();
    });
});

function b64url(text: string): string {
    return Buffer.from(text).toString('base64url');
}
