import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CancelledError } from '../../../../src/core/lib/abort';
import { Slots } from '../../../../src/core/transfer/slots';

describe('connection slots (unit)', () => {
    it('Should never run more than the limit at once and serve waiters first come, first served', async () => {
        const slots = new Slots(2);
        let running = 0;
        let peak = 0;
        const order: number[] = [];
        const gates: (() => void)[] = [];
        const jobs = [0, 1, 2, 3, 4].map((i) =>
            slots.run(async () => {
                order.push(i);
                running++;
                peak = Math.max(peak, running);
                await new Promise<void>((resolve) => gates.push(resolve));
                running--;
            }),
        );
        while (order.length < 5) {
            await new Promise((r) => setImmediate(r));
            gates.shift()?.();
        }
        gates.forEach((g) => g());
        await Promise.all(jobs);
        assert.equal(peak, 2);
        assert.deepEqual(order, [0, 1, 2, 3, 4]);
    });

    it('Should reject a waiter whose signal aborts and still release the slot to the next one', async () => {
        const slots = new Slots(1);
        let release!: () => void;
        const first = slots.run(() => new Promise<void>((r) => (release = r)));
        const controller = new AbortController();
        const cancelled = slots.run(async () => 'never', controller.signal);
        const third = slots.run(async () => 'third');
        controller.abort();
        await assert.rejects(cancelled, CancelledError.is);
        release();
        await first;
        assert.equal(await third, 'third');
    });
});
