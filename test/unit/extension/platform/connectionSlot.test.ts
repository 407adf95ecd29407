import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectionSlot } from '../../../../src/extension/platform/connectionSlot';

interface Conn {
    id: number;
}

/** Builds connections 1, 2, … whose promises the test settles by hand; records every close. */
function harness() {
    const builds: { resolve: (c: Conn) => void; reject: (e: Error) => void }[] = [];
    const closed: number[] = [];
    const slot = new ConnectionSlot<Conn>(
        () => new Promise<Conn>((resolve, reject) => builds.push({ resolve, reject })),
        (c) => {
            closed.push(c.id);
        },
    );
    return { slot, builds, closed };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('ConnectionSlot (unit)', () => {
    it('Should build once and share the connection between callers', async () => {
        const { slot, builds } = harness();
        const a = slot.get();
        const b = slot.get();
        assert.equal(builds.length, 1);
        builds[0]?.resolve({ id: 1 });
        assert.deepEqual(await a, { id: 1 });
        assert.equal(await b, await a);
    });

    it('Should close the replaced connection on reset and build a new one for the next caller', async () => {
        const { slot, builds, closed } = harness();
        const first = slot.get();
        builds[0]?.resolve({ id: 1 });
        await first;
        slot.reset();
        await tick();
        assert.deepEqual(closed, [1]);
        const second = slot.get();
        builds[1]?.resolve({ id: 2 });
        assert.deepEqual(await second, { id: 2 });
        assert.deepEqual(closed, [1], 'the new connection stays open');
    });

    it('Should close a connection that was still being built when reset ran, once it is built', async () => {
        const { slot, builds, closed } = harness();
        void slot.get();
        slot.reset();
        builds[0]?.resolve({ id: 1 });
        await tick();
        assert.deepEqual(closed, [1]);
    });

    it('Should not clear the new connection when a build replaced by reset fails afterwards', async () => {
        const { slot, builds } = harness();
        const old = slot.get();
        slot.reset();
        const fresh = slot.get();
        assert.equal(builds.length, 2);
        builds[0]?.reject(new Error('old build failed'));
        await assert.rejects(old, /old build failed/);
        await tick();
        const again = slot.get();
        assert.equal(builds.length, 2, 'no third build: the pending new connection is still the current one');
        builds[1]?.resolve({ id: 2 });
        assert.equal(await again, await fresh);
    });

    it('Should forget its own failed build so the next caller retries', async () => {
        const { slot, builds } = harness();
        const failed = slot.get();
        builds[0]?.reject(new Error('network'));
        await assert.rejects(failed);
        await tick();
        const retry = slot.get();
        assert.equal(builds.length, 2);
        builds[1]?.resolve({ id: 2 });
        assert.deepEqual(await retry, { id: 2 });
    });

    it('Should close the connection on dispose and refuse to build afterwards', async () => {
        const { slot, builds, closed } = harness();
        const c = slot.get();
        builds[0]?.resolve({ id: 1 });
        await c;
        slot.dispose();
        await tick();
        assert.deepEqual(closed, [1]);
        await assert.rejects(slot.get(), /disposed/);
        assert.equal(builds.length, 1);
    });
});
