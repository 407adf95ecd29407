/**
 * Debian's `docker-registry` with token auth whose realm is a token service the test brings (the simulator's ACR
 * stand-in), and the RS256 key pair that service signs with (openssl: distribution 2.8 wants a certificate bundle).
 * The registry's `service` is given by the caller, so it can be the name clients reach it by (a proxy in front).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SigningPair {
    keyPem: string;
    certificatePem: string;
}

export interface RealmRegistry {
    host: string;
    url: string;
    stop(): Promise<void>;
}

const has = (binary: string) => spawnSync('sh', ['-c', `command -v ${binary}`]).status === 0;

/** Why these tests cannot run here, or undefined. */
export function realmRegistrySkipReason(): string | undefined {
    const missing = ['docker-registry', 'openssl'].filter((b) => !has(b));
    return missing.length > 0 ? `${missing.join(' and ')} not found` : undefined;
}

/** A fresh RSA key and self-signed certificate for the token issuer (`CN=subject`). */
export async function makeSigningPair(subject = 'acr-stand-in'): Promise<SigningPair> {
    const dir = await mkdtemp(join(tmpdir(), 'ngc-token-key-'));
    try {
        const made = spawnSync('openssl', [
            'req',
            '-x509',
            '-newkey',
            'rsa:2048',
            '-nodes',
            '-days',
            '1',
            '-subj',
            `/CN=${subject}`,
            '-keyout',
            join(dir, 'key.pem'),
            '-out',
            join(dir, 'cert.pem'),
        ]);
        if (made.status !== 0) {
            throw new Error(`openssl failed: ${made.stderr.toString()}`);
        }
        return {
            keyPem: await readFile(join(dir, 'key.pem'), 'utf8'),
            certificatePem: await readFile(join(dir, 'cert.pem'), 'utf8'),
        };
    } finally {
        await rm(dir, { recursive: true, force: true });
    }
}

/** A free loopback port (the registry's, chosen before it starts so a proxy can point at it). */
export function freeLoopbackPort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            server.close(() =>
                typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
            );
        });
    });
}

/** Starts `docker-registry` on `port` trusting tokens from `realm` signed by `certificatePem` for `service`. */
export async function startRealmRegistry(options: {
    port: number;
    realm: string;
    service: string;
    issuer: string;
    certificatePem: string;
}): Promise<RealmRegistry> {
    const dir = await mkdtemp(join(tmpdir(), 'ngc-realm-registry-'));
    await writeFile(join(dir, 'issuer.crt'), options.certificatePem);
    const config = join(dir, 'config.yml');
    await writeFile(
        config,
        [
            'version: 0.1',
            'log: {level: error, accesslog: {disabled: true}}',
            `storage: {filesystem: {rootdirectory: ${join(dir, 'data')}}}`,
            `http: {addr: "127.0.0.1:${options.port}"}`,
            `auth: {token: {realm: "${options.realm}", service: "${options.service}", issuer: "${options.issuer}", ` +
                `rootcertbundle: ${join(dir, 'issuer.crt')}}}`,
            '',
        ].join('\n'),
    );
    const child = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
    const url = `http://127.0.0.1:${options.port}`;
    const stop = async () => {
        if (child.exitCode === null && child.pid !== undefined) {
            const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
            process.kill(child.pid, 'SIGTERM');
            await exited;
        }
        await rm(dir, { recursive: true, force: true });
    };
    for (let i = 0; i < 100; i++) {
        try {
            const response = await fetch(`${url}/v2/`);
            await response.arrayBuffer();
            if (response.status === 401) {
                return { host: `127.0.0.1:${options.port}`, url, stop };
            }
        } catch {
            // not up yet
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await stop();
    throw new Error('docker-registry with token auth did not start');
}
