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
    it('Should add connections while the aggregate rate keeps rising, and never beyond the maximum', () => {
        const { slots, release } = busySlots(2, 10);
        const grown: number[] = [];
        const governor = new ConnectionGovernor(slots, policy, (n) => grown.push(n));
        interval(governor, 1_000); // the reference interval
        assert.equal(slots.limit, 2);
        interval(governor, 2_000);
        assert.equal(slots.limit, 4);
        interval(governor, 3_000);
        interval(governor, 9_000);
        interval(governor, 27_000);
        assert.equal(slots.limit, 6);
        assert.deepEqual(grown, [4, 6]);
        governor.stop();
        release();
    });

    it('Should stop growing for good at the first interval that does not gain (a CPU-bound or link-bound run)', () => {
        const { slots, release } = busySlots(2, 10);
        const governor = new ConnectionGovernor(slots, policy);
        interval(governor, 1_000);
        interval(governor, 1_500);
        assert.equal(slots.limit, 4);
        interval(governor, 1_600); // +7 %: below the 10 % asked
        interval(governor, 10_000);
        assert.equal(slots.limit, 4);
        governor.stop();
        release();
    });

    it('Should open no connection while nothing waits for one, nor before bytes flow', () => {
        const { slots, release } = busySlots(2, 0);
        const governor = new ConnectionGovernor(slots, policy);
        interval(governor, 0);
        interval(governor, 1_000);
        interval(governor, 5_000);
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
});
