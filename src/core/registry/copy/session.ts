import type { Readable } from 'node:stream';
import type { HttpClient, HttpResponse } from '../../http/client';
import { HttpError } from '../../http/errors';
import { nullLog, type Log } from '../../lib/log';
import { registryBaseUrl } from '../../ngc/endpoints';
import { acrAccessToken, ACR_TOKEN_USERNAME } from '../acrAuth';
import { RegistryAuth, type CredentialsProvider } from '../auth';
import { pickChallenge, type Challenge } from '../challenge';

export interface SessionRequest {
    method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    headers?: Record<string, string>;
    body?: Buffer | Readable;
    signal?: AbortSignal;
    /** The token scope this request needs, e.g. `repository:team/app:pull,push`. */
    scope: string;
}

export interface RegistrySessionOptions {
    http: HttpClient;
    /** `host[:port]` of the registry this session talks to. */
    registry: string;
    credentials?: CredentialsProvider;
    log?: Log;
    now?: () => number;
    baseUrl?: (registry: string) => string;
}

/**
 * Authenticated requests of any method to one registry (the mirror target, or the source for the referrers API),
 * for what {@link RegistryClient} does not do: pushes, uploads and arbitrary paths. Credentials are scoped hard:
 * - the provider is asked only for this session's own host, so the NGC key never reaches a mirror and a mirror's
 *   password never reaches NGC;
 * - a Bearer realm on an unrelated host (not the registry's hostname nor a sibling under the same parent domain)
 *   is answered anonymously, so a hostile or misconfigured challenge cannot collect the password;
 * - upload `Location`s on another origin get no `Authorization` (crane's SSRF guard, go-containerregistry
 *   `pkg/v1/remote/write.go`).
 */
export class RegistrySession {
    readonly registry: string;
    readonly base: URL;
    private readonly http: HttpClient;
    private readonly log: Log;
    private readonly trusted: RegistryAuth;
    private readonly anonymous: RegistryAuth;
    private readonly credentials: CredentialsProvider | undefined;
    /** Set once a challenge named a realm we refuse to send the credential to. */
    private untrustedRealm = false;
    /** ACR refresh-token credentials: the Bearer challenge they answer, and access tokens per scope. */
    private acrChallenge: Challenge | undefined;
    private readonly acrTokens = new Map<string, { token: string; refreshAt: number }>();
    private readonly now: () => number;

    constructor(options: RegistrySessionOptions) {
        this.registry = options.registry.toLowerCase();
        this.http = options.http;
        this.log = options.log ?? nullLog;
        this.base = new URL((options.baseUrl ?? registryBaseUrl)(this.registry));
        this.credentials = options.credentials;
        this.now = options.now ?? Date.now;
        const own = this.registry;
        const provider: CredentialsProvider = (host) =>
            host.toLowerCase() === own ? options.credentials?.(host) : undefined;
        this.trusted = new RegistryAuth(options.http, {
            credentials: provider,
            // The target's credential goes to its own host's token service, or one it names (see realmIsRelated).
            realmTrust: (registry, realm, credentials) =>
                realmIsRelated(realm.toString(), registry, credentials.realmHosts ?? []),
            log: this.log,
            now: options.now,
        });
        this.anonymous = new RegistryAuth(options.http, { log: this.log, now: options.now });
    }

    /** True when a credential is configured for this registry. */
    async hasCredential(): Promise<boolean> {
        return (await this.credentials?.(this.registry)) !== undefined;
    }

    /** `/v2/<repository>/<path>` on this registry. */
    url(repository: string, path: string): URL {
        return new URL(`/v2/${repository}/${path}`, this.base);
    }

    /** Resolves an upload `Location` (relative or absolute) against the URL that returned it. */
    resolveLocation(response: HttpResponse): URL {
        const location = response.headers['location'];
        if (!location) {
            throw new HttpError({
                kind: 'format',
                url: response.url,
                status: response.status,
                description: 'the upload response has no Location header',
            });
        }
        return new URL(location, response.url);
    }

    /**
     * Sends `init` to `url` with the authorization known for `scope`; on a 401, answers the challenge and sends once
     * more when the body can be replayed (a Buffer). A 401 to a stream body is returned as is: the caller re-reads
     * its source and calls {@link reauthenticate}.
     */
    async request(url: URL, init: SessionRequest): Promise<HttpResponse> {
        const sameOrigin = url.origin === this.base.origin;
        const replayable = init.body === undefined || Buffer.isBuffer(init.body);
        const send = (authorization: string | undefined) =>
            this.http.send({
                url,
                method: init.method,
                headers: {
                    ...init.headers,
                    ...(authorization && sameOrigin ? { authorization } : {}),
                },
                body: init.body,
                signal: init.signal,
                retry: replayable && (init.method === 'GET' || init.method === 'HEAD'),
                followRedirects: replayable,
            });
        const first = await send(await this.authorizationFor(init.scope, init.signal));
        // A redirect may have ended on another origin: its challenge must not choose where our credential goes.
        const answeredByTarget = new URL(first.url).origin === this.base.origin;
        if (first.status !== 401 || !replayable || !sameOrigin || !answeredByTarget) {
            return first;
        }
        await first.dump();
        const authorization = await this.reauthenticate(first.headers['www-authenticate'], init.scope, init.signal);
        if (authorization === undefined) {
            return send(undefined);
        }
        return send(authorization);
    }

