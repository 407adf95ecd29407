import assert from 'node:assert/strict';
import { after, before, beforeEach } from 'node:test';
import { Agent, type Dispatcher } from 'undici';
import { HttpClient } from '../../src/core/http/client';
import { NgcClient } from '../../src/core/ngc/client';
import { startSimulator, type Simulator } from '../../sim/server';

/** The simulator's hosts as the endpoints a client is configured with. */
export function simEndpoints(sim: Simulator) {
    return { apiUrl: sim.urls.api, authUrl: sim.urls.auth, registry: sim.urls.registry, helmUrl: sim.urls.helm };
}

/** An HttpClient for tests: `attempts` tries with millisecond backoff, so retry paths run fast. */
function testHttp(dispatcher: Dispatcher, attempts: number): HttpClient {
    return new HttpClient({ dispatcher, retry: { attempts, baseDelayMs: 1, maxDelayMs: 5 } });
}

/** One NgcClient against the simulator on `dispatcher`, with the sim's clock. */
export function simNgcClient(sim: Simulator, dispatcher: Dispatcher, apiKey?: string, attempts = 3): NgcClient {
    return new NgcClient({
        http: testHttp(dispatcher, attempts),
        endpoints: simEndpoints(sim),
        apiKey,
        now: () => sim.clock.now(),
    });
}

/** Presigned URLs must be fetched bare: fails if any request to the files host carried `Authorization`. */
export function assertNoAuthorizationOnFilesHost(sim: Simulator): void {
    const leaked = sim.requests.filter((r) => r.host === 'files' && r.headers.authorization !== undefined);
    assert.equal(leaked.length, 0, 'no Authorization ever reached the files host');
}

/** NgcClients against a running simulator, sharing one dispatcher; retries off unless asked, the sim's clock. */
export function simClients(sim: Simulator, retryAttempts = 1) {
    const dispatcher = new Agent({ keepAliveTimeout: 10 });
    const http = testHttp(dispatcher, retryAttempts);
    const endpoints = simEndpoints(sim);
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
