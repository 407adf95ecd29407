import type { z } from 'zod';
import type { HttpClient } from '../http/client';
import { HttpError } from '../http/errors';
import { nullLog, redactor, tagged, type Log } from '../lib/log';
import { attachContext, type DiagnoseContext } from '../diagnose/context';
import type { CredentialsProvider } from '../registry/auth';
import { seg } from './artifactRef';
import { classifyKey, LegacyTokens, oauthBasic, type KeyClass, type TokenScope } from './auth';
import type { NgcEndpoints, NgcEnvironment } from './endpoints';
import { identityFromCallerInfo, identityFromUser, type KeyIdentity } from './identity';
import { callerInfoSchema, usersMeSchema } from './schemas/user';

/** Defined with the references it encodes (a module free of zod and HTTP); exported here as before. */
export { seg };

export interface NgcClientOptions {
    http: HttpClient;
    endpoints: NgcEndpoints;
    /** Absent: guest access to the public catalog. */
    apiKey?: string;
    /** Default org/team (NGC_ORG / NGC_TEAM) for calls that do not name one. */
    org?: string;
    team?: string;
    log?: Log;
    /** Milliseconds; tests inject a clock to drive legacy token renewal. */
    now?: () => number;
}

export type QueryValue = string | number | boolean | undefined;

export interface NgcRequestOptions {
    query?: Record<string, QueryValue>;
    signal?: AbortSignal;
    /** The org/team the path belongs to: picks the legacy token scope and feeds diagnosis. */
    org?: string;
    team?: string;
    /** For diagnosis: a 403 on a list means something else than a 403 on one artifact. */
    operation?: DiagnoseContext['operation'];
    artifact?: string;
    /** False for the identity lookup's own requests, so a failing lookup does not look itself up. */
    identityLookup?: boolean;
}

/**
 * The NGC REST client: builds URLs under `apiUrl`, adds the right `Authorization` for the key kind (an `nvapi-` key
 * directly, a legacy key through a cached authn token refreshed once on 401; nothing for guests), validates every
 * body with a zod schema, and attaches a diagnosis context (key kind, the key's orgs, org/team, operation) to
 * every failure. A 403 is never retried.
 *
 * It is the only holder of the API key: callers that need NGC credentials elsewhere (the registry, the helm
 * repository, Docker's `X-Registry-Auth`) ask it for them ({@link registryCredentials}, {@link helmAuthHeaders}); the key
 * itself never comes back out.
 */
export class NgcClient {
    readonly endpoints: NgcEndpoints;
    readonly org: string | undefined;
    readonly team: string | undefined;
    /** `undefined` for a guest. */
    readonly keyClass: KeyClass | undefined;
    private readonly http: HttpClient;
    private readonly apiKey: string | undefined;
    private readonly tokens: LegacyTokens | undefined;
    private readonly log: Log;
    private identityPromise: Promise<KeyIdentity> | undefined;

    constructor(options: NgcClientOptions) {
        this.http = options.http;
        this.endpoints = options.endpoints;
        this.apiKey = options.apiKey?.trim() || undefined;
        this.org = options.org || undefined;
        this.team = options.team || undefined;
        this.log = tagged(options.log ?? nullLog, 'ngc');
        this.keyClass = this.apiKey ? classifyKey(this.apiKey) : undefined;
        redactor.add(this.apiKey);
        this.tokens =
            this.apiKey && this.keyClass === 'legacy'
                ? new LegacyTokens({
                      http: this.http,
                      authUrl: this.endpoints.authUrl,
                      apiKey: this.apiKey,
                      log: this.log,
                      now: options.now,
                  })
                : undefined;
    }

    /** Builds a client from the CLI's environment (NGC_API_URL, NGC_API_KEY, NGC_ORG, ...). */
    static fromEnvironment(env: NgcEnvironment, http: HttpClient, log?: Log): NgcClient {
        return new NgcClient({ http, endpoints: env.endpoints, apiKey: env.apiKey, org: env.org, team: env.team, log });
    }

