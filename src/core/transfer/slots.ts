/**
 * A FIFO counting semaphore: the engine's bound on open connections. First come, first served matters here: parts
 * are queued in file order, so connections work through a file front to back and its checksum frontier keeps up.
 */
import { CancelledError } from '../lib/abort';

export class Slots {
    private inUse = 0;
    private total: number;
    private readonly waiting: {
        resolve: () => void;
        reject: (e: unknown) => void;
        signal?: AbortSignal;
        onAbort: () => void;
    }[] = [];

    constructor(count: number) {
        this.total = Math.max(1, Math.floor(count));
    }

    /** Slots in all (busy or free). */
    get limit(): number {
        return this.total;
    }

    /** Work queued for a slot right now. */
    get waiters(): number {
        return this.waiting.length;
    }

    /** Adds `count` slots; waiters get them first come, first served. */
    grow(count: number): void {
        this.total += Math.max(0, Math.floor(count));
        while (this.inUse < this.total && this.waiting.length > 0) {
            this.inUse += 1;
            this.handOver();
        }
    }

    /** Removes up to `count` slots (never below one). Running work is not cut: its slot is retired when it ends. */
    shrink(count: number): void {
        this.total = Math.max(1, this.total - Math.max(0, Math.floor(count)));
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
        if (this.inUse < this.total) {
            this.inUse += 1;
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
        // After a shrink, more may be running than allowed: this slot is retired instead of handed over.
        if (this.inUse > this.total || this.waiting.length === 0) {
            this.inUse -= 1;
            return;
        }
        this.handOver();
    }

    /** Gives a slot already counted in `inUse` to the first waiter. */
    private handOver(): void {
        const next = this.waiting.shift();
        next?.signal?.removeEventListener('abort', next.onAbort);
        next?.resolve();
    }
}
