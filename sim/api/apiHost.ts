/**
 * api.ngc.nvidia.com stand-in: routes `/v2/…` and `/v3/keys/get-caller-info` to their handlers. Org-scoped paths
 * resolve the caller first (401 before 404, as NGC does); guest paths ignore credentials and show public items only.
 */
import type { SimContext } from '../core/context.js';
import { apiError } from '../core/envelope.js';
import { textResponse } from '../core/types.js';
import type { SimRequest, SimResponse } from '../core/types.js';
import { resolvePrincipal } from './access.js';
import { KIND_BY_SEGMENT } from './artifactShapes.js';
import { guestArtifacts, orgArtifacts } from './artifacts.js';
import { callerInfo, orgs, teams, usersMe } from './identity.js';
import { guestRepos, orgRepos } from './repos.js';
import { search } from './search.js';

export function apiHandler(ctx: SimContext): (req: SimRequest) => Promise<SimResponse> {
    return async (req) => {
        const s = req.segments;
        if (s[0] === 'v3' && s[1] === 'keys' && s[2] === 'get-caller-info' && s.length === 3) {
            return req.method === 'POST' ? callerInfo(ctx, req) : apiError(405, 'Method Not Allowed');
        }
        const isLicense = s[s.length - 2] === 'license' && s[s.length - 1] === 'acceptance';
        if (req.method !== 'GET' && req.method !== 'HEAD' && !(req.method === 'POST' && isLicense)) {
            return apiError(405, 'Method Not Allowed');
        }
        if (s[0] !== 'v2') {
            return apiError(404, 'Not Found');
        }
        return route(ctx, req, s.slice(1));
    };
}

async function route(ctx: SimContext, req: SimRequest, s: string[]): Promise<SimResponse> {
    const [head, ...rest] = s;
    const guestKind = KIND_BY_SEGMENT[head ?? ''];
    if (guestKind !== undefined) {
        return guestArtifacts(ctx, req, guestKind, rest);
    }
    switch (head) {
        case 'repos':
            return guestRepos(ctx, req, rest);
        case 'catalog':
            return rest.join('/') === 'containers/public-key'
                ? textResponse(200, ctx.cosign.publicKeyPem, 'text/plain')
                : apiError(404, 'Not Found');
        case 'search':
            return searchRoute(ctx, req, rest);
    }
    const resolved = resolvePrincipal(ctx, req);
    if (resolved.error !== undefined) {
        return resolved.error;
    }
    const principal = resolved.principal;
    switch (head) {
        case 'users':
            return rest.length === 1 && rest[0] === 'me' ? usersMe(ctx, req, principal) : apiError(404, 'Not Found');
        case 'orgs':
            return rest.length <= 1 ? orgs(ctx, req, principal, rest[0]) : apiError(404, 'Not Found');
        case 'org':
            break;
        default:
            return apiError(404, 'Not Found');
    }
    const [org, ...afterOrg] = rest;
    if (org === undefined) {
        return apiError(404, 'Not Found');
    }
    if (afterOrg[0] === 'teams' && afterOrg.length <= 2) {
        return teams(ctx, req, principal, org, afterOrg[1]);
    }
    const team = afterOrg[0] === 'team' ? afterOrg[1] : undefined;
    const tail = team === undefined ? afterOrg : afterOrg.slice(2);
    const [segment, ...inner] = tail;
    if (segment === 'repos') {
        return orgRepos(ctx, req, principal, org, team, inner);
    }
    const kind = KIND_BY_SEGMENT[segment ?? ''];
    if (kind !== undefined) {
        return orgArtifacts(ctx, req, principal, kind, org, team, inner);
    }
    // Unknown org-scoped paths still demand credentials first, like NGC.
    return principal === undefined ? apiError(401, 'Not Authenticated') : apiError(404, 'Not Found');
}

function searchRoute(ctx: SimContext, req: SimRequest, rest: string[]): SimResponse {
    if (rest[0] === 'catalog' && rest[1] === 'resources' && rest.length === 3 && rest[2] !== undefined) {
        return search(ctx, req, rest[2], false, undefined);
    }
    if (rest[0] === 'resources' && rest.length === 2 && rest[1] !== undefined) {
        const resolved = resolvePrincipal(ctx, req);
        if (resolved.error !== undefined) {
            return resolved.error;
        }
        if (resolved.principal === undefined) {
            return apiError(401, 'Not Authenticated');
        }
        if (resolved.principal.identity.type === 'SERVICE_KEY') {
            return apiError(403, 'Service keys cannot list or search resources; access artifacts by their full path');
        }
        return search(ctx, req, rest[1], true, resolved.principal);
    }
    return apiError(404, 'Not Found');
}
