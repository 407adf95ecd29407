import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Agent } from 'undici';
import { HttpClient } from '../../../../src/core/http/client';
import { CancelledError } from '../../../../src/core/lib/abort';
import { RegistryClient } from '../../../../src/core/registry/client';
import { sendJson, startLocalServer, type LocalServer } from '../../../builders/localServer';

describe('RegistryClient first-contact probe (unit)', () => {
    let registry: LocalServer;
    let releaseProbe: () => void = () => undefined;
    const probeHeld = new Promise<void>((resolve) => (releaseProbe = resolve));
    const dispatcher = new Agent({ keepAliveTimeout: 10 });
    const http = new HttpClient({ dispatcher, retry: { attempts: 1 } });

    before(async () => {
        registry = await startLocalServer(async (_req, res, index) => {
            if (index === 0) {
                await probeHeld;
            }
            sendJson(res, 404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] });
        });
    });
    after(async () => {
        releaseProbe();
        await registry.close();
        await dispatcher.close();
    });

    it('Should stop a request waiting on the probe as soon as its own signal aborts', { timeout: 5_000 }, async () => {
        const client = new RegistryClient({ http });
        const host = registry.url.replace('http://', '');
        const probe = client.headManifest({ registry: host, repository: 'a/b' }, 'x');
        while (registry.requests.length === 0) {
            await new Promise((resolve) => setTimeout(resolve, 5));
        }
        const controller = new AbortController();
        const waiter = client.headManifest({ registry: host, repository: 'a/c' }, 'y', controller.signal);
        controller.abort();
        await assert.rejects(waiter, CancelledError.is);
        assert.equal(registry.requests.length, 1, 'the waiter never sent a request');
        releaseProbe();
        await assert.rejects(probe, /404|unknown/i);
    });
});
