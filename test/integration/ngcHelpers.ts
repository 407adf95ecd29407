import { after, before, beforeEach } from 'node:test';
import { Agent } from 'undici';
import { HttpClient } from '../../src/core/http/client';
import { NgcClient } from '../../src/core/ngc/client';
import { startSimulator, type Simulator } from '../../sim/server';

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

export type SimClients = ReturnType<typeof simClients>;

/**
 * In the calling `describe`: starts a simulator with `options` and its clients before the suite (handed to `ready`),
 * closes both after it, and clears the sim's requests and faults before each test.
 */
export function useSimulator(
    options: Parameters<typeof startSimulator>[0],
    ready: (sim: Simulator, clients: SimClients) => void,
): void {
    let sim: Simulator;
    let clients: SimClients;
    before(async () => {
        sim = await startSimulator(options);
        clients = simClients(sim);
        ready(sim, clients);
    });
    after(async () => {
        await clients.close();
        await sim.close();
    });
    beforeEach(() => {
        sim.clearRequests();
        sim.faults.clear();
    });
}

/** Requests the sim saw on `host` whose path starts with `prefix`. */
export function seen(sim: Simulator, host: string, prefix = '/') {
    return sim.requests.filter((r) => r.host === host && r.url.startsWith(prefix));
}
