import type { HttpClient } from '../http/client';
import { parseJsonBody, readErrorDetails } from '../http/body';
import { isLoopbackHost } from '../http/credentials';
import { HttpError, safeUrl } from '../http/errors';
import { attachContext } from '../diagnose/context';
import { SharedFlights } from '../lib/abort';
import { nullLog, redactor, type Log } from '../lib/log';
import { pickChallenge, type Challenge } from './challenge';
import { realmTrusted } from './realmTrust';
import { tokenResponseSchema } from './manifests';

/** A username and password for one registry (htpasswd, Harbor robot account, `$oauthtoken` + API key, …). */
export interface RegistryCredentials {
    username: string;
    password: string;
    /**
     * Token-service hosts (`host` or `host:port`) besides the registry itself that may receive these credentials
     * when a challenge names them as its realm (for the NGC key: the configured auth host and NGC_TRUSTED_REALMS).
     */
    realmHosts?: readonly string[];
}

/** Returns the credentials to use for `registry` (`host[:port]`), or undefined to pull anonymously. */
export type CredentialsProvider = (
    registry: string,
) => RegistryCredentials | undefined | Promise<RegistryCredentials | undefined>;

export interface RegistryAuthOptions {
    credentials?: CredentialsProvider;
    /**
     * Which token realms may receive a registry's credentials, when the caller has its own rule (the mirror's target
     * session trusts realms in the registry's own domain). Default: {@link realmTrusted} with the credentials'
     * `realmHosts`.
     */
    realmTrust?: (registry: string, realm: URL, credentials: RegistryCredentials) => boolean;
    log?: Log;
    /** Clock for token expiry (tests). */
    now?: () => number;
}

interface CachedToken {
    token: string;
    /** Time after which the token is not used any more (a margin before the server's expiry). */
    refreshAt: number;
}

/** Counters the benchmark and tests read. */
export interface RegistryAuthStats {
    tokenRequests: number;
}

/**
 * Registry authentication: remembers the latest challenge per registry, fetches Bearer tokens from the realm it
 * names (anonymous, or Basic with the registry's credentials), and caches them per (realm, service, scope) until
 * shortly before `expires_in`. Because nvcr.io changes its realm once a token expires, the cache never outlives a
 * 401: {@link answerChallenge} forgets the failed token and reads the realm again.
 */
export class RegistryAuth {
    private readonly challenges = new Map<string, Challenge>();
    private readonly tokens = new Map<string, CachedToken>();
    /** One token request per key at a time; a caller that cancels leaves it without cancelling the others. */
    private readonly inflight = new SharedFlights<string>();
    private readonly log: Log;
    private readonly now: () => number;
    readonly stats: RegistryAuthStats = { tokenRequests: 0 };

    constructor(
        private readonly http: HttpClient,
        private readonly options: RegistryAuthOptions = {},
    ) {
        this.log = options.log ?? nullLog;
        this.now = options.now ?? Date.now;
    }

    /**
     * The `Authorization` value to send before any 401, from the challenge seen last for this registry: saves the
     * anonymous probe on every repository after the first. Undefined when nothing is known yet.
     */
    async authorizationFor(registry: string, scope: string, signal?: AbortSignal): Promise<string | undefined> {
        const challenge = this.challenges.get(registry);
        return challenge ? this.answer(registry, scope, challenge, signal) : undefined;
    }

    /**
     * Answers a 401: parses its `WWW-Authenticate` (the realm may differ from the last one), drops the token that
     * was just refused, and returns a fresh `Authorization` value, or undefined when the challenge cannot be met
     * (no challenge at all, or Basic without credentials).
     */
    async answerChallenge(
        registry: string,
        scope: string,
        header: string | undefined,
        signal?: AbortSignal,
    ): Promise<string | undefined> {
        const challenge = pickChallenge(header);
        if (!challenge) {
            this.log.debug(`${registry}: 401 without a usable challenge (${header ?? 'no WWW-Authenticate'})`);
            return undefined;
        }
        const previous = this.challenges.get(registry);
        if (previous) {
            this.tokens.delete(tokenKey(previous, scope));
            if (previous.params['realm'] !== challenge.params['realm']) {
                this.log.debug(
                    `${registry}: realm changed from ${previous.params['realm']} to ${challenge.params['realm']}`,
                );
            }
        }
        this.tokens.delete(tokenKey(challenge, scope));
        this.challenges.set(registry, challenge);
        return this.answer(registry, scope, challenge, signal);
    }

    private async answer(
        registry: string,
        scope: string,
        challenge: Challenge,
        signal?: AbortSignal,
    ): Promise<string | undefined> {
        const credentials = await this.options.credentials?.(registry);
        if (credentials) {
            redactor.add(credentials.password);
        }
        if (challenge.scheme === 'basic') {
            return credentials ? `Basic ${basic(credentials)}` : undefined;
        }
        const key = tokenKey(challenge, scope);
        const cached = this.tokens.get(key);
        if (cached && cached.refreshAt > this.now()) {
            return `Bearer ${cached.token}`;
        }
        const token = await this.inflight.run(key, signal, (shared) =>
            this.fetchToken(registry, scope, challenge, credentials, shared),
        );
        return `Bearer ${token}`;
    }

