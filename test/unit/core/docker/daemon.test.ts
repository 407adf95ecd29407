/** (unit) Finding the daemon (DOCKER_HOST, contexts), telling "absent" from "not permitted" from "Podman", auth headers. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DockerDaemon, DockerUnavailableError, unavailable } from '../../../../src/core/docker/daemon';
import { dockerEndpointFrom, parseDockerHost, UnsupportedDockerHostError } from '../../../../src/core/docker/endpoint';
import { pullImage } from '../../../../src/core/docker/pull';
import { DockerPullError } from '../../../../src/core/docker/pullErrors';
import { dockerAuthFor, encodeRegistryAuth } from '../../../../src/core/docker/registryAuth';
import { redactor } from '../../../../src/core/lib/log';
import { ngcRegistryCredentials } from '../../../builders/ngcCredentials';
import { parseReference } from '../../../../src/core/registry/reference';

let dir: string;
before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ngc-daemon-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('dockerEndpointFrom (unit)', () => {
    it('Should honour unix, npipe and tcp DOCKER_HOST values', () => {
        assert.deepEqual(parseDockerHost('unix:///run/user/1000/docker.sock'), {
            kind: 'unix',
            socketPath: '/run/user/1000/docker.sock',
            source: 'DOCKER_HOST',
        });
        assert.equal(parseDockerHost('npipe:////./pipe/docker_engine').kind, 'npipe');
        assert.deepEqual(parseDockerHost('tcp://10.0.0.5:2375'), {
            kind: 'tcp',
            host: '10.0.0.5',
            port: 2375,
            protocol: 'http',
            source: 'DOCKER_HOST',
        });
        assert.equal(parseDockerHost('127.0.0.1:2376').kind, 'tcp');
        const tls = parseDockerHost('tcp://docker.example:2376', { DOCKER_CERT_PATH: '/certs' });
        assert.deepEqual(tls.kind === 'tcp' && [tls.protocol, tls.certPath], ['https', '/certs']);
        const verify = parseDockerHost('tcp://h:1234', { DOCKER_TLS_VERIFY: '1' });
        assert.equal(verify.kind === 'tcp' && verify.protocol, 'https');
    });

    it('Should refuse ssh://, fd:// and nonsense with a message', () => {
        assert.throws(() => parseDockerHost('ssh://me@host'), UnsupportedDockerHostError);
        assert.throws(() => parseDockerHost('fd://'), UnsupportedDockerHostError);
        assert.throws(() => parseDockerHost('unix://'), /no socket path/);
        assert.throws(() => parseDockerHost('ftp://x:1'), UnsupportedDockerHostError);
    });

    it('Should default to the platform socket and read a DOCKER_CONTEXT meta.json', () => {
        assert.deepEqual(dockerEndpointFrom({}, 'linux'), {
            kind: 'unix',
            socketPath: '/var/run/docker.sock',
            source: 'default',
        });
        assert.equal(dockerEndpointFrom({}, 'win32').kind, 'npipe');
        const meta = join(dir, 'contexts', 'meta', createHash('sha256').update('remote').digest('hex'));
        mkdirSync(meta, { recursive: true });
        writeFileSync(
            join(meta, 'meta.json'),
            JSON.stringify({
                Name: 'remote',
                Metadata: {},
                Endpoints: { docker: { Host: 'tcp://192.0.2.7:2375', SkipTLSVerify: false } },
            }),
        );
        const endpoint = dockerEndpointFrom({ DOCKER_CONTEXT: 'remote', DOCKER_CONFIG: dir }, 'linux');
        assert.deepEqual(endpoint.kind === 'tcp' && [endpoint.host, endpoint.port, endpoint.source], [
            '192.0.2.7',
            2375,
            'docker context "remote"',
        ]);
        // DOCKER_HOST wins over the context; an unknown context falls back to the default socket.
        assert.equal(
            dockerEndpointFrom({ DOCKER_HOST: 'unix:///x.sock', DOCKER_CONTEXT: 'remote', DOCKER_CONFIG: dir }, 'linux')
                .kind,
            'unix',
        );
        assert.equal(dockerEndpointFrom({ DOCKER_CONTEXT: 'missing', DOCKER_CONFIG: dir }, 'linux').source, 'default');
    });
});

describe('DockerDaemon.ping (unit)', () => {
    let server: Server;
    let port = 0;
    let answers: { ping: number; version: unknown } = { ping: 200, version: {} };
    before(async () => {
        server = createServer((req, res) => {
            if (req.url?.endsWith('/_ping')) {
                res.writeHead(answers.ping, { 'content-type': 'text/plain' });
                res.end(answers.ping === 200 ? 'OK' : 'nope');
                return;
            }
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify(answers.version));
        });
        await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
        port = (server.address() as AddressInfo).port;
    });
    after(() => new Promise<void>((r) => server.close(() => r())));

    const connect = (host: string) => DockerDaemon.connect({ env: { DOCKER_HOST: host }, pingTimeoutMs: 3000 });

    it('Should say no daemon runs when the socket file is missing (ENOENT) or stale (ECONNREFUSED)', async () => {
        const missing = await connect(`unix://${join(dir, 'absent.sock')}`);
        await assert.rejects(
            missing.ping(),
            (e: unknown) =>
                DockerUnavailableError.is(e, 'notRunning') && /ENOENT/.test(e.message) && /DOCKER_HOST/.test(e.message),
        );
        const stale = join(dir, 'stale.sock');
        writeFileSync(stale, '');
        await assert.rejects(
            (await connect(`unix://${stale}`)).ping(),
            (e: unknown) => DockerUnavailableError.is(e, 'notRunning') && /ECONNREFUSED/.test(e.message),
        );
    });

    it('Should explain EACCES on the socket as a permission problem (the docker group)', () => {
        const error = unavailable(
            Object.assign(new Error('connect EACCES /var/run/docker.sock'), { code: 'EACCES' }),
            'unix:///var/run/docker.sock',
        );
        assert.ok(DockerUnavailableError.is(error, 'permissionDenied'));
        assert.match(error.message, /"docker" group/);
    });

    it('Should detect Podman from the version components', async () => {
        answers = {
            ping: 200,
            version: {
                Version: '4.3.1',
                ApiVersion: '1.41',
                Os: 'linux',
                Arch: 'amd64',
                Components: [{ Name: 'Podman Engine', Version: '4.3.1' }],
            },
        };
        const info = await (await connect(`tcp://127.0.0.1:${port}`)).ping();
        assert.deepEqual([info.engine, info.version, info.apiVersion], ['podman', '4.3.1', '1.41']);
    });

    it('Should report Docker Engine with its API version and platform', async () => {
        answers = {
            ping: 200,
            version: {
                Version: '20.10.24+dfsg1',
                ApiVersion: '1.41',
                Os: 'linux',
                Arch: 'arm64',
                Components: [{ Name: 'Engine' }],
            },
        };
        const info = await (await connect(`tcp://127.0.0.1:${port}`)).ping();
        assert.deepEqual([info.engine, info.os, info.arch], ['docker', 'linux', 'arm64']);
    });

    it('Should say the endpoint is not a Docker API when /_ping fails with an HTTP status', async () => {
        answers = { ping: 404, version: {} };
        await assert.rejects((await connect(`tcp://127.0.0.1:${port}`)).ping(), (e: unknown) =>
            DockerUnavailableError.is(e, 'notDocker'),
        );
    });
});

describe('dockerAuthFor (unit)', () => {
    it('Should give $oauthtoken + key for the NGC registry only, and nothing for others without a callback', async () => {
        const key = 'nvapi-unit-test-key-123456';
        const credentials = ngcRegistryCredentials('nvcr.io', key);
        assert.deepEqual(await dockerAuthFor('nvcr.io', credentials), {
            username: '$oauthtoken',
            password: key,
            serveraddress: 'nvcr.io',
        });
        assert.equal(await dockerAuthFor('registry.example:5000', credentials), undefined);
        assert.equal(await dockerAuthFor('nvcr.io', ngcRegistryCredentials('nvcr.io', undefined)), undefined);
    });

    it('Should use the callback for other registries and never hand them the NGC key', async () => {
        const credentials = ngcRegistryCredentials('nvcr.io', 'nvapi-secret-000000', (r) =>
            r === 'harbor.local' ? { username: 'robot', password: 'robot-pass-1234' } : undefined,
        );
        const harbor = await dockerAuthFor('harbor.local', credentials);
        assert.deepEqual(harbor, { username: 'robot', password: 'robot-pass-1234', serveraddress: 'harbor.local' });
    });

    it('Should encode X-Registry-Auth as URL-safe base64 JSON, registered with the redactor', async () => {
        const config = { username: '$oauthtoken', password: 'nvapi-????>>>>-0007', serveraddress: 'nvcr.io' };
        const header = encodeRegistryAuth(config);
        assert.doesNotMatch(header, /[+/]/);
        assert.deepEqual(
            JSON.parse(Buffer.from(header.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString()),
            config,
        );
        await dockerAuthFor('nvcr.io', ngcRegistryCredentials('nvcr.io', config.password));
        assert.equal(redactor.redact(`X-Registry-Auth: ${header}`).includes(header), false);
    });
});

describe('pullImage credentials (unit)', () => {
    it('Should refuse to send X-Registry-Auth to a plain-TCP daemon on another machine, before any request', async () => {
        let requests = 0;
        const server = createServer((_req, res) => {
            requests++;
            res.end('{}');
        });
        await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
        const port = (server.address() as AddressInfo).port;
        try {
            const ref = parseReference('nvcr.io/nvidia/pytorch:25.03-py3', {
                semantics: 'ngc',
                defaultRegistry: 'nvcr.io',
            });
            const auth = { username: '$oauthtoken', password: 'nvapi-unit-plain-tcp-0001', serveraddress: 'nvcr.io' };
            // 192.0.2.0/24 is TEST-NET-1: nothing answers there, and the refusal must come before any connection.
            const remote = await DockerDaemon.connect({ env: { DOCKER_HOST: 'tcp://192.0.2.7:2375' } });
            await assert.rejects(
                pullImage(remote, ref, { auth }),
                (e: unknown) =>
                    DockerPullError.is(e, 'daemon') &&
                    /plain TCP/.test(e.message) &&
                    !e.message.includes(auth.password),
            );
            // Loopback TCP is this machine: the request is made (and fails on our fake answer, which is fine here).
            const local = await DockerDaemon.connect({ env: { DOCKER_HOST: `tcp://127.0.0.1:${port}` } });
            await assert.rejects(
                pullImage(local, ref, { auth }),
                (e: unknown) => !(e instanceof Error && /plain TCP/.test(e.message)),
            );
            assert.ok(requests > 0, 'a loopback daemon is spoken to');
        } finally {
            await new Promise<void>((r) => server.close(() => r()));
        }
    });
});
