import { describe, it, mock, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createdStatusItems } from '../../helpers/fakeVscode';
import type { Identity } from '../../../src/core/catalog/catalogSource';
import { JON as jon, refusedConnection } from '../../builders/identities';
import { HttpError } from '../../../src/core/http/errors';
import type { IdentityState } from '../../../src/extension/auth/identityState';
import type { Session } from '../../../src/extension/session';
import { NgcStatusBar } from '../../../src/extension/statusBar';

/** A session whose identity lookups the test answers one by one. */
function fakeSession() {
    const pending: { resolve: (i: Identity | undefined) => void; reject: (e: unknown) => void }[] = [];
    const session = {
        settings: { org: undefined, team: undefined },
        onDidChange: () => ({ dispose: () => undefined }),
        identity: () =>
            new Promise<Identity | undefined>((resolve, reject) => {
                pending.push({ resolve, reject });
            }),
    };
    return { session: session as unknown as Session, pending };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('NgcStatusBar (unit, fake vscode)', () => {
    afterEach(() => mock.timers.reset());

    it('Should say NGC is not reachable, look again on a backoff, and show the org once it answers', async () => {
        mock.timers.enable({ apis: ['setTimeout'] });
        const { session, pending } = fakeSession();
        const states: IdentityState['kind'][] = [];
        const bar = new NgcStatusBar(session, (s) => states.push(s.kind));
        const item = createdStatusItems.at(-1);
        assert.ok(item);
        void bar.start();
        pending.shift()?.reject(refusedConnection());
        await settle();
        assert.equal(item.text, '$(debug-disconnect) NGC: not reachable');
        assert.match(String(item.tooltip), /Your API key is kept/);
        assert.equal(pending.length, 0);
        mock.timers.tick(29_999);
        assert.equal(pending.length, 0, 'not before 30 s');
        mock.timers.tick(1);
        assert.equal(pending.length, 1, 'looked again after 30 s');
        pending.shift()?.reject(refusedConnection());
        await settle();
        mock.timers.tick(59_999);
        assert.equal(pending.length, 0, 'the second wait is longer');
        mock.timers.tick(1);
        pending.shift()?.resolve(jon);
        await settle();
        assert.equal(item.text, '$(organization) acme');
        mock.timers.tick(10 * 60_000);
        assert.equal(pending.length, 0, 'no more lookups once it answered');
        assert.deepEqual(states, ['unreachable', 'unreachable', 'signedIn']);
        bar.dispose();
    });

    it('Should show the latest lookup when two overlap, and nothing after dispose', async () => {
        mock.timers.enable({ apis: ['setTimeout'] });
        const { session, pending } = fakeSession();
        const bar = new NgcStatusBar(session, () => undefined);
        const item = createdStatusItems.at(-1);
        assert.ok(item);
        void bar.update(); // started before the key changed
        void bar.update(); // after
        const [older, newer] = pending.splice(0);
        newer?.resolve(jon);
        await settle();
        older?.reject(new HttpError({ kind: 'status', status: 401, url: 'https://api.ngc.example/v2/users/me' }));
        await settle();
        assert.equal(item.text, '$(organization) acme', 'the older answer (key refused) does not win');

        void bar.update();
        bar.dispose();
        pending.shift()?.reject(refusedConnection());
        await settle();
        assert.equal(item.text, '$(organization) acme', 'a lookup that ends after dispose changes nothing');
        mock.timers.tick(10 * 60_000);
        assert.equal(pending.length, 0, 'and schedules no retry');
    });
});
