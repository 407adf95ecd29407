import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
    CancelledError,
    isCancellationError,
    mapConcurrent,
    raceAbort,
    SharedFlights,
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

    it('Should stop waiting when the signal aborts, and otherwise settle like the promise', async () => {
        const never = new Promise<string>(() => undefined);
        const controller = new AbortController();
        const waiting = raceAbort(never, controller.signal);
        controller.abort();
        await assert.rejects(waiting, CancelledError.is);
        assert.equal(await raceAbort(Promise.resolve('v'), new AbortController().signal), 'v');
        await assert.rejects(raceAbort(Promise.reject(new Error('boom')), new AbortController().signal), /boom/);
    });

    it('Should run shared work on its own signal, aborting it only when every waiter has left', async () => {
        const flights = new SharedFlights<string>();
        let started = 0;
        let workSignal: AbortSignal | undefined;
        let finishWork: (v: string) => void = () => undefined;
        const work = (signal: AbortSignal) => {
            started++;
            workSignal = signal;
            return new Promise<string>((resolve) => (finishWork = resolve));
        };
        const a = new AbortController();
        const b = new AbortController();
        const first = flights.run('k', a.signal, work);
        const second = flights.run('k', b.signal, work);
        a.abort();
        await assert.rejects(first, CancelledError.is);
        assert.equal(workSignal?.aborted, false, 'the second caller still waits');
        finishWork('token');
        assert.equal(await second, 'token');
        assert.equal(started, 1);

        const c = new AbortController();
        const d = new AbortController();
        const third = flights.run('k', c.signal, work);
        const fourth = flights.run('k', d.signal, work);
        assert.equal(started, 2, 'a finished flight is not reused');
        c.abort();
        d.abort();
        await assert.rejects(third, CancelledError.is);
        await assert.rejects(fourth, CancelledError.is);
        assert.equal(workSignal?.aborted, true, 'nobody waits any more');
        const fifth = flights.run('k', undefined, work);
        assert.equal(started, 3, 'an abandoned flight is not joined');
        finishWork('again');
        assert.equal(await fifth, 'again');
    });
});
