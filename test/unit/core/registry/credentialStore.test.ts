import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Agent } from 'undici';
import { HttpClient } from '../../../../src/core/http/client';
import {
    CredentialFileError,
    decodeSecret,
    parseCredentialFile,
    RegistryCredentialStore,
} from '../../../../src/core/registry/credentialStore';
import { ecrRegion } from '../../../../src/core/registry/ecrAuth';
import { signV4 } from '../../../../src/core/registry/sigv4';
import { sendJson, startLocalServer } from '../../../builders/localServer';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const file = (records: unknown) => ({ name: '/etc/creds.json', text: JSON.stringify(records) });

describe('RegistryCredentialStore (unit)', () => {
    it('Should match the hostname exactly, port included, and fall back to the Docker config', async () => {
        const store = new RegistryCredentialStore({
            file: file([
                { hostname: 'Harbor.Example.com:8443', secret: b64('robot$team+ci:s3cr3t-value'), kind: 'harbor' },
            ]),
            dockerConfig: JSON.stringify({ auths: { 'other.example.com': { auth: b64('docker:pw-docker-1') } } }),
        });
        assert.deepEqual(await store.provider('harbor.example.com:8443'), {
            username: 'robot$team+ci',
            password: 's3cr3t-value',
        });
        assert.equal(await store.provider('harbor.example.com'), undefined, 'another port is another host');
        assert.equal(await store.provider('sub.harbor.example.com:8443'), undefined);
        assert.deepEqual(await store.provider('other.example.com'), { username: 'docker', password: 'pw-docker-1' });
        assert.equal(await store.sourceOf('harbor.example.com:8443'), 'file');
        assert.equal(await store.sourceOf('other.example.com'), 'docker-config');
        assert.equal(await store.sourceOf('nowhere.example.com'), 'none');
    });

    it('Should let the file win over the Docker config for the same host', async () => {
        const store = new RegistryCredentialStore({
            file: file([{ hostname: 'r.example.com', secret: b64('fromfile:pw-file-123') }]),
            dockerConfig: JSON.stringify({ auths: { 'r.example.com': { auth: b64('docker:pw-docker-1') } } }),
        });
        assert.equal((await store.provider('r.example.com'))?.username, 'fromfile');
    });

    it('Should reject hostnames with a scheme, a path or a trailing slash, naming the record', () => {
        for (const hostname of [
            'https://r.example.com',
            'r.example.com/team',
            'r.example.com/',
            'user@r.example.com',
        ]) {
            assert.throws(
                () => parseCredentialFile(JSON.stringify([{ hostname, secret: b64('a:b-secret') }]), 'c.json'),
                (e: unknown) => CredentialFileError.is(e) && /record 1: hostname must be host\[:port\]/.test(e.message),
            );
        }
    });

    it('Should reject a secret that is not base64 of user:password without printing it', () => {
        const secret = 'plain-password-not-base64!';
        assert.throws(
            () => parseCredentialFile(JSON.stringify([{ hostname: 'r.example.com', secret }]), 'c.json'),
            (e: unknown) => CredentialFileError.is(e) && !e.message.includes(secret) && /base64/.test(e.message),
        );
        assert.equal(decodeSecret(b64('nopassword')), undefined);
        assert.equal(decodeSecret(b64(':onlypassword')), undefined);
    });

    it('Should reject an unknown kind and a file that is not an array', () => {
        assert.throws(
            () =>
                parseCredentialFile(
                    JSON.stringify([{ hostname: 'r.example.com', secret: b64('a:b'), kind: 'gcr' }]),
                    'f',
                ),
            /record 1: kind/,
        );
        assert.throws(() => parseCredentialFile('{"hostname":"x"}', 'f'), /JSON array/);
        assert.throws(() => parseCredentialFile('not json', 'f'), /is not JSON/);
    });
});

describe('SigV4 and the ECR token exchange (unit)', () => {
    const dispatcher = new Agent({ keepAliveTimeout: 10 });
    after(() => dispatcher.close());

    it("Should sign AWS's get-vanilla and post-vanilla test requests as AWS documents", () => {
        const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
        const base = {
            url: new URL('https://example.amazonaws.com/'),
            headers: {},
            body: '',
            region: 'us-east-1',
            service: 'service',
            date: new Date('2015-08-30T12:36:00Z'),
        };
        assert.match(
            signV4({ ...base, method: 'GET' }, creds).authorization ?? '',
            /SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31$/,
        );
        assert.match(
            signV4({ ...base, method: 'POST' }, creds).authorization ?? '',
            /Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b$/,
        );
    });

    it('Should read the region from an ECR hostname', () => {
        assert.equal(ecrRegion('123456789012.dkr.ecr.eu-west-1.amazonaws.com'), 'eu-west-1');
        assert.equal(ecrRegion('registry.example.com'), undefined);
    });

    it('Should exchange IAM keys for the AWS password once, signing with the key id but never sending the secret', async () => {
        const secretKey = 'iam-secret-key-do-not-send';
        const server = await startLocalServer((_req, res) =>
            sendJson(res, 200, {
                authorizationData: [
                    { authorizationToken: b64('AWS:ecr-password-xyz'), expiresAt: 4_102_444_800, proxyEndpoint: 'x' },
                ],
            }),
        );
        try {
            const store = new RegistryCredentialStore({
                file: file([
                    {
                        hostname: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
                        secret: b64(`AKIAEXAMPLE:${secretKey}`),
                        kind: 'ecr',
                        endpoint: server.url,
                    },
                ]),
                http: new HttpClient({ dispatcher, retry: { attempts: 1 } }),
            });
            const host = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
            assert.deepEqual(await store.provider(host), { username: 'AWS', password: 'ecr-password-xyz' });
            assert.deepEqual(await store.provider(host), { username: 'AWS', password: 'ecr-password-xyz' });
            assert.equal(server.requests.length, 1, 'the 12-hour password is cached');
            const seen = server.requests[0];
            assert.equal(seen?.headers['x-amz-target'], 'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken');
            assert.match(
                String(seen?.headers.authorization),
                /^AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE\/\d{8}\/eu-west-1\/ecr\/aws4_request/,
            );
            assert.ok(!JSON.stringify(seen).includes(secretKey), 'the secret key is never sent');
        } finally {
            await server.close();
        }
    });
});
