/**
 * Who is calling the REST API, and may they see this namespace/artifact. Mirrors NGC's 401/403 split
 * (ngc-api.md 2.5, 11.5): no, invalid or expired credentials → 401 (even for things that do not exist); a personal
 * `nvapi-` key used against an org it does not belong to → 401 "Invalid org for this key"; an authn token scoped to
 * another org, a missing team membership or a missing entitlement → 403 "Access Denied".
 */
import type { KeyIdentity } from '../auth/keys.js';
import { bearerOf, membershipOf } from '../auth/keys.js';
import type { NgcScope } from '../auth/tokens.js';
import type { SimContext } from '../core/context.js';
import { apiError } from '../core/envelope.js';
import type { SimRequest, SimResponse } from '../core/types.js';

export type Principal =
    { kind: 'key'; identity: KeyIdentity } | { kind: 'token'; identity: KeyIdentity; scopes: NgcScope[] };

export type Resolved =
    { principal: Principal | undefined; error?: undefined } | { principal?: undefined; error: SimResponse };

/** Resolves the `Authorization` header; no header means anonymous (principal undefined). */
export function resolvePrincipal(ctx: SimContext, req: SimRequest): Resolved {
    const header = req.headers.authorization;
    if (header === undefined || header.trim() === '') {
        return { principal: undefined };
    }
    const bearer = bearerOf(header);
    if (bearer === undefined) {
        return { error: apiError(401, 'Unsupported authorization scheme; use Bearer') };
    }
    if (bearer.startsWith('nvapi-')) {
        const identity = ctx.identities.get(bearer);
        return identity === undefined
            ? { error: apiError(401, 'Invalid API key') }
            : { principal: { kind: 'key', identity } };
    }
    const lookup = ctx.tokens.lookup(bearer);
    if (lookup.status === 'expired') {
        return { error: apiError(401, 'Token has expired') };
    }
    if (lookup.status === 'unknown' || lookup.token.service !== 'ngc' || lookup.token.key === undefined) {
        return { error: apiError(401, 'Invalid token') };
    }
    const identity = ctx.identities.get(lookup.token.key);
    if (identity === undefined) {
        return { error: apiError(401, 'Invalid token') };
    }
    return { principal: { kind: 'token', identity, scopes: lookup.token.scopes } };
}

/** Access to `/v2/org/{org}[/team/{team}]/…`; undefined when allowed. */
export function authorizeNamespace(
    principal: Principal | undefined,
    org: string,
    team?: string,
): SimResponse | undefined {
    if (principal === undefined) {
        return apiError(401, 'Not Authenticated');
    }
    if (org === 'nvidia') {
        return undefined; // the public catalog org is readable by any valid key
    }
    const membership = membershipOf(principal.identity, org);
    if (principal.kind === 'key') {
        if (membership === undefined) {
            return apiError(401, `Invalid org for this key: ${org}`);
        }
    } else {
        if (principal.scopes.length > 0 && !principal.scopes.some((s) => s.org === org)) {
            return apiError(403, `Access Denied: token is not scoped for org ${org}`);
        }
        if (membership === undefined) {
            return apiError(403, 'Access Denied');
        }
    }
    if (team !== undefined && membership.teams[team] === undefined) {
        return apiError(403, 'Access Denied');
    }
    return undefined;
}

/** 403 when the artifact needs an entitlement (product) the caller lacks. */
export function authorizeEntitlement(
    principal: Principal | undefined,
    productNames: string[],
): SimResponse | undefined {
    if (productNames.length === 0) {
        return undefined;
    }
    const products = principal?.identity.products ?? [];
    return productNames.every((p) => products.includes(p)) ? undefined : apiError(403, 'Access Denied');
}

/** Service keys cannot list (NGC: they only reach artifacts by direct path). */
export function rejectServiceListing(principal: Principal | undefined): SimResponse | undefined {
    if (principal?.identity.type === 'SERVICE_KEY') {
        return apiError(403, 'Service keys cannot list resources; access artifacts by their full path');
    }
    return undefined;
}

/** Whether the caller may see a (possibly private) item in `org`/`team` — used to filter lists and search. */
export function canSee(
    principal: Principal | undefined,
    item: { org: string; team?: string; isPublic: boolean; productNames: string[] },
): boolean {
    if (item.isPublic) {
        return true;
    }
    if (item.org === 'nvidia') {
        return item.productNames.length > 0; // entitled items are listed publicly, pulled only with a subscription
    }
    return principal !== undefined && authorizeNamespace(principal, item.org, item.team) === undefined;
}

/** The API key behind the principal (for licence acceptance). */
export function keyOf(principal: Principal | undefined): string | undefined {
    return principal?.identity.key;
}
