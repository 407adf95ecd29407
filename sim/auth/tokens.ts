/**
 * Issued tokens: NGC tokens from authn `/token?service=ngc` and registry tokens from nvcr.io `/proxy_auth` (or authn
 * `/token?service=registry`). They look like JWTs (the anonymous nvcr.io token decodes to
 * `{sub, aud:"registry", access:[…], iss:"authn.nvidia.com", exp, iat, jti}`, ngc-api.md 9.1) but are judged by lookup
 * here, so `expireTokens()` can invalidate every one of them at once.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';

export interface NgcScope {
    org: string;
    team?: string;
}

export interface IssuedToken {
    token: string;
    service: 'ngc' | 'registry';
    /** The API key it was issued for; undefined for anonymous registry tokens. */
    key: string | undefined;
    /** Org/team scopes requested at authn (ngc tokens). */
    scopes: NgcScope[];
    /** Repositories this token may pull (registry tokens). */
    repositories: string[];
    issuedAt: number;
    expiresAt: number;
}

export type TokenLookup =
    { status: 'valid'; token: IssuedToken } | { status: 'expired'; token: IssuedToken } | { status: 'unknown' };

export class TokenStore {
    private readonly tokens = new Map<string, IssuedToken>();
    private readonly secret = randomBytes(32);

    constructor(private readonly now: () => number) {}

    /** Issues a token living `ttlSeconds` of simulator time. */
    issue(fields: Omit<IssuedToken, 'token' | 'issuedAt' | 'expiresAt'>, ttlSeconds: number): IssuedToken {
        const issuedAt = this.now();
        const expiresAt = issuedAt + ttlSeconds * 1000;
        const payload = {
            sub: fields.key === undefined ? 'anonymous' : `sim-${fields.key.slice(-4)}`,
            aud: fields.service === 'registry' ? 'registry' : 'ngc',
            iss: 'authn.nvidia.com',
            access: fields.repositories.map((name) => ({
                type: 'repository',
                name,
                actions: ['pull'],
                metadata: null,
            })),
            scopes: fields.scopes.map((s) => `group/ngc:${s.org}${s.team === undefined ? '' : `/${s.team}`}`),
            options: [],
            iat: Math.floor(issuedAt / 1000),
            exp: Math.floor(expiresAt / 1000),
            jti: randomUUID(),
        };
        const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'ngc-sim' }));
        const body = b64url(JSON.stringify(payload));
        const sig = createHmac('sha256', this.secret).update(`${head}.${body}`).digest('base64url');
        const token: IssuedToken = { ...fields, token: `${head}.${body}.${sig}`, issuedAt, expiresAt };
        this.tokens.set(token.token, token);
        return token;
    }

    lookup(token: string): TokenLookup {
        const found = this.tokens.get(token);
        if (found === undefined) {
            return { status: 'unknown' };
        }
        return found.expiresAt <= this.now() ? { status: 'expired', token: found } : { status: 'valid', token: found };
    }

    /** Every token issued so far becomes expired now. */
    expireAll(): void {
        const now = this.now();
        for (const token of this.tokens.values()) {
            token.expiresAt = Math.min(token.expiresAt, now - 1);
        }
    }
}

function b64url(text: string): string {
    return Buffer.from(text).toString('base64url');
}
