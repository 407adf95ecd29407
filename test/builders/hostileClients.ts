import { Agent } from 'undici';
import { HttpClient, type HttpClientOptions } from '../../src/core/http/client';
import { NgcClient } from '../../src/core/ngc/client';
import type { HostileServer } from './hostileServer';

/**
 * An NgcClient whose every host is the hostile server (or `registry` / `auth` when a test gives other ones),
 * retrying fast, with whatever HttpClient options (limits, deadlines) the test injects. `close()` ends its sockets.
 */
export function hostileNgcClient(
    server: HostileServer,
    options: {
        apiKey?: string;
        registry?: string;
        authUrl?: string;
        trustedRealmHosts?: string[];
        http?: Partial<Omit<HttpClientOptions, 'dispatcher'>>;
        dispatcher?: { headersTimeout?: number; bodyTimeout?: number };
    } = {},
) {
    const dispatcher = new Agent({ keepAliveTimeout: 10, ...options.dispatcher });
    const http = new HttpClient({
        dispatcher,
        retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
        ...options.http,
    });
    const client = new NgcClient({
        http,
        endpoints: {
            apiUrl: server.url,
            authUrl: options.authUrl ?? server.url,
            registry: options.registry ?? server.host,
            helmUrl: server.url,
            ...(options.trustedRealmHosts ? { trustedRealmHosts: options.trustedRealmHosts } : {}),
        },
        apiKey: options.apiKey,
    });
    return { client, http, close: () => dispatcher.close() };
}

/** The environment that points the CLI at a hostile server (every NGC host), with `key` when given. */
export function hostileEnv(server: HostileServer, key?: string): NodeJS.ProcessEnv {
    return {
        NGC_API_URL: server.url,
        NGC_AUTH_URL: server.url,
        NGC_REGISTRY: server.host,
        NGC_HELM_URL: server.url,
        ...(key ? { NGC_API_KEY: key } : {}),
    };
}
