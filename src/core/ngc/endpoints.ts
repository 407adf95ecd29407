/**
 * Where NGC lives. Every host is configurable (DESIGN.md, "Endpoints are settings") so tests, the demo and
 * air-gapped mirrors can point elsewhere; the CLI reads the environment, the extension its `ngc.*` settings.
 */
import { isLoopbackHost } from '../http/credentials';

export interface NgcEndpoints {
    /** REST API base, e.g. `https://api.ngc.nvidia.com`. */
    apiUrl: string;
    /** Token service base, e.g. `https://authn.nvidia.com`. */
    authUrl: string;
    /** Container registry `host[:port]`, e.g. `nvcr.io`. */
    registry: string;
    /** Helm repository base, e.g. `https://helm.ngc.nvidia.com`. */
    helmUrl: string;
    /**
     * Extra token-service hosts (`host` or `host:port`) a registry challenge may name and still receive the NGC
     * key, for mirrors whose token service lives elsewhere (`NGC_TRUSTED_REALMS`, `ngc.trustedRealmHosts`).
     */
    trustedRealmHosts?: string[];
}

export const DEFAULT_ENDPOINTS: NgcEndpoints = {
    apiUrl: 'https://api.ngc.nvidia.com',
    authUrl: 'https://authn.nvidia.com',
    registry: 'nvcr.io',
    helmUrl: 'https://helm.ngc.nvidia.com',
};

export interface NgcEnvironment {
    endpoints: NgcEndpoints;
    /** The API key, or undefined for guest access to the public catalog. */
    apiKey: string | undefined;
    org: string | undefined;
    team: string | undefined;
}

/**
 * Reads the CLI's environment: NGC_API_URL, NGC_AUTH_URL, NGC_REGISTRY, NGC_HELM_URL, NGC_TRUSTED_REALMS,
 * NGC_API_KEY / NGC_CLI_API_KEY, NGC_ORG / NGC_CLI_ORG, NGC_TEAM / NGC_CLI_TEAM.
 */
export function environmentFrom(env: NodeJS.ProcessEnv): NgcEnvironment {
    const pick = (...names: string[]) => names.map((n) => env[n]?.trim()).find((v) => v !== undefined && v !== '');
    return {
        endpoints: {
            apiUrl: trimSlash(pick('NGC_API_URL') ?? DEFAULT_ENDPOINTS.apiUrl),
            authUrl: trimSlash(pick('NGC_AUTH_URL') ?? DEFAULT_ENDPOINTS.authUrl),
            registry: trimSlash(pick('NGC_REGISTRY') ?? DEFAULT_ENDPOINTS.registry).replace(/^https?:\/\//, ''),
            helmUrl: trimSlash(pick('NGC_HELM_URL') ?? DEFAULT_ENDPOINTS.helmUrl),
            trustedRealmHosts: hostList(pick('NGC_TRUSTED_REALMS')),
        },
        apiKey: pick('NGC_API_KEY', 'NGC_CLI_API_KEY'),
        org: pick('NGC_ORG', 'NGC_CLI_ORG'),
        team: pick('NGC_TEAM', 'NGC_CLI_TEAM'),
    };
}

/** A loopback registry is spoken to over plain HTTP (tests, local mirrors), any other over HTTPS. */
export function registryBaseUrl(registry: string): string {
    const host = registry.replace(/:\d+$/, '');
    return `${isLoopbackHost(host) ? 'http' : 'https'}://${registry}`;
}

/** `NGC_TRUSTED_REALMS`: hosts separated by commas or spaces; a URL is reduced to its `host[:port]`. */
export function hostList(value: string | undefined): string[] {
    return (value ?? '')
        .split(/[\s,]+/)
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '')
        .map((entry) => {
            try {
                return /^[a-z]+:\/\//i.test(entry) ? new URL(entry).host : entry;
            } catch {
                return entry;
            }
        });
}

function trimSlash(value: string): string {
    return value.replace(/\/+$/, '');
}
