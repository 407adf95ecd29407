/**
 * Who-am-I endpoints (ngc-api.md 2.3, 3.1-3.3): `POST /v3/keys/get-caller-info` (an open endpoint taking the key in a
 * `credentials=` form field), `GET /v2/users/me`, `/v2/orgs[/{org}]`, `/v2/org/{org}/teams[/{team}]`.
 */
import type { KeyIdentity, Membership } from '../auth/keys.js';
import type { OrgSeed } from '../catalog/catalog.js';
import type { SimContext } from '../core/context.js';
import { apiError, ok, pageArray, pageParams } from '../core/envelope.js';
import type { SimRequest, SimResponse } from '../core/types.js';
import type { Principal } from './access.js';
import { authorizeNamespace, rejectServiceListing } from './access.js';

function orgJson(org: OrgSeed): Record<string, unknown> {
    return {
        id: org.id,
        name: org.name,
        displayName: org.displayName,
        description: org.description,
        type: org.type,
        country: 'US',
        isInternal: org.name === 'nvidia',
        isProto: false,
        repoScanSettings: {},
        infinityManagerSettings: {},
        alternateContact: {},
    };
}

function rolesOf(ctx: SimContext, identity: KeyIdentity, onlyOrg?: string): Record<string, unknown>[] {
    const roles: Record<string, unknown>[] = [];
    const memberships = identity.memberships.filter((m) => onlyOrg === undefined || m.org === onlyOrg);
    for (const m of memberships) {
        const org = ctx.catalog.findOrg(m.org);
        if (org === undefined) {
            continue;
        }
        roles.push(orgRole(org, m));
        for (const [teamName, teamRoles] of Object.entries(m.teams)) {
            const team = org.teams.find((t) => t.name === teamName);
            roles.push({
                org: orgJson(org),
                orgRoles: m.orgRoles,
                team: { id: team?.id ?? 0, name: teamName, description: team?.description ?? '', isDeleted: false },
                teamRoles,
            });
        }
    }
    return roles;
}

function orgRole(org: OrgSeed, m: Membership): Record<string, unknown> {
    return {
        org: orgJson(org),
        orgRoles: m.orgRoles,
        orgRolesByUserGroupId: [{ userGroupId: 'NO_GROUP', roles: m.orgRoles }],
        membershipRolesOnly: m.orgRoles,
    };
}

function userJson(ctx: SimContext, identity: KeyIdentity, onlyOrg?: string): Record<string, unknown> {
    const user = identity.user;
    if (user === null) {
        return {};
    }
    const [firstName = '', lastName = ''] = user.name.split(' ');
    return {
        ...user,
        createdDate: '2024-06-24T15:48:02.000Z',
        updatedDate: '2025-06-26T21:45:13.000Z',
        firstLoginDate: '2024-06-24T15:48:02.000Z',
        lastLoginDate: '2025-06-26T21:45:13.000Z',
        hasSignedPrivacyPolicy: true,
        hasSignedEULA: true,
        hasBetaAccess: false,
        isActive: true,
        isDeleted: false,
        isSAML: false,
        idpType: 'NVIDIA',
        userMetadata: { company: '', country: 'US', firstName, lastName, industry: '', interest: [], role: '' },
        storageQuota: [],
        roles: rolesOf(ctx, identity, onlyOrg),
    };
}

/** `POST /v3/keys/get-caller-info`; 401 for unknown, revoked and legacy (non-`nvapi-`) keys. */
export function callerInfo(ctx: SimContext, req: SimRequest): SimResponse {
    const form = new URLSearchParams(req.body.toString('utf8'));
    const key = form.get('credentials') ?? /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const identity = key === undefined ? undefined : ctx.identities.get(key);
    if (identity === undefined || identity.legacy) {
        return apiError(401, 'Invalid SAK key');
    }
    return ok({
        userId: identity.user === null ? `svc-${identity.orgName}` : String(identity.user.id),
        orgName: identity.orgName,
        type: identity.type,
        keyName: identity.type === 'SERVICE_KEY' ? 'ci-service-key' : 'sim-personal-key',
        products: identity.products,
        expiryDate: '2030-01-01T00:00:00.000Z',
        user: identity.user === null ? null : userJson(ctx, identity),
    });
}

/** `GET /v2/users/me[?org-name=]`; service keys have no user, so they get 401. */
export function usersMe(ctx: SimContext, req: SimRequest, principal: Principal | undefined): SimResponse {
    if (principal === undefined || principal.identity.user === null) {
        return apiError(401, principal === undefined ? 'Not Authenticated' : 'Service keys have no user');
    }
    const orgName = req.url.searchParams.get('org-name') ?? undefined;
    return ok({ user: userJson(ctx, principal.identity, orgName), userRoles: [], ncaRole: null });
}

/** `GET /v2/orgs` and `/v2/orgs/{org}`. */
export function orgs(
    ctx: SimContext,
    req: SimRequest,
    principal: Principal | undefined,
    orgName?: string,
): SimResponse {
    if (principal === undefined) {
        return apiError(401, 'Not Authenticated');
    }
    if (orgName !== undefined) {
        const denied = authorizeNamespace(principal, orgName);
        const org = ctx.catalog.findOrg(orgName);
        return (
            denied ??
            (org === undefined ? apiError(404, `Org ${orgName} not found`) : ok({ organizations: orgJson(org) }))
        );
    }
    const refused = rejectServiceListing(principal);
    if (refused !== undefined) {
        return refused;
    }
    const mine = ctx.catalog.orgs.filter((o) => principal.identity.memberships.some((m) => m.org === o.name));
    const { size, number } = pageParams(req.url, ctx.options.maxPageSize);
    const page = pageArray(mine.map(orgJson), size, number);
    return ok({ organizations: page.items, paginationInfo: page.paginationInfo });
}

/** `GET /v2/org/{org}/teams[/{team}]`: all teams of the public org, else the caller's teams. */
export function teams(
    ctx: SimContext,
    req: SimRequest,
    principal: Principal | undefined,
    orgName: string,
    teamName?: string,
): SimResponse {
    const denied = authorizeNamespace(principal, orgName, teamName);
    if (denied !== undefined || principal === undefined) {
        return denied ?? apiError(401, 'Not Authenticated');
    }
    const org = ctx.catalog.findOrg(orgName);
    if (org === undefined) {
        return apiError(404, `Org ${orgName} not found`);
    }
    const teamJson = (t: OrgSeed['teams'][number]): Record<string, unknown> => ({ ...t, isDeleted: false });
    if (teamName !== undefined) {
        const team = org.teams.find((t) => t.name === teamName);
        return team === undefined ? apiError(404, `Team ${teamName} not found`) : ok({ team: teamJson(team) });
    }
    const refused = rejectServiceListing(principal);
    if (refused !== undefined) {
        return refused;
    }
    const membership = principal.identity.memberships.find((m) => m.org === orgName);
    const visible =
        org.name === 'nvidia' ? org.teams : org.teams.filter((t) => membership?.teams[t.name] !== undefined);
    const { size, number } = pageParams(req.url, ctx.options.maxPageSize);
    const page = pageArray(visible.map(teamJson), size, number);
    return ok({ teams: page.items, paginationInfo: page.paginationInfo });
}
