/**
 * Debian's `docker-registry` with token auth, and the small token server it trusts (environment.md §2c): RS256 JWTs
 * whose `kid` is the libtrust key ID of the signing certificate. The token server grants `pull,push` on any
 * repository to the one user it knows, nothing to anyone else (anonymous or wrong password: 401), and records what
 * it was asked, so tests can check which credential reached the realm.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TokenRegistry {
    host: string;
    url: string;
    /** `host:port` of the token service (another port than the registry's: list it as a trusted realm). */
    realmHost: string;
    tokenRequests: { query: string; headers: IncomingHttpHeaders }[];
    stop(): Promise<void>;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** libtrust's key ID: base32 of the first 240 bits of sha256(SPKI DER), in groups of 4 joined by `:`. */
function libtrustKid(spkiDer: Buffer): string {
    const bytes = createHash('sha256').update(spkiDer).digest().subarray(0, 30);
    let bits = '';
    for (const b of bytes) {
        bits += b.toString(2).padStart(8, '0');
    }
    let out = '';
    for (let i = 0; i < bits.length; i += 5) {
        out += BASE32[parseInt(bits.slice(i, i + 5), 2)];
    }
    return (out.match(/.{4}/g) ?? []).join(':');
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export async function startTokenRegistry(user: {
    username: string;
    password: string;
}): Promise<TokenRegistry | string> {
    const missing = ['docker-registry', 'openssl'].filter(
        (b) => spawnSync('sh', ['-c', `command -v ${b}`]).status !== 0,
    );
    if (missing.length > 0) {
        return `${missing.join(' and ')} not found`;
    }
    const dir = await mkdtemp(join(tmpdir(), 'ngc-token-registry-'));
    const made = spawnSync('openssl', [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=test-token-issuer',
        '-keyout',
        join(dir, 'token.key'),
        '-out',
        join(dir, 'token.crt'),
    ]);
    if (made.status !== 0) {
        await rm(dir, { recursive: true, force: true });
        return `openssl failed: ${made.stderr.toString()}`;
    }
    const key = createPrivateKey(await readFile(join(dir, 'token.key')));
    const cert = new X509Certificate(await readFile(join(dir, 'token.crt')));
    const kid = libtrustKid(cert.publicKey.export({ type: 'spki', format: 'der' }));
    const tokenRequests: TokenRegistry['tokenRequests'] = [];
    const expected = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;
    const tokens = createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://x');
        tokenRequests.push({ query: url.search, headers: req.headers });
        if (req.headers.authorization !== expected) {
            res.writeHead(401, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ details: 'incorrect username or password' }));
            return;
        }
        const access = url.searchParams
            .getAll('scope')
            .flatMap((s) => s.split(' '))
            .map((s) => s.split(':'))
            .filter((p) => p.length === 3 && p[0] === 'repository')
            .map(([type, name, actions]) => ({ type, name, actions: (actions ?? '').split(',') }));
        const now = Math.floor(Date.now() / 1000);
        const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
        const claims = b64url(
            JSON.stringify({
                iss: 'test-token-issuer',
                sub: user.username,
                aud: url.searchParams.get('service'),
                exp: now + 300,
                nbf: now - 10,
                iat: now,
                jti: randomUUID(),
                access,
            }),
        );
        const signature = sign('sha256', Buffer.from(`${header}.${claims}`), key).toString('base64url');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ token: `${header}.${claims}.${signature}`, expires_in: 300 }));
    });
    await new Promise<void>((resolve) => tokens.listen(0, '127.0.0.1', resolve));
    const realm = `http://127.0.0.1:${(tokens.address() as AddressInfo).port}/token`;
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const config = join(dir, 'config.yml');
    await writeFile(
        config,
        [
            'version: 0.1',
            'log: {level: error, accesslog: {disabled: true}}',
            `storage: {filesystem: {rootdirectory: ${join(dir, 'data')}}}`,
            `http: {addr: "127.0.0.1:${port}"}`,
            `auth: {token: {realm: "${realm}", service: test-registry, issuer: test-token-issuer, rootcertbundle: ${join(dir, 'token.crt')}}}`,
            '',
        ].join('\n'),
    );
    const child = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
    const url = `http://127.0.0.1:${port}`;
    const stop = async () => {
        if (child.exitCode === null && child.pid !== undefined) {
            const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
            process.kill(child.pid, 'SIGTERM');
            await exited;
        }
        await new Promise<void>((resolve) => tokens.close(() => resolve()));
        await rm(dir, { recursive: true, force: true });
    };
    for (let i = 0; i < 100; i++) {
        try {
            const response = await fetch(`${url}/v2/`);
            await response.arrayBuffer();
            if (response.status === 401) {
                return { host: `127.0.0.1:${port}`, url, realmHost: new URL(realm).host, tokenRequests, stop };
            }
        } catch {
            // not up yet
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await stop();
    return 'docker-registry with token auth did not start';
}
