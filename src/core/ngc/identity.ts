import type { z } from 'zod';
import type { KeyClass, KeyKind } from './auth';
import type { callerInfoSchema, roleSchema, usersMeSchema } from './schemas/user';

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
 * The identity of an `nvapi-` key from caller info: `SERVICE_KEY` means a service key, anything else (or nothing)
 * a personal one. The org caller info names comes first among the orgs, even when no role mentions it.
 */
export function identityFromCallerInfo(info: z.infer<typeof callerInfoSchema>, keyClass: KeyClass): KeyIdentity {
    const roles = rolesOf(info.user?.roles ?? []);
    return {
        kind: keyKindFrom(keyClass, info.type),
        callerType: info.type,
        orgName: info.orgName,
        user: info.user ? userOf(info.user) : undefined,
        roles,
        orgs: distinct([...(info.orgName ? [info.orgName] : []), ...roles.map((r) => r.org)]),
        teams: teamsOf(roles),
        products: info.products,
    };
}

/** The identity of a legacy key from `/v2/users/me` (ngcsdk calls caller info only for `nvapi-` keys). */
export function identityFromUser(me: z.infer<typeof usersMeSchema>): KeyIdentity {
    const roles = rolesOf(me.user.roles);
    return {
        kind: 'legacy',
        user: userOf(me.user),
        roles,
        orgs: distinct(roles.map((r) => r.org)),
        teams: teamsOf(roles),
        products: [],
    };
}

/**
 * Combines the key's form with caller info's `type`. A legacy key stays `legacy` whatever caller info says; an
 * `nvapi-` key is `service` only for `SERVICE_KEY` (an unknown or missing type counts as personal).
 */
export function keyKindFrom(keyClass: KeyClass, callerType: string | undefined): KeyKind {
    if (keyClass === 'legacy') {
        return 'legacy';
    }
    return callerType === 'SERVICE_KEY' ? 'service' : 'personal';
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

function teamsOf(roles: RoleEntry[]): string[] {
    return distinct(roles.filter((r) => r.team).map((r) => `${r.org}/${r.team}`));
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
