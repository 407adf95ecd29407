import type { z } from 'zod';
import { keyKindOf, type KeyKind } from './auth';
import type { NgcClient } from './client';
import { fetchAllPages } from './paging';
import { callerInfoSchema, orgsPageSchema, teamsPageSchema, usersMeSchema, type roleSchema } from './schemas/user';

/** One membership: an org, optionally a team inside it, and the roles held there. */
export interface RoleEntry {
    org: string;
    team?: string;
    roles: string[];
}

/** Who a key belongs to, normalised from caller info (nvapi keys) or `/v2/users/me` (legacy keys). */
export interface KeyIdentity {
    kind: KeyKind;
    /** Caller info's `type` as sent (`PERSONAL_KEY`, `SERVICE_KEY`), when known. */
    callerType?: string;
    /** The org caller info names for the key. */
    orgName?: string;
    /** Absent for service keys (caller info reports `user: null`). */
    user?: { id?: string; name?: string; email?: string };
    roles: RoleEntry[];
    /** Distinct org names the key is a member of. */
    orgs: string[];
    /** Distinct `org/team` pairs the key is a member of. */
    teams: string[];
    /** Entitlements (`nv-ai-enterprise`, ...). */
    products: string[];
}

/**
 * `POST /v3/keys/get-caller-info` with `credentials=<key>` (ngc-api.md 2.3). ngcsdk calls it an open endpoint and
 * sends no Authorization; ODH sends one as well. We send the form and the usual header, and treat any 4xx as an
 * invalid key (the HttpError carries the status).
 */
export async function getCallerInfo(
    client: NgcClient,
    key: string,
    signal?: AbortSignal,
): Promise<z.infer<typeof callerInfoSchema>> {
    return client.postForm('/v3/keys/get-caller-info', { credentials: key }, callerInfoSchema, {
        signal,
        operation: 'read',
        identityLookup: false,
    });
}

/** `GET /v2/users/me` (ngc-api.md 3.1): the user and every role, team roles included. */
export async function getCurrentUser(client: NgcClient, signal?: AbortSignal): Promise<z.infer<typeof usersMeSchema>> {
    return client.getJson('/v2/users/me', usersMeSchema, { signal, operation: 'read', identityLookup: false });
}

/**
 * Identifies the key: `nvapi-` keys through caller info (which says personal or service), legacy keys through
 * `/v2/users/me` with an exchanged token (ngcsdk only calls caller info for `nvapi-` keys).
 */
export async function identify(client: NgcClient, key: string, signal?: AbortSignal): Promise<KeyIdentity> {
    if (client.keyClass === 'legacy') {
        const me = await getCurrentUser(client, signal);
        const roles = rolesOf(me.user.roles);
        return {
            kind: 'legacy',
            user: userOf(me.user),
            roles,
            orgs: distinct(roles.map((r) => r.org)),
            teams: distinct(roles.filter((r) => r.team).map((r) => `${r.org}/${r.team}`)),
            products: [],
        };
    }
    const info = await getCallerInfo(client, key, signal);
    const roles = rolesOf(info.user?.roles ?? []);
    const orgs = distinct([...(info.orgName ? [info.orgName] : []), ...roles.map((r) => r.org)]);
    return {
        kind: keyKindOf(key, info.type),
        callerType: info.type,
        orgName: info.orgName,
        user: info.user ? userOf(info.user) : undefined,
        roles,
        orgs,
        teams: distinct(roles.filter((r) => r.team).map((r) => `${r.org}/${r.team}`)),
        products: info.products,
    };
}

/** `GET /v2/orgs`, every page: the orgs the key can see (`organizations[]`). */
export async function listOrgs(client: NgcClient, signal?: AbortSignal) {
    return fetchAllPages(
        async (page, pageSize) => {
            const body = await client.getJson('/v2/orgs', orgsPageSchema, {
                query: { 'page-size': pageSize, 'page-number': page },
                signal,
                operation: 'list',
            });
            return { items: body.organizations, paginationInfo: body.paginationInfo };
        },
        { signal },
    );
}

/** `GET /v2/org/{org}/teams`, every page. */
export async function listTeams(client: NgcClient, org: string, signal?: AbortSignal) {
    return fetchAllPages(
        async (page, pageSize) => {
            const body = await client.getJson(`/v2/org/${encodeURIComponent(org)}/teams`, teamsPageSchema, {
                query: { 'page-size': pageSize, 'page-number': page },
                signal,
                org,
                operation: 'list',
            });
            return { items: body.teams, paginationInfo: body.paginationInfo };
        },
        { signal },
    );
}

/** Flattens role entries; entries without an org name are dropped, an empty team object means "no team". */
export function rolesOf(roles: z.infer<typeof roleSchema>[]): RoleEntry[] {
    const out: RoleEntry[] = [];
    for (const role of roles) {
        const org = role.org?.name;
        if (!org) {
            continue;
        }
        const team = role.team?.name || undefined;
        out.push(
            team
                ? { org, team, roles: role.teamRoles.length > 0 ? role.teamRoles : role.orgRoles }
                : { org, roles: role.orgRoles },
        );
    }
    return out;
}

function userOf(user: { id?: string | number | null; name?: string; email?: string }) {
    return {
        id: user.id === null || user.id === undefined ? undefined : String(user.id),
        name: user.name,
        email: user.email,
    };
}

function distinct(values: string[]): string[] {
    return [...new Set(values)];
}