    /** True when a key is configured (authenticated paths); false for guest access. */
    get hasKey(): boolean {
        return this.apiKey !== undefined;
    }

    /**
     * The key's kind as far as its form tells, for diagnosis without a lookup: `none` for a guest, `legacy`, or
     * `nvapi` (personal or service: {@link identity} tells which).
     */
    get keyKind(): 'none' | 'legacy' | 'nvapi' {
        return this.keyClass ?? 'none';
    }

    /**
     * Credentials for the NGC registry (`$oauthtoken` + the key, ngc-api.md §9.1; nothing for a guest); any other
     * registry goes to `others` (anonymous when absent), so the NGC key never leaves for a mirror.
     */
    registryCredentials(others?: CredentialsProvider): CredentialsProvider {
        const host = this.endpoints.registry.toLowerCase();
        // Token services that may receive credentials besides the registry's own host: for the NGC key the auth
        // host and the user's trusted realms; for other registries the trusted realms only (RegistryAuth checks).
        const trusted = this.endpoints.trustedRealmHosts ?? [];
        const ngcRealms = [hostOf(this.endpoints.authUrl), ...trusted].filter((h): h is string => h !== undefined);
        return async (registry) => {
            if (registry.toLowerCase() === host) {
                return this.apiKey
                    ? { username: '$oauthtoken', password: this.apiKey, realmHosts: ngcRealms }
                    : undefined;
            }
            const credentials = await others?.(registry);
            return credentials
                ? { ...credentials, realmHosts: [...(credentials.realmHosts ?? []), ...trusted] }
                : undefined;
        };
    }

    /**
     * `Authorization` for the helm repository (`helmUrl`): Basic `$oauthtoken:KEY` like `helm repo add --username
     * '$oauthtoken'`, whatever the key's form; none for a guest. Only for requests to `helmUrl` itself.
     */
    helmAuthHeaders(): Record<string, string> {
        return this.apiKey ? { authorization: oauthBasic(this.apiKey) } : {};
    }

    /** The HTTP client underneath, for callers that stream (file downloads). */
    get httpClient(): HttpClient {
        return this.http;
    }

    /**
     * Headers that authenticate a request to the NGC API for `scope` (the client's default org/team when omitted):
     * `Bearer nvapi-…`, `Bearer <token>` for a legacy key, or none for a guest. Never send these to a presigned host.
     */
    async authHeaders(scope?: TokenScope & { signal?: AbortSignal }): Promise<Record<string, string>> {
        if (!this.apiKey) {
            return {};
        }
        if (!this.tokens) {
            return { authorization: `Bearer ${this.apiKey}` };
        }
        const token = await this.tokens.token(this.scopeFor(scope), scope?.signal);
        return { authorization: `Bearer ${token}` };
    }

    /** `apiUrl` + `path` + query (undefined values dropped). `path` must start with `/` and be encoded already. */
    url(path: string, query?: Record<string, QueryValue>): string {
        const params = new URLSearchParams();
        for (const [name, value] of Object.entries(query ?? {})) {
            if (value !== undefined) {
                params.set(name, String(value));
            }
        }
        const qs = params.toString();
        return `${this.endpoints.apiUrl}${path}${qs ? `?${qs}` : ''}`;
    }

    /** An authenticated (or guest) GET whose JSON body is validated with `schema`. */
    async getJson<S extends z.ZodType>(path: string, schema: S, options: NgcRequestOptions = {}): Promise<z.infer<S>> {
        return this.withAuthRetry(options, (headers) =>
            this.http.json({ url: this.url(path, options.query), headers, signal: options.signal }, schema),
        );
    }

    /** A form POST (caller info) validated with `schema`; idempotent, so it may be retried like a GET. */
    async postForm<S extends z.ZodType>(
        path: string,
        form: Record<string, string>,
        schema: S,
        options: NgcRequestOptions & { authenticate?: boolean } = {},
    ): Promise<z.infer<S>> {
        const body = new URLSearchParams(form).toString();
        const send = (headers: Record<string, string>) =>
            this.http.json(
                {
                    url: this.url(path, options.query),
                    method: 'POST',
                    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
                    body,
                    retry: true,
                    followRedirects: false,
                    signal: options.signal,
                },
                schema,
            );
        if (options.authenticate === false) {
            return this.annotate(options, () => send({}));
        }
        return this.withAuthRetry(options, send);
    }

