/**
 * The simulator's API keys and the identities behind them (ngc-api.md 2.1, 2.3). `nvapi-` keys (personal and
 * service) are used directly as Bearer tokens; the legacy key has no prefix and must be exchanged at authn first.
 * The revoked key is deliberately absent from the identity table, so it fails everywhere.
 */

export interface SimKeys {
    personal: string;
    entitled: string;
    service: string;
    legacy: string;
    otherOrg: string;
    revoked: string;
}

export const SIM_KEYS: SimKeys = {
    personal: 'nvapi-sim-personal-0001',
    entitled: 'nvapi-sim-entitled-0002',
    service: 'nvapi-sim-service-0003',
    legacy: 'sim-legacy-key-0004',
    otherOrg: 'nvapi-sim-otherorg-0005',
    revoked: 'nvapi-sim-revoked-0006',
};

export interface Membership {
    org: string;
    orgRoles: string[];
    /** team name → team roles */
    teams: Record<string, string[]>;
}

export interface SimUser {
    id: number;
    name: string;
    email: string;
    starfleetId: string;
    clientId: string;
}

export interface KeyIdentity {
    key: string;
    /** PERSONAL_KEY / SERVICE_KEY as get-caller-info reports; legacy keys are personal keys of the old kind. */
    type: 'PERSONAL_KEY' | 'SERVICE_KEY';
    legacy: boolean;
    /** `null` for service keys, as get-caller-info reports them. */
    user: SimUser | null;
    /** The org get-caller-info names. */
    orgName: string;
    memberships: Membership[];
    /** Entitlements (products) such as `nv-ai-enterprise`. */
    products: string[];
}

const JON: SimUser = {
    id: 100001,
    name: 'Jon Doe',
    email: 'jon.doe@example.com',
    starfleetId: 'sf-jon-doe-0001',
    clientId: 'client-jon-doe',
};
const ANN: SimUser = {
    id: 100005,
    name: 'Ann Other',
    email: 'ann.other@example.com',
    starfleetId: 'sf-ann-other-0005',
    clientId: 'client-ann-other',
};

function jonMemberships(withBigorg: boolean): Membership[] {
    const list: Membership[] = [
        { org: 'nvidia', orgRoles: ['REGISTRY_READ'], teams: {} },
        { org: 'acme', orgRoles: ['REGISTRY_READ', 'REGISTRY_USER'], teams: { vision: ['REGISTRY_USER'] } },
    ];
    if (withBigorg) {
        list.push({ org: 'bigorg', orgRoles: ['REGISTRY_READ'], teams: {} });
    }
    return list;
}

/** Builds the key → identity table. `bigorg` memberships exist only when the big org is generated. */
export function buildIdentities(withBigorg: boolean): Map<string, KeyIdentity> {
    const base = { legacy: false, orgName: 'acme', products: ['artifact-catalog', 'private-registry'] };
    const entries: KeyIdentity[] = [
        { ...base, key: SIM_KEYS.personal, type: 'PERSONAL_KEY', user: JON, memberships: jonMemberships(withBigorg) },
        {
            ...base,
            key: SIM_KEYS.entitled,
            type: 'PERSONAL_KEY',
            user: JON,
            memberships: jonMemberships(withBigorg),
            products: [...base.products, 'nv-ai-enterprise'],
        },
        {
            ...base,
            key: SIM_KEYS.service,
            type: 'SERVICE_KEY',
            user: null,
            memberships: [{ org: 'acme', orgRoles: ['REGISTRY_READ'], teams: { vision: ['REGISTRY_READ'] } }],
        },
        {
            ...base,
            key: SIM_KEYS.legacy,
            type: 'PERSONAL_KEY',
            legacy: true,
            user: JON,
            memberships: jonMemberships(withBigorg),
        },
        {
            ...base,
            key: SIM_KEYS.otherOrg,
            type: 'PERSONAL_KEY',
            user: ANN,
            orgName: 'otherorg',
            memberships: [{ org: 'otherorg', orgRoles: ['REGISTRY_READ', 'REGISTRY_USER'], teams: {} }],
        },
    ];
    return new Map(entries.map((e) => [e.key, e]));
}

/** The membership of `identity` in `org`, if any. */
export function membershipOf(identity: KeyIdentity, org: string): Membership | undefined {
    return identity.memberships.find((m) => m.org === org);
}

/** Parses `Authorization: Basic base64("$oauthtoken:KEY")` → KEY; `undefined` if absent or another user name. */
export function basicOAuthKey(authorization: string | undefined): string | undefined {
    const match = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
    if (match?.[1] === undefined) {
        return undefined;
    }
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0 || decoded.slice(0, colon) !== '$oauthtoken') {
        return undefined;
    }
    return decoded.slice(colon + 1);
}

/** The credential of `Authorization: Bearer X`. */
export function bearerOf(authorization: string | undefined): string | undefined {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    return match?.[1];
}
