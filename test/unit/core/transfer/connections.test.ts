import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
    ConnectionGovernor,
    DEFAULT_CONNECTION_POLICY,
    fixedConnections,
    type ConnectionPolicy,
} from '../../../../src/core/transfer/connections';
import { Slots } from '../../../../src/core/transfer/slots';

const policy: ConnectionPolicy = { initial: 2, max: 6, step: 2, intervalMs: 60_000, minGain: 1.1 };

/** Slots with `waiting` parts queued behind the initial ones (each holds its slot until `release()`). */
function busySlots(initial: number, waiting: number): { slots: Slots; release: () => void } {
    const slots = new Slots(initial);
    const gates: (() => void)[] = [];
    for (let i = 0; i < initial + waiting; i++) {
        void slots.run(() => new Promise<void>((resolve) => gates.push(resolve)));
    }
    return { slots, release: () => gates.forEach((g) => g()) };
}

/** One interval with this many bytes (policy intervals are a minute: the timer never fires during a test). */
function interval(governor: ConnectionGovernor, bytes: number): void {
    governor.saw(bytes);
    governor.tick();
}

describe('connection governor (unit)', () => {
    it('Should add connections once the rate levels off and keep them while each step gains', () => {
        const { slots, release } = busySlots(2, 10);
        const changes: number[] = [];
        const governor = new ConnectionGovernor(slots, policy, (n) => changes.push(n));
        interval(governor, 1_000); // slow start
        interval(governor, 4_000);
        assert.equal(slots.limit, 2, 'no step while the rate is still rising');
        interval(governor, 4_200); // level (+5 %): first step; the ramp took 2 intervals
        assert.equal(slots.limit, 4);
        interval(governor, 4_300); // the new connections ramp up
        interval(governor, 5_000);
        interval(governor, 6_000); // judged: +43 % over 4 200, kept
        assert.equal(slots.limit, 4);
        interval(governor, 6_100); // level again: next step, up to the maximum
        assert.equal(slots.limit, 6);
        interval(governor, 6_000);
        interval(governor, 6_000);
        interval(governor, 9_000);
        interval(governor, 9_000);
        interval(governor, 9_000);
        assert.equal(slots.limit, 6, 'never beyond the maximum');
        assert.deepEqual(changes, [4, 6]);
        governor.stop();
        release();
    });

    it('Should give a step back and stop trying when the rate did not rise with it (a CPU-bound or link-bound run)', () => {
        const { slots, release } = busySlots(2, 10);
        const changes: number[] = [];
        const governor = new ConnectionGovernor(slots, policy, (n) => changes.push(n));
        interval(governor, 1_000);
        interval(governor, 1_050); // level at once: one interval of ramp
        assert.equal(slots.limit, 4);
        interval(governor, 1_000);
        interval(governor, 1_100); // +5 %: below the 10 % asked
        assert.equal(slots.limit, 2);
        for (const bytes of [1_100, 1_100, 1_100, 5_000]) {
            interval(governor, bytes);
        }
        assert.equal(slots.limit, 2, 'no second try');
        assert.deepEqual(changes, [4, 2]);
        governor.stop();
        release();
    });

    it('Should open no connection while nothing waits for one, nor before bytes flow', () => {
        const { slots, release } = busySlots(2, 0);
        const governor = new ConnectionGovernor(slots, policy);
        for (const bytes of [0, 0, 1_000, 1_000, 1_000]) {
            interval(governor, bytes);
        }
        assert.equal(slots.limit, 2);
        governor.stop();
        release();
    });

    it('Should keep an explicit connection count fixed', () => {
        const fixed = fixedConnections(3);
        assert.equal(fixed.initial, 3);
        assert.equal(fixed.max, 3);
        assert.equal(fixedConnections(0).max, 1);
        assert.ok(DEFAULT_CONNECTION_POLICY.max > DEFAULT_CONNECTION_POLICY.initial);
    });

    it('Should hand grown slots to waiting work first come, first served', async () => {
        const slots = new Slots(1);
        const order: number[] = [];
        const gates: (() => void)[] = [];
        const jobs = [0, 1, 2].map((i) =>
            slots.run(async () => {
                order.push(i);
                await new Promise<void>((resolve) => gates.push(resolve));
            }),
        );
        await new Promise((r) => setImmediate(r));
        assert.deepEqual(order, [0]);
        assert.equal(slots.waiters, 2);
        slots.grow(2);
        await new Promise((r) => setImmediate(r));
        assert.deepEqual(order, [0, 1, 2]);
        assert.equal(slots.limit, 3);
        gates.forEach((g) => g());
        await Promise.all(jobs);
    });

    it('Should retire slots given back only as running work ends, never cutting it', async () => {
        const slots = new Slots(3);
        const gates: (() => void)[] = [];
        let running = 0;
        const jobs = [0, 1, 2, 3, 4].map(() =>
            slots.run(async () => {
                running++;
                await new Promise<void>((resolve) => gates.push(resolve));
                running--;
            }),
        );
        await new Promise((r) => setImmediate(r));
        assert.equal(running, 3);
        slots.shrink(2);
        gates.shift()?.();
        await new Promise((r) => setImmediate(r));
        assert.equal(running, 2, 'the ended job was not replaced: 2 still above the new limit of 1');
        gates.shift()?.();
        gates.shift()?.();
        await new Promise((r) => setImmediate(r));
        assert.equal(running, 1, 'one at a time from now on');
        while (gates.length > 0 || running > 0) {
            gates.shift()?.();
            await new Promise((r) => setImmediate(r));
        }
        await Promise.all(jobs);
        assert.equal(slots.limit, 1);
    });
});
