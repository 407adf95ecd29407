/**
 * authn.nvidia.com stand-in (ngc-api.md 2.2, 11.1-2). `GET /token?service=ngc&scope=group/ngc:ORG[&scope=…/TEAM]`
 * with `Basic $oauthtoken:KEY` or `ApiKey KEY` → `{token, expires_in}`; the bare `&group/ngc:ORG/TEAM` form is
 * accepted too. `POST /token` with `grant_type=client_credentials` → `{access_token, expires_in}` (NVCF style).
 * `service=registry` issues registry tokens: nvcr.io's challenge points here once a registry token has expired.
 */
import type { SimContext } from '../core/context.js';
import { apiError } from '../core/envelope.js';
import { jsonResponse } from '../core/types.js';
import type { SimRequest, SimResponse } from '../core/types.js';
import { issueRegistryToken } from '../registry/registryAuth.js';
import { basicOAuthKey } from './keys.js';
import type { NgcScope } from './tokens.js';

export function authnHandler(ctx: SimContext): (req: SimRequest) => SimResponse {
    return (req) => {
        if (req.url.pathname !== '/token') {
            return apiError(404, 'Not Found');
        }
        if (req.method === 'GET' && req.url.searchParams.get('service') === 'registry') {
            return issueRegistryToken(ctx, req);
        }
        if (req.method === 'GET') {
            return ngcToken(ctx, req, req.url.searchParams, 'token');
        }
        if (req.method === 'POST') {
            const form = new URLSearchParams(req.body.toString('utf8'));
            if (form.get('grant_type') !== 'client_credentials') {
                return jsonResponse(400, {
                    error: 'unsupported_grant_type',
                    error_description: 'use grant_type=client_credentials',
                });
            }
            const merged = new URLSearchParams(req.url.searchParams);
            form.getAll('scope').forEach((s) => merged.append('scope', s));
            return ngcToken(ctx, req, merged, 'access_token');
        }
        return apiError(405, 'Method Not Allowed');
    };
}

function ngcToken(
    ctx: SimContext,
    req: SimRequest,
    query: URLSearchParams,
    field: 'token' | 'access_token',
): SimResponse {
    const key = keyFrom(req.headers.authorization);
    const identity = key === undefined ? undefined : ctx.identities.get(key);
    if (identity === undefined) {
        return apiError(401, 'Invalid apikey');
    }
    const ttl = ctx.options.tokenTtlSeconds;
    const issued = ctx.tokens.issue(
        { service: 'ngc', key: identity.key, scopes: parseScopes(query), repositories: [] },
        ttl,
    );
    return jsonResponse(
        200,
        field === 'token'
            ? { token: issued.token, expires_in: ttl }
            : { access_token: issued.token, token_type: 'bearer', expires_in: ttl },
    );
}

function keyFrom(authorization: string | undefined): string | undefined {
    const apiKey = /^ApiKey\s+(\S+)$/i.exec(authorization ?? '');
    return apiKey?.[1] ?? basicOAuthKey(authorization);
}

/** `scope=group/ngc:ORG[/TEAM]` values (space-separated lists allowed) plus bare `group/ngc:…` keys. */
export function parseScopes(query: URLSearchParams): NgcScope[] {
    const raw: string[] = [];
    for (const [name, value] of query) {
        if (name === 'scope') {
            raw.push(...value.split(' '));
        } else if (name.startsWith('group/') && value === '') {
            raw.push(name);
        }
    }
    const scopes: NgcScope[] = [];
    for (const item of raw) {
        const match = /^group\/ngc(?:-stg)?:([^/\s]+)(?:\/([^/\s]+))?$/.exec(item);
        if (match?.[1] !== undefined) {
            scopes.push(match[2] === undefined ? { org: match[1] } : { org: match[1], team: match[2] });
        }
    }
    return scopes;
}
