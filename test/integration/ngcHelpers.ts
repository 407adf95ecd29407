import { Agent } from 'undici';
import { HttpClient } from '../../src/core/http/client';
import { NgcClient } from '../../src/core/ngc/client';
import type { Simulator } from '../../sim/server';

/** NgcClients against a running simulator, sharing one dispatcher; retries off unless asked, the sim's clock. */
export function simClients(sim: Simulator, retryAttempts = 1) {
    const dispatcher = new Agent({ keepAliveTimeout: 10 });
    const http = new HttpClient({ dispatcher, retry: { attempts: retryAttempts, baseDelayMs: 1, maxDelayMs: 5 } });
    const endpoints = {
        apiUrl: sim.urls.api,
        authUrl: sim.urls.auth,
        registry: sim.urls.registry,
        helmUrl: sim.urls.helm,
    };
    return {
        http,
        endpoints,
        make: (apiKey?: string, org?: string) =>
            new NgcClient({ http, endpoints, apiKey, org, now: () => sim.clock.now() }),
        close: () => dispatcher.close(),
    };
}

/** Requests the sim saw on `host` whose path starts with `prefix`. */
export function seen(sim: Simulator, host: string, prefix = '/') {
    return sim.requests.filter((r) => r.host === host && r.url.startsWith(prefix));
}