    /** Answers a 401's challenge for `scope`; undefined when it cannot be answered (Basic, no credential). */
    async reauthenticate(header: string | undefined, scope: string, signal?: AbortSignal): Promise<string | undefined> {
        const challenge = pickChallenge(header);
        const realm = challenge?.scheme === 'bearer' ? challenge.params['realm'] : undefined;
        const named = realm === undefined ? [] : ((await this.credentials?.(this.registry))?.realmHosts ?? []);
        if (realm !== undefined && !this.untrustedRealm && !realmIsRelated(realm, this.registry, named)) {
            this.untrustedRealm = true;
            this.log.warn(
                `${this.registry}: its token realm is on another host (${safeHost(realm)}); ` +
                    'the registry credential is not sent there, asking anonymously',
            );
        }
        const refreshToken = await this.acrRefreshToken();
        if (refreshToken !== undefined && realm !== undefined && !this.untrustedRealm && challenge) {
            this.acrChallenge = challenge;
            this.acrTokens.delete(scope);
            return this.acrBearer(refreshToken, scope, signal);
        }
        return this.auth().answerChallenge(this.registry, scope, header, signal);
    }

    private async authorizationFor(scope: string, signal?: AbortSignal): Promise<string | undefined> {
        const refreshToken = this.acrChallenge ? await this.acrRefreshToken() : undefined;
        return refreshToken !== undefined
            ? this.acrBearer(refreshToken, scope, signal)
            : this.auth().authorizationFor(this.registry, scope, signal);
    }

    /** The credential's ACR refresh token, when it is one (the null-GUID username ACR pairs with it). */
    private async acrRefreshToken(): Promise<string | undefined> {
        const credentials = await this.credentials?.(this.registry);
        return credentials?.username === ACR_TOKEN_USERNAME ? credentials.password : undefined;
    }

    /** ACR's refresh-token grant (`POST /oauth2/token`), an access token per scope, cached until near its expiry. */
    private async acrBearer(refreshToken: string, scope: string, signal?: AbortSignal): Promise<string> {
        const cached = this.acrTokens.get(scope);
        if (cached && cached.refreshAt > this.now()) {
            return `Bearer ${cached.token}`;
        }
        const challenge = this.acrChallenge as Challenge;
        const { token, ttlMs } = await acrAccessToken({
            http: this.http,
            registry: this.registry,
            realm: new URL(challenge.params['realm'] ?? ''),
            service: challenge.params['service'] ?? this.registry,
            scope,
            refreshToken,
            signal,
        });
        this.acrTokens.set(scope, { token, refreshAt: this.now() + ttlMs - Math.min(30_000, ttlMs / 10) });
        return `Bearer ${token}`;
    }

    private auth(): RegistryAuth {
        return this.untrustedRealm ? this.anonymous : this.trusted;
    }
}

/**
 * May the registry's credential go to this token realm? Only on the registry's own host name (any port: a token
 * server beside the registry, as Harbor, Artifactory, ACR and a distribution registry with token auth run it) or a
 * host the credential names (`realmHosts`, host or host:port). A sibling in the same domain is not enough: for
 * `*.amazonaws.com`, `*.azurecr.io` or `co.uk` the parent domain belongs to many owners.
 */
export function realmIsRelated(realm: string, registry: string, realmHosts: readonly string[] = []): boolean {
    let url: URL;
    try {
        url = new URL(realm);
    } catch {
        return false;
    }
    const realmHost = url.hostname.toLowerCase();
    if (realmHost === hostnameOf(registry)) {
        return true;
    }
    return realmHosts.some((entry) => {
        const wanted = entry.trim().toLowerCase();
        return wanted !== '' && (wanted === url.host.toLowerCase() || wanted === realmHost);
    });
}

function hostnameOf(registry: string): string {
    try {
        return new URL(`http://${registry}`).hostname.toLowerCase();
    } catch {
        return registry.toLowerCase();
    }
}

function safeHost(url: string): string {
    try {
        return new URL(url).host;
    } catch {
        return '(invalid URL)';
    }
}
