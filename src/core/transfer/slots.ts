/**
 * A FIFO counting semaphore: the engine's bound on open connections. First come, first served matters here: parts
 * are queued in file order, so connections work through a file front to back and its checksum frontier keeps up.
 */
import { CancelledError } from '../lib/abort';

export class Slots {
    private free: number;
    private total: number;
    private readonly waiting: {
        resolve: () => void;
        reject: (e: unknown) => void;
        signal?: AbortSignal;
        onAbort: () => void;
    }[] = [];

    constructor(count: number) {
        this.free = Math.max(1, Math.floor(count));
        this.total = this.free;
    }

    /** Slots in all (busy or free). */
    get limit(): number {
        return this.total;
    }

    /** Work queued for a slot right now. */
    get waiters(): number {
        return this.waiting.length;
    }

    /** Adds `count` slots (never removes any: a running part is not cut); waiters get them first come, first served. */
    grow(count: number): void {
        for (let i = 0; i < Math.floor(count); i++) {
            this.total += 1;
            this.release();
        }
    }

    /** Runs `work` once a slot is free; the slot is released however `work` ends. */
    async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
        await this.acquire(signal);
        try {
            return await work();
        } finally {
            this.release();
        }
    }

    private acquire(signal?: AbortSignal): Promise<void> {
        if (signal?.aborted) {
            return Promise.reject(new CancelledError());
        }
        if (this.free > 0) {
            this.free -= 1;
            return Promise.resolve();
        }
        return new Promise((resolve, reject) => {
            const entry = {
                resolve,
                reject,
                signal,
                onAbort: () => {
                    const index = this.waiting.indexOf(entry);
                    if (index >= 0) {
                        this.waiting.splice(index, 1);
                    }
                    reject(new CancelledError());
                },
            };
            signal?.addEventListener('abort', entry.onAbort, { once: true });
            this.waiting.push(entry);
        });
    }

    private release(): void {
        const next = this.waiting.shift();
        if (next) {
            next.signal?.removeEventListener('abort', next.onAbort);
            next.resolve();
            return;
        }
        this.free += 1;
    }
}
