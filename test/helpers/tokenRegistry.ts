/**
 * Debian's `docker-registry` with token auth, and the small token server it trusts (environment.md §2c): RS256 JWTs
 * whose `kid` is the libtrust key ID of the signing certificate. The token server grants `pull,push` on any
 * repository to the one user it knows, nothing to anyone else (anonymous or wrong password: 401), and records what
 * it was asked, so tests can check which credential reached the realm.
 */
import { createHash, createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freeLoopbackPort, makeSigningPair, realmRegistrySkipReason, startRealmRegistry } from './realmRegistry';

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
    const skip = realmRegistrySkipReason();
    if (skip) {
        return skip;
    }
    const pair = await makeSigningPair('test-token-issuer');
    const key = createPrivateKey(pair.keyPem);
    const cert = new X509Certificate(pair.certificatePem);
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
    const closeTokens = () => new Promise<void>((resolve) => tokens.close(() => resolve()));
    try {
        const registry = await startRealmRegistry({
            port: await freeLoopbackPort(),
            realm,
            service: 'test-registry',
            issuer: 'test-token-issuer',
            certificatePem: pair.certificatePem,
        });
        const stop = async () => {
            await registry.stop();
            await closeTokens();
        };
        return { host: registry.host, url: registry.url, realmHost: new URL(realm).host, tokenRequests, stop };
    } catch (error) {
        await closeTokens();
        return String(error instanceof Error ? error.message : error);
    }
}
