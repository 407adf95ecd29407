import { z } from 'zod';
import type { HttpClient } from '../http/client';
import { isLoopbackHost } from '../http/credentials';
import { HttpError } from '../http/errors';
import { redactor } from '../lib/log';
import type { RegistryCredentials } from './auth';

/** The username ACR pairs with a refresh token (what `az acr login --expose-token` tells `docker login` to use). */
export const ACR_TOKEN_USERNAME = '00000000-0000-0000-0000-000000000000';

const AAD_ISSUER = /^https:\/\/(?:sts\.windows\.net|login\.microsoftonline\.com)\//;
const REFRESH_DEFAULT_MS = 3 * 3600_000;

/** The claims of a JWT, unverified (only to route it and read its expiry); undefined when not a JWT. */
function jwtClaims(token: string): Record<string, unknown> | undefined {
    const body = token.split('.')[1];
    if (token.split('.').length !== 3 || !body) {
        return undefined;
    }
    try {
        const claims: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
        return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : undefined;
    } catch {
        return undefined;
    }
}

/** Milliseconds since the epoch at which a JWT expires, from its `exp`; undefined when it has none. */
export function jwtExpiry(token: string): number | undefined {
    const exp = jwtClaims(token)?.['exp'];
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
}

/**
 * True for an Azure AD (Entra ID) access token (`az account get-access-token`): a JWT issued by
 * `sts.windows.net` or `login.microsoftonline.com`. ACR does not take those as a password; they are exchanged first.
 * An ACR refresh token (issuer `Azure Container Registry`) is used as it is.
 */
export function isAadAccessToken(token: string): boolean {
    const iss = jwtClaims(token)?.['iss'];
    return typeof iss === 'string' && AAD_ISSUER.test(iss);
}

const exchangeSchema = z.object({ refresh_token: z.string().min(1) });
const accessSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().positive().optional() });

export interface AcrExchangeOptions {
    http: HttpClient;
    /** The registry's `host[:port]`: ACR's `service`. */
    registry: string;
    accessToken: string;
    /** Origin of ACR's OAuth endpoints; default `https://<registry>` (the simulator stands in here). */
    endpoint?: string;
    now?: () => number;
    signal?: AbortSignal;
}

/**
 * ACR's AAD exchange (azure.github.io/acr/AAD-OAuth.html): `POST /oauth2/exchange` with
 * `grant_type=access_token&service&tenant&access_token` gives an ACR refresh token (3 hours), which then goes to
 * `/oauth2/token` with the null-GUID username. Returns that pair and when to exchange again.
 */
export async function acrExchange(
    options: AcrExchangeOptions,
): Promise<{ credentials: RegistryCredentials; expiresAt: number }> {
    const now = options.now ?? Date.now;
    const url = new URL('/oauth2/exchange', options.endpoint ?? `https://${options.registry}`);
    refusePlainHttp(url, options.registry);
    const form = new URLSearchParams({
        grant_type: 'access_token',
        service: options.registry,
        access_token: options.accessToken,
    });
    const tenant = jwtClaims(options.accessToken)?.['tid'];
    if (typeof tenant === 'string') {
        form.set('tenant', tenant);
    }
    const answer = await options.http.json(
        {
            url,
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: form.toString(),
            signal: options.signal,
        },
        exchangeSchema,
    );
    redactor.add(answer.refresh_token);
    const expiresAt = jwtExpiry(answer.refresh_token) ?? now() + REFRESH_DEFAULT_MS;
    return { credentials: { username: ACR_TOKEN_USERNAME, password: answer.refresh_token }, expiresAt };
}

export interface AcrAccessTokenOptions {
    http: HttpClient;
    registry: string;
    /** The challenge's realm (`https://<registry>/oauth2/token`) and service. */
    realm: URL;
    service: string;
    scope: string;
    refreshToken: string;
    signal?: AbortSignal;
}

/**
 * An ACR access token for `scope` from a refresh token: `POST <realm>` with
 * `grant_type=refresh_token&service&scope&refresh_token` (the OAuth2 form docker uses for an `identitytoken`).
 * Returns the token and how long it may be used (its JWT `exp`, else `expires_in`, else 60 s).
 */
export async function acrAccessToken(options: AcrAccessTokenOptions): Promise<{ token: string; ttlMs: number }> {
    refusePlainHttp(options.realm, options.registry);
    const form = new URLSearchParams({
        grant_type: 'refresh_token',
        service: options.service,
        scope: options.scope,
        refresh_token: options.refreshToken,
    });
    const answer = await options.http.json(
        {
            url: options.realm,
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: form.toString(),
            signal: options.signal,
        },
        accessSchema,
    );
    redactor.add(answer.access_token);
    const exp = jwtExpiry(answer.access_token);
    const ttlMs = exp !== undefined ? exp - Date.now() : (answer.expires_in ?? 60) * 1000;
    return { token: answer.access_token, ttlMs: Math.max(ttlMs, 0) };
}

function refusePlainHttp(url: URL, registry: string): void {
    if (url.protocol !== 'https:' && !isLoopbackHost(url.hostname)) {
        throw new HttpError({
            kind: 'format',
            url: url.toString(),
            description: `refusing to send the ACR token for ${registry} over plain HTTP`,
        });
    }
}