    /**
     * Who the key belongs to, fetched once and cached; rejects for a guest. `nvapi-` keys through caller info
     * (`POST /v3/keys/get-caller-info` with `credentials=<key>`, ngc-api.md 2.3, which says personal or service),
     * legacy keys through `/v2/users/me` with an exchanged token (ngcsdk calls caller info only for `nvapi-` keys).
     */
    identity(signal?: AbortSignal): Promise<KeyIdentity> {
        if (!this.apiKey || !this.keyClass) {
            return Promise.reject(new Error('no API key is set: browsing as guest'));
        }
        if (!this.identityPromise) {
            this.identityPromise = this.lookUpIdentity(this.apiKey, this.keyClass, signal);
            this.identityPromise.catch(() => {
                this.identityPromise = undefined;
            });
        }
        return this.identityPromise;
    }

    private async lookUpIdentity(key: string, keyClass: KeyClass, signal?: AbortSignal): Promise<KeyIdentity> {
        const options = { signal, operation: 'read', identityLookup: false } as const;
        if (keyClass === 'legacy') {
            return identityFromUser(await this.getJson('/v2/users/me', usersMeSchema, options));
        }
        // ngcsdk calls this an open endpoint and sends no Authorization; ODH sends one as well. Any 4xx means the
        // key is invalid (the HttpError carries the status).
        const info = await this.postForm('/v3/keys/get-caller-info', { credentials: key }, callerInfoSchema, options);
        return identityFromCallerInfo(info, keyClass);
    }

    /** Runs `send`; on a 401 with a legacy token, drops that token and tries exactly once more. */
    private async withAuthRetry<T>(
        options: NgcRequestOptions,
        send: (headers: Record<string, string>) => Promise<T>,
    ): Promise<T> {
        return this.annotate(options, async () => {
            const scope = this.scopeFor(options);
            try {
                return await send(await this.authHeaders({ ...scope, signal: options.signal }));
            } catch (error) {
                if (!this.tokens || !HttpError.is(error, 401)) {
                    throw error;
                }
                this.log.debug('the API rejected the legacy token (401); exchanging the key again once');
                this.tokens.invalidate(scope);
                return send(await this.authHeaders({ ...scope, signal: options.signal }));
            }
        });
    }

    /**
     * Attaches a diagnosis context to any failure of `work`. For a 401/403 it first looks up who the key is (cached;
     * one extra request at most), so diagnosis can tell a personal key outside its orgs or a service key listing.
     */
    private async annotate<T>(options: NgcRequestOptions, work: () => Promise<T>): Promise<T> {
        try {
            return await work();
        } catch (error) {
            const scope = this.scopeFor(options);
            let identity: KeyIdentity | undefined;
            const authFailure = HttpError.is(error, 401) || HttpError.is(error, 403);
            if (this.apiKey && authFailure && options.identityLookup !== false) {
                identity = await this.identity(options.signal).catch(() => undefined);
            }
            throw attachContext(error, {
                keyKind: identity?.kind ?? this.keyKind,
                keyOrgs: identity?.orgs,
                keyTeams: identity?.teams,
                org: scope.org,
                team: scope.team,
                operation: options.operation,
                artifact: options.artifact,
            });
        }
    }

    private scopeFor(options?: { org?: string; team?: string }): TokenScope {
        if (options?.org) {
            return { org: options.org, team: options.team };
        }
        return { org: this.org, team: this.team };
    }
}

function hostOf(url: string): string | undefined {
    try {
        return new URL(url).host;
    } catch {
        return undefined;
    }
}

/** Encodes a `/`-separated file path segment by segment. */
export function encodePath(path: string): string {
    return path.split('/').map(seg).join('/');
}
