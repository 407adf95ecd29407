import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { z } from 'zod';
import { Agent } from 'undici';
import { JON as jon } from '../../../builders/identities';
import { attachContext } from '../../../../src/core/diagnose/context';
import { HttpClient } from '../../../../src/core/http/client';
import { HttpError } from '../../../../src/core/http/errors';
import { identityDescription, identityStateOf } from '../../../../src/extension/auth/identityState';

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    await new Promise((resolve) => server.close(resolve));
    assert.ok(address && typeof address === 'object');
    return address.port;
}

describe('identityStateOf: the status bar tells a refused key from an unreachable NGC (unit)', () => {
    it('Should name the key owner, or guest without a key', () => {
        assert.equal(identityDescription(identityStateOf({ identity: jon })), 'Jon Doe');
        assert.equal(identityDescription(identityStateOf({ identity: undefined })), 'guest');
    });

    it('Should call a refused connection "not reachable", never "key refused"', async () => {
        const dispatcher = new Agent({ connect: { timeout: 2_000 } });
        const http = new HttpClient({ dispatcher, retry: { attempts: 1 } });
        try {
            const error = await http
                .json({ url: `http://127.0.0.1:${await closedPort()}/v2/users/me` }, z.unknown())
                .then(
                    () => assert.fail('the port is closed'),
                    (e: unknown) => e,
                );
            const state = identityStateOf({ error });
            assert.equal(state.kind, 'unreachable', JSON.stringify(state));
            assert.equal(identityDescription(state), 'NGC not reachable');
        } finally {
            await dispatcher.close();
        }
    });

    it('Should call a 5xx or a rate limit "not reachable" too: they say nothing about the key', () => {
        for (const status of [502, 503, 429]) {
            const error = new HttpError({ kind: 'status', status, url: 'https://api.ngc.nvidia.com/v2/users/me' });
            assert.equal(identityStateOf({ error }).kind, 'unreachable', String(status));
        }
    });

    it('Should call a 401 for the key "key refused", with the diagnosis as the reason', () => {
        const error = attachContext(
            new HttpError({ kind: 'status', status: 401, url: 'https://api.ngc.nvidia.com/v2/users/me' }),
            { keyKind: 'nvapi', operation: 'read' },
        );
        const state = identityStateOf({ error });
        assert.equal(state.kind, 'refused');
        assert.equal(identityDescription(state), 'key refused');
        assert.ok(state.kind === 'refused' && state.title.length > 0);
    });
});
