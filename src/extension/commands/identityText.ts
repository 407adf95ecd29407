import type { Identity } from '../../core/catalog/catalogSource';

const KIND = { personal: 'personal key', service: 'service key', legacy: 'legacy key' } as const;

/** Lines for the identity quick pick; the first one is the summary the status bar and messages use. */
export function describeIdentity(identity: Identity): { label: string; description?: string }[] {
    const who =
        identity.user?.name ??
        identity.user?.email ??
        (identity.kind === 'service' ? 'service account' : 'unknown user');
    const lines: { label: string; description?: string }[] = [
        {
            label: who,
            description: `${KIND[identity.kind]} · ${identity.orgs.length} org${identity.orgs.length === 1 ? '' : 's'}`,
        },
    ];
    for (const role of identity.roles) {
        lines.push({
            label: `$(organization) ${role.team ? `${role.org}/${role.team}` : role.org}`,
            description: role.roles.join(', '),
        });
    }
    for (const org of identity.orgs.filter((o) => !identity.roles.some((r) => r.org === o))) {
        lines.push({ label: `$(organization) ${org}` });
    }
    if (identity.products.length > 0) {
        lines.push({ label: '$(verified) entitlements', description: identity.products.join(', ') });
    }
    return lines;
}
