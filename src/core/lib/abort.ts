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
