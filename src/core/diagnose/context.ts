import { dropUndefined } from '../lib/object';

/**
 * What a failure happened in: who was asking (key kind, the orgs/teams the key belongs to) and for what. The NGC
 * client attaches this to the errors it throws, so `diagnose()` can tell "wrong org" from "invalid key" even when the
 * caller (the CLI's error handler, a tree node) knows nothing about the request.
 */
export interface DiagnoseContext {
    keyKind?: 'none' | 'personal' | 'service' | 'legacy' | 'nvapi';
    /** Orgs the key is a member of, from caller info. */
    keyOrgs?: string[];
    /** `org/team` pairs the key is a member of, from caller info. */
    keyTeams?: string[];
    org?: string;
    team?: string;
    /** `org/[team/]name[:version]` or an image reference, for messages. */
    artifact?: string;
    operation?: 'list' | 'read' | 'download' | 'pull' | 'search';
    /** Entitlements the artifact requires (its `productNames`), when known. */
    productNames?: string[];
}

const attached = new WeakMap<object, DiagnoseContext>();

/** Remembers `ctx` for `error` (merged over anything attached before); returns the error for `throw attach(...)`. */
export function attachContext<E>(error: E, ctx: DiagnoseContext): E {
    if (error && typeof error === 'object') {
        attached.set(error, { ...dropUndefined(ctx), ...dropUndefined(attached.get(error) ?? {}) });
    }
    return error;
}

/** The context attached to `error`, if any. */
export function contextOf(error: unknown): DiagnoseContext | undefined {
    return error && typeof error === 'object' ? attached.get(error) : undefined;
}
