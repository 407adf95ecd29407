import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
    CancelledError,
    isCancellationError,
    mapConcurrent,
    sleep,
    throwIfAborted,
} from '../../../../src/core/lib/abort';

describe('abort helpers (unit)', () => {
    it('Should recognise our CancelledError and the platform AbortError, nothing else', () => {
        assert.equal(isCancellationError(new CancelledError()), true);
        assert.equal(isCancellationError(Object.assign(new Error('x'), { name: 'AbortError' })), true);
        assert.equal(isCancellationError(Object.assign(new Error('x'), { code: 'ABORT_ERR' })), true);
        assert.equal(isCancellationError(new Error('x')), false);
        assert.equal(isCancellationError('AbortError'), false);
    });

    it('Should throw only when the signal is aborted', () => {
        throwIfAborted(undefined);
        throwIfAborted(new AbortController().signal);
        assert.throws(() => throwIfAborted(AbortSignal.abort()), CancelledError);
    });

    it('Should end a sleep early when its signal aborts', async () => {
        const controller = new AbortController();
        const started = Date.now();
        setTimeout(() => controller.abort(), 20);
        await assert.rejects(sleep(5_000, controller.signal), CancelledError);
        assert.ok(Date.now() - started < 1_000);
        await assert.rejects(sleep(10, AbortSignal.abort()), CancelledError);
    });

    it('Should keep at most `limit` tasks in flight and return results in input order', async () => {
        let inFlight = 0;
        let peak = 0;
        const results = await mapConcurrent([5, 1, 4, 2, 3, 0], 2, async (ms, i) => {
            inFlight++;
            peak = Math.max(peak, inFlight);
            await sleep(ms * 5);
            inFlight--;
            return i * 10;
        });
        assert.deepEqual(results, [0, 10, 20, 30, 40, 50]);
        assert.equal(peak, 2);
    });

    it('Should stop starting new tasks after one fails and reject with that failure', async () => {
        const started: number[] = [];
        await assert.rejects(
            mapConcurrent([0, 1, 2, 3, 4, 5], 1, async (i) => {
                started.push(i);
                if (i === 1) {
                    throw new Error('boom');
                }
                return i;
            }),
            /boom/,
        );
        assert.deepEqual(started, [0, 1]);
    });

    it('Should handle an empty list', async () => {
        assert.deepEqual(await mapConcurrent([], 4, async () => 1), []);
    });
});
