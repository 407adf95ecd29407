/**
 * Debounced re-analysis of documents: edits schedule an analysis after a quiet period (never one per keystroke),
 * opening and saving run one at once, and a newer run aborts the older one for the same document so a slow
 * registry answer never overwrites a newer result. Timers are injectable for tests.
 */
import { setMaxListeners } from 'node:events';
import { isCancellationError } from '../lib/abort';

export interface RefresherOptions<T> {
    analyze: (text: string, signal: AbortSignal) => Promise<T>;
    onResult: (key: string, result: T) => void;
    onError?: (key: string, error: unknown) => void;
    /** Quiet period after an edit; default 500 ms. */
    delayMs?: number;
}

export class DocumentRefresher<T> {
    private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
    private readonly running = new Map<string, AbortController>();
    private readonly delay: number;

    constructor(private readonly options: RefresherOptions<T>) {
        this.delay = options.delayMs ?? 500;
    }

    /** An edit: analyse `text()` once edits have stopped for the quiet period. */
    edited(key: string, text: () => string): void {
        this.clearTimer(key);
        this.timers.set(
            key,
            setTimeout(() => {
                this.timers.delete(key);
                void this.run(key, text());
            }, this.delay),
        );
    }

    /** Opened or saved: analyse now. Resolves when the analysis is delivered (or superseded). */
    now(key: string, text: string): Promise<void> {
        this.clearTimer(key);
        return this.run(key, text);
    }

    /** The document closed: drop its timer and abort its run. */
    close(key: string): void {
        this.clearTimer(key);
        this.running.get(key)?.abort();
        this.running.delete(key);
    }

    dispose(): void {
        for (const key of [...this.timers.keys(), ...this.running.keys()]) {
            this.close(key);
        }
    }

    private clearTimer(key: string): void {
        const timer = this.timers.get(key);
        if (timer !== undefined) {
            clearTimeout(timer);
            this.timers.delete(key);
        }
    }

    private async run(key: string, text: string): Promise<void> {
        this.running.get(key)?.abort();
        const controller = new AbortController();
        setMaxListeners(0, controller.signal); // every FROM line's requests listen to the one run's signal
        this.running.set(key, controller);
        try {
            const result = await this.options.analyze(text, controller.signal);
            if (!controller.signal.aborted) {
                this.options.onResult(key, result);
            }
        } catch (error) {
            if (!isCancellationError(error) && !controller.signal.aborted) {
                this.options.onError?.(key, error);
            }
        } finally {
            if (this.running.get(key) === controller) {
                this.running.delete(key);
            }
        }
    }
}
