/** Cancellation helpers: core speaks AbortSignal; the extension converts CancellationToken once, at the edge. */

/** Thrown when an operation stops because its signal was aborted. Never shown to the user as a failure. */
export class CancelledError extends Error {
    override readonly name = 'CancelledError';
    constructor(message = 'Cancelled') {
        super(message);
    }

    static is(error: unknown): error is CancelledError {
        return error instanceof CancelledError;
    }
}

/** True for our CancelledError and for the platform's AbortError (fetch, streams, timers). */
export function isCancellationError(error: unknown): boolean {
    if (error instanceof CancelledError) {
        return true;
    }
    return error instanceof Error && (error.name === 'AbortError' || (error as { code?: string }).code === 'ABORT_ERR');
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
    if (signal?.aborted) {
        throw new CancelledError();
    }
}

/** Resolves after `ms`, or rejects with CancelledError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
        if (signal?.aborted) {
            reject(new CancelledError());
            return;
        }
        const onAbort = () => {
            clearTimeout(timer);
            reject(new CancelledError());
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
    });
}

/** Runs `work` over `items` with at most `limit` in flight; stops starting new items once one fails. */
export async function mapConcurrent<T, R>(
    items: readonly T[],
    limit: number,
    work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
    const results = new Array<R>(items.length);
    let next = 0;
    let failed = false;
    const worker = async () => {
        while (!failed && next < items.length) {
            const index = next++;
            try {
                results[index] = await work(items[index] as T, index);
            } catch (error) {
                failed = true;
                throw error;
            }
        }
    };
    const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
    const settled = await Promise.allSettled(workers);
    const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (rejected) {
        throw rejected.reason;
    }
    return results;
}

/**
 * Settles like `promise`, or rejects with CancelledError as soon as `signal` aborts. The work behind `promise` goes
 * on: this is for waiting on something shared with other callers (a token exchange, a registry probe).
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    if (!signal) {
        return promise;
    }
    if (signal.aborted) {
        return Promise.reject(new CancelledError());
    }
    return new Promise<T>((resolve, reject) => {
        const onAbort = () => reject(new CancelledError());
        signal.addEventListener('abort', onAbort, { once: true });
        promise.then(
            (value) => {
                signal.removeEventListener('abort', onAbort);
                resolve(value);
            },
            (error: unknown) => {
                signal.removeEventListener('abort', onAbort);
                reject(error);
            },
        );
    });
}

interface Flight<T> {
    readonly promise: Promise<T>;
    readonly controller: AbortController;
    waiters: number;
}

/**
 * Work shared by concurrent callers asking for the same key (one token exchange per scope, say). The work runs on
 * its own AbortController, not on the first caller's signal: each caller waits with its own signal and can leave
 * alone, and the work is aborted only once every caller waiting on it has left.
 */
export class SharedFlights<T> {
    private readonly flights = new Map<string, Flight<T>>();

    /** Joins the flight for `key`, starting `work` when there is none. */
    run(key: string, signal: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
        if (signal?.aborted) {
            return Promise.reject(new CancelledError());
        }
        let flight = this.flights.get(key);
        if (!flight) {
            const controller = new AbortController();
            const started: Flight<T> = {
                controller,
                waiters: 0,
                promise: work(controller.signal).finally(() => {
                    if (this.flights.get(key) === started) {
                        this.flights.delete(key);
                    }
                }),
            };
            // Nobody may be waiting any more when it fails (everyone left); each waiter sees the error otherwise.
            started.promise.catch(() => undefined);
            this.flights.set(key, started);
            flight = started;
        }
        const joined = flight;
        joined.waiters++;
        return raceAbort(joined.promise, signal).catch((error: unknown) => {
            if (signal?.aborted && --joined.waiters === 0) {
                if (this.flights.get(key) === joined) {
                    this.flights.delete(key);
                }
                joined.controller.abort();
            }
            throw error;
        });
    }
}
