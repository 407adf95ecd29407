import type { Identity } from '../../core/catalog/catalogSource';
import { diagnose, type Cause } from '../../core/diagnose/diagnose';

/** Why a candidate key is not stored. */
export type KeyRefusal = 'refused' | 'notAKey' | 'wrongOrg' | 'unreachable' | 'failed';

export type KeyVerdict =
    | { ok: true; identity: Identity; note?: string }
    | { ok: false; reason: KeyRefusal; title: string; detail: string; keyOrgs?: string[] };

/** What the check of a candidate key found: who it is, or the failure of the lookup. */
export type KeyCheckOutcome = { identity: Identity } | { error: unknown };

/**
 * Judges a candidate key before it replaces the stored one. NGC's caller info answers 401 alike for a mistyped,
 * expired or revoked `nvapi-` key (it cannot tell which), and a key without the `nvapi-` prefix is tried as a legacy
 * key at the token service, which refuses anything it does not know (`hello` included). A valid key that does not
 * belong to the org chosen in settings (`ngc.org`) would only show 401s there, so it is not taken silently either.
 * A lookup that could not reach NGC proves nothing: the caller may offer to save it unchecked.
 */
export function judgeKey(key: string, configuredOrg: string | undefined, outcome: KeyCheckOutcome): KeyVerdict {
    const nvapi = key.trim().startsWith('nvapi-');
    if ('identity' in outcome) {
        const { identity } = outcome;
        if (configuredOrg && !identity.orgs.includes(configuredOrg)) {
            return {
                ok: false,
                reason: 'wrongOrg',
                title: `This ${kindWord(identity)} is not for org "${configuredOrg}"`,
                detail: `It belongs to ${listOrgs(identity.orgs)}, and the org chosen in settings is "${configuredOrg}".`,
                keyOrgs: identity.orgs,
            };
        }
        return identity.kind === 'service'
            ? {
                  ok: true,
                  identity,
                  note: 'A service key opens artifacts by their full name; browsing lists needs a personal key.',
              }
            : { ok: true, identity };
    }
    const d = diagnose(outcome.error);
    if (d.cause === 'invalidKey' || d.cause === 'noKey' || d.cause === 'wrongOrg' || d.cause === 'notFound') {
        return nvapi
            ? {
                  ok: false,
                  reason: 'refused',
                  title: 'NGC refused this key',
                  detail: 'It is mistyped, expired or revoked (NGC does not say which).',
              }
            : {
                  ok: false,
                  reason: 'notAKey',
                  title: 'This is not a key NGC accepts',
                  detail: 'Keys created today start with "nvapi-"; this one does not, and NGC refused it as a legacy key.',
              };
    }
    if (saysNothingOfTheKey(d.cause)) {
        return {
            ok: false,
            reason: 'unreachable',
            title: 'Could not check the key',
            detail: `${d.title}: ${d.remedy}`,
        };
    }
    return { ok: false, reason: 'failed', title: 'Could not check the key', detail: d.title };
}

/**
 * A failed lookup of who a key is that proves nothing about the key: NGC could not be reached, failed itself,
 * rate-limited the call, or something else answered. The key check offers to save it anyway; the status bar keeps it.
 */
export function saysNothingOfTheKey(cause: Cause): boolean {
    return cause === 'network' || cause === 'server' || cause === 'rateLimited' || cause === 'badResponse';
}

function kindWord(identity: Identity): string {
    return { personal: 'personal key', service: 'service key', legacy: 'legacy key' }[identity.kind];
}

function listOrgs(orgs: string[]): string {
    return orgs.length === 0 ? 'no org' : orgs.map((o) => `"${o}"`).join(', ');
}