    /** An anonymous token from a realm the credentials may not go to; a refusal names the host and the way out. */
    private async fetchUntrustedRealm(
        registry: string,
        scope: string,
        challenge: Challenge,
        realm: URL,
        signal?: AbortSignal,
    ): Promise<string> {
        try {
            return await this.fetchToken(registry, scope, challenge, undefined, signal);
        } catch (error) {
            if (!HttpError.is(error, 401) && !HttpError.is(error, 403)) {
                throw error;
            }
            throw new HttpError({
                kind: 'status',
                status: error.status,
                url: realm.toString(),
                code: 'UNTRUSTED_REALM',
                description: `untrusted token service ${realm.host}`,
                message:
                    `${registry} sent us to the token service at ${realm.host} for ${scope.split(':')[1] ?? scope}; ` +
                    `that host is neither the registry nor the configured auth host, so the key was not sent there, ` +
                    `and it refused an anonymous token. If ${realm.host} is your mirror's token service, add it to ` +
                    'NGC_TRUSTED_REALMS (the ngc.trustedRealmHosts setting in the editor).',
            });
        }
    }

    private async fetchToken(
        registry: string,
        scope: string,
        challenge: Challenge,
        credentials: RegistryCredentials | undefined,
        signal?: AbortSignal,
    ): Promise<string> {
        const realm = challenge.params['realm'] ?? '';
        let url: URL;
        try {
            url = new URL(realm);
        } catch {
            throw new HttpError({
                kind: 'format',
                url: `http://${registry}/v2/`,
                description: `the registry's challenge names an invalid realm "${realm}"`,
            });
        }
        const trust =
            this.options.realmTrust ??
            ((host: string, realmUrl: URL, c: RegistryCredentials) => realmTrusted(host, realmUrl, c.realmHosts ?? []));
        if (credentials && !trust(registry, url, credentials)) {
            // containerd CVE-2020-15157's class: a registry (or whoever answers for it) naming a token service on
            // another host must not receive the key. Ask that host anonymously; public images still work.
            this.log.warn(
                `${registry} named a token service on ${url.host}, which is not trusted with its credentials: ` +
                    'asking it for an anonymous token instead',
            );
            return this.fetchUntrustedRealm(registry, scope, challenge, url, signal);
        }
        if (credentials && url.protocol !== 'https:' && !isLoopbackHost(url.hostname)) {
            throw new HttpError({
                kind: 'format',
                url: url.toString(),
                description: `refusing to send credentials for ${registry} to a plain-HTTP token realm`,
            });
        }
        // nvcr.io's first challenge has no `service` (and `scope=""`): send only what we know.
        const service = challenge.params['service'];
        if (service) {
            url.searchParams.set('service', service);
        }
        url.searchParams.set('scope', scope);
        if (credentials) {
            url.searchParams.set('account', credentials.username);
        }
        const headers: Record<string, string> = { accept: 'application/json' };
        if (credentials) {
            headers['authorization'] = `Basic ${basic(credentials)}`;
        }
        this.stats.tokenRequests++;
        const started = this.now();
        // Under the API deadline like every other API call: a token service that never finishes must not hang a pull.
        const body = await this.http.withDeadline({ url, headers, signal }, async (bounded) => {
            const response = await this.http.send(bounded);
            if (response.status < 200 || response.status >= 300) {
                throw await tokenRefused(response, registry, scope, credentials !== undefined);
            }
            return parseJsonBody(response, tokenResponseSchema, 'GET');
        });
        const token = (body.token ?? body.access_token) as string;
        redactor.add(token);
        const ttlMs = (body.expires_in ?? 60) * 1000;
        this.tokens.set(tokenKey(challenge, scope), {
            token,
            refreshAt: started + ttlMs - Math.min(30_000, ttlMs / 10),
        });
        this.log.debug(
            `token for ${scope} from ${safeUrl(url)} (${credentials ? 'with credentials' : 'anonymous'}, ${ttlMs / 1000} s)`,
        );
        return token;
    }
}

/** The pull scope of a repository, as the distribution token spec spells it. */
export function pullScope(repository: string): string {
    return `repository:${repository}:pull`;
}

function tokenKey(challenge: Challenge, scope: string): string {
    return `${challenge.params['realm'] ?? ''}\n${challenge.params['service'] ?? ''}\n${scope}`;
}

function basic(credentials: RegistryCredentials): string {
    return Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
}

/**
 * The token endpoint said no. nvcr.io answers 401 both for a wrong key and for a valid key without the entitlement
 * a gated (NVIDIA AI Enterprise) image needs (ngc-api.md §9.1), so the message names both; 403 means denied outright.
 */
async function tokenRefused(
    response: Awaited<ReturnType<HttpClient['send']>>,
    registry: string,
    scope: string,
    withCredentials: boolean,
): Promise<HttpError> {
    const details = await readErrorDetails(response);
    const repo = scope.split(':')[1] ?? scope;
    const detail = details.description ? ` (${details.description})` : '';
    let message: string;
    if (response.status === 401) {
        message = withCredentials
            ? `${registry} refused the credentials for pulling ${repo}${detail}: the key is wrong, revoked, or not entitled to this image`
            : `${registry} requires credentials to pull ${repo}${detail}, and none were given`;
    } else if (response.status === 403) {
        message = `${registry} denied pull access to ${repo}${detail}`;
    } else {
        message = `${registry}'s token service failed with HTTP ${response.status} for ${repo}${detail}`;
    }
    const error = new HttpError({
        kind: 'status',
        url: response.url,
        status: response.status,
        code:
            details.code ?? (response.status === 401 ? 'UNAUTHORIZED' : response.status === 403 ? 'DENIED' : undefined),
        description: details.description,
        requestId: details.requestId,
        challenge: response.headers['www-authenticate'],
        message,
    });
    return attachContext(error, {
        artifact: `${registry}/${repo}`,
        operation: 'pull',
        ...(withCredentials ? {} : { keyKind: 'none' as const }),
    });
}
