/**
 * Registry token issuance, shared by nvcr.io `/proxy_auth` and authn `/token?service=registry` (ngc-api.md 9.1).
 * Anonymous callers get a token that only pulls public repositories; `Basic $oauthtoken:KEY` (nvapi- or legacy key)
 * gets the repositories that key may pull. A key lacking the entitlement of a gated repository gets 401 from the
 * token endpoint itself, as nvcr.io does for NVIDIA AI Enterprise images.
 */
import type { KeyIdentity } from '../auth/keys.js';
import { basicOAuthKey, membershipOf } from '../auth/keys.js';
import type { SimContext } from '../core/context.js';
import { jsonResponse } from '../core/types.js';
import type { SimRequest, SimResponse } from '../core/types.js';

export type PullDecision = 'allow' | 'deny' | 'unentitled';

/** May `identity` (undefined = anonymous) pull repository `name`? Unknown names are allowed so the 404 surfaces. */
export function pullDecision(ctx: SimContext, identity: KeyIdentity | undefined, name: string): PullDecision {
    const repo = ctx.catalog.findRepo(name);
    if (repo === undefined) {
        return 'allow';
    }
    if (repo.productNames.length > 0) {
        const products = identity?.products ?? [];
        return repo.productNames.every((p) => products.includes(p)) ? 'allow' : 'unentitled';
    }
    if (repo.isPublic) {
        return 'allow';
    }
    const membership = identity === undefined ? undefined : membershipOf(identity, repo.org);
    if (membership === undefined) {
        return 'deny';
    }
    return repo.team === undefined || membership.teams[repo.team] !== undefined ? 'allow' : 'deny';
}

/** Repository names from `scope=repository:NAME:pull[,push]` parameters. */
export function scopedRepositories(query: URLSearchParams): string[] {
    const names: string[] = [];
    for (const value of query.getAll('scope')) {
        for (const scope of value.split(' ')) {
            const match = /^repository:([^:]+):([\w,*]+)$/.exec(scope);
            if (match?.[1] !== undefined) {
                names.push(match[1]);
            }
        }
    }
    return names;
}

function registryError(status: number, code: string, message: string): SimResponse {
    return jsonResponse(status, { errors: [{ code, message, detail: null }] });
}

/** Handles a registry token request (either host). */
export function issueRegistryToken(ctx: SimContext, req: SimRequest): SimResponse {
    const authorization = req.headers.authorization;
    let identity: KeyIdentity | undefined;
    if (authorization !== undefined) {
        const key = basicOAuthKey(authorization);
        identity = key === undefined ? undefined : ctx.identities.get(key);
        if (identity === undefined) {
            return registryError(401, 'UNAUTHORIZED', 'authentication required: invalid username or API key');
        }
    }
    const allowed: string[] = [];
    for (const name of scopedRepositories(req.url.searchParams)) {
        const decision = pullDecision(ctx, identity, name);
        if (decision === 'unentitled' && identity !== undefined) {
            return registryError(
                401,
                'UNAUTHORIZED',
                `access to ${name} requires an entitlement this key does not have`,
            );
        }
        if (decision === 'allow') {
            allowed.push(name);
        }
    }
    const ttl = ctx.options.registryTokenTtlSeconds;
    const issued = ctx.tokens.issue(
        { service: 'registry', key: identity?.key, scopes: [], repositories: allowed },
        ttl,
    );
    return jsonResponse(200, {
        token: issued.token,
        access_token: issued.token,
        expires_in: ttl,
        issued_at: new Date(issued.issuedAt).toISOString(),
    });
}
