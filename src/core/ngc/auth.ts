import type { HttpClient } from '../http/client';
import { SharedFlights } from '../lib/abort';
import { nullLog, redactor, type Log } from '../lib/log';
import { tokenResponseSchema } from './schemas/token';

/**
 * Key handling (ngc-api.md 2.1-2.2). `nvapi-` keys (personal and service alike) are sent directly as `Bearer`;
 * legacy keys (no prefix) must first be exchanged at authn for a short-lived token scoped to an org/team.
 */
export type KeyClass = 'nvapi' | 'legacy';

/** What a key is once caller info has been read: service keys are `nvapi-` keys that report `SERVICE_KEY`. */
export type KeyKind = 'personal' | 'service' | 'legacy';

/** Seconds before expiry at which a cached token is renewed (ngcsdk `RENEW_TOKEN_BEFORE_EXPIRATION`). */
export const RENEW_BEFORE_EXPIRY_SECONDS = 300;

/** `nvapi-` prefix → direct bearer; anything else is a legacy key that needs the token exchange. */
export function classifyKey(key: string): KeyClass {
    return key.trim().startsWith('nvapi-') ? 'nvapi' : 'legacy';
}

/** The org/team a legacy token is minted for; both empty means an unscoped token. */
export interface TokenScope {
    org?: string;
    team?: string;
}

/**
 * The authn exchange URL: `scope` is repeated, one per scope, and the team scope appears only with a team (ngcsdk
 * `_construct_token_url`). With no org the URL ends in `service=ngc`, which authn accepts.
 */
export function tokenUrl(authUrl: string, scope: TokenScope): string {
    const params = ['service=ngc'];
    if (scope.org) {
        params.push(`scope=${encodeURIComponent(`group/ngc:${scope.org}`)}`);
        if (scope.team) {
            params.push(`scope=${encodeURIComponent(`group/ngc:${scope.org}/${scope.team}`)}`);
        }
    }
    return `${authUrl.replace(/\/+$/, '')}/token?${params.join('&')}`;
}

/** `Authorization: Basic base64("$oauthtoken:KEY")`, the user name being the literal `$oauthtoken`. */
export function oauthBasic(key: string): string {
    return `Basic ${Buffer.from(`$oauthtoken:${key}`).toString('base64')}`;
}

interface CachedToken {
    token: string;
    /** Milliseconds on the injected clock. */
    expiresAt: number;
    renewAt: number;
}

export interface LegacyTokensOptions {
    http: HttpClient;
    authUrl: string;
    apiKey: string;
    log?: Log;
    /** Milliseconds, `Date.now` by default; tests inject a clock. */
    now?: () => number;
}

/**
 * Exchanges a legacy key for tokens and caches one per org/team scope. A token is renewed once 300 s or less remain
 * (for tokens that live under 10 minutes, at half their life), and dropped on demand after an API 401 so the caller
 * can retry once. Concurrent requests for the same scope share one exchange, which only stops when every caller
 * waiting on it has cancelled.
 */
export class LegacyTokens {
    private readonly cache = new Map<string, CachedToken>();
    /** One exchange per scope at a time; a caller that cancels leaves it without cancelling the others. */
    private readonly pending = new SharedFlights<string>();
    private readonly log: Log;
    private readonly now: () => number;

    constructor(private readonly options: LegacyTokensOptions) {
        this.log = options.log ?? nullLog;
        this.now = options.now ?? Date.now;
        redactor.add(options.apiKey);
    }

    /** A valid token for `scope`, from the cache or a fresh exchange. */
    async token(scope: TokenScope, signal?: AbortSignal): Promise<string> {
        const id = scopeId(scope);
        const cached = this.cache.get(id);
        if (cached && this.now() < cached.renewAt) {
            return cached.token;
        }
        return this.pending.run(id, signal, (shared) => this.exchange(scope, shared));
    }

    /** Forgets the token of `scope` (after the API rejected it with 401). */
    invalidate(scope: TokenScope): void {
        this.cache.delete(scopeId(scope));
    }

    private async exchange(scope: TokenScope, signal?: AbortSignal): Promise<string> {
        const url = tokenUrl(this.options.authUrl, scope);
        this.log.debug(`exchanging the legacy key for a token (scope ${scopeId(scope) || 'none'})`);
        const body = await this.options.http.json(
            { url, headers: { authorization: oauthBasic(this.options.apiKey) }, signal },
            tokenResponseSchema,
        );
        const token = (body.token ?? body.access_token) as string;
        redactor.add(token);
        // No `expires_in`: assume five minutes, ngcsdk's own cap on a cached token (TOKEN_EXPIRATION_TIME).
        const ttlMs = body.expires_in && body.expires_in > 0 ? body.expires_in * 1000 : DEFAULT_TTL_MS;
        const issued = this.now();
        const margin = Math.min(RENEW_BEFORE_EXPIRY_SECONDS * 1000, ttlMs / 2);
        this.cache.set(scopeId(scope), { token, expiresAt: issued + ttlMs, renewAt: issued + ttlMs - margin });
        return token;
    }
}

const DEFAULT_TTL_MS = 300_000;

function scopeId(scope: TokenScope): string {
    return scope.org ? (scope.team ? `${scope.org}/${scope.team}` : scope.org) : '';
}
