import type { Identity } from '../../core/catalog/catalogSource';
import { diagnose } from '../../core/diagnose/diagnose';
import { saysNothingOfTheKey } from './keyVerdict';

/**
 * What the stored key's identity lookup says, for the status bar and the view's description. Only NGC refusing the
 * key is "key refused"; a lookup that could not reach NGC (offline, a proxy's page, a 5xx, rate limiting) says
 * nothing about the key, and telling the user it was refused would push them to replace a working one.
 */
export type IdentityState =
    | { kind: 'guest' }
    | { kind: 'signedIn'; identity: Identity }
    | { kind: 'refused'; title: string }
    | { kind: 'unreachable'; title: string };

export function identityStateOf(outcome: { identity: Identity | undefined } | { error: unknown }): IdentityState {
    if ('identity' in outcome) {
        return outcome.identity ? { kind: 'signedIn', identity: outcome.identity } : { kind: 'guest' };
    }
    const d = diagnose(outcome.error);
    return saysNothingOfTheKey(d.cause) ? { kind: 'unreachable', title: d.title } : { kind: 'refused', title: d.title };
}

/** The tree view's description for a state: who is browsing, or why no one is known. */
export function identityDescription(state: IdentityState): string {
    switch (state.kind) {
        case 'guest':
            return 'guest';
        case 'signedIn':
            return state.identity.user?.name ?? `${state.identity.kind} key`;
        case 'refused':
            return 'key refused';
        case 'unreachable':
            return 'NGC not reachable';
    }
}
