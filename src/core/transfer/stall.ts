/**
 * The stall rule of file transfers: an attempt that receives fewer than `minBytes` in any `windowMs` (waiting for
 * the headers included) is aborted and retried like a dropped connection. A server that drips a byte every few
 * seconds, or accepts the connection and never answers, cannot keep a download alive forever; the idle timeouts of
 * the HTTP agent do not catch a drip, since every byte resets them.
 */
import { HttpError } from '../http/errors';
import { formatBytes } from '../lib/format';

export interface StallRule {
    windowMs: number;
    minBytes: number;
}

/** 32 KiB in 30 s: far below any usable link, far above a drip. */
export const DEFAULT_STALL_RULE: StallRule = { windowMs: 30_000, minBytes: 32 * 1024 };

/** Watches one attempt; {@link signal} aborts when the attempt stalls. */
export class StallWatch {
    private readonly controller = new AbortController();
    private readonly timer: ReturnType<typeof setInterval>;
    private received = 0;
    stalled = false;

    constructor(private readonly rule: StallRule) {
        this.timer = setInterval(() => {
            if (this.received < rule.minBytes) {
                this.stalled = true;
                this.stop();
                this.controller.abort();
            }
            this.received = 0;
        }, rule.windowMs);
        this.timer.unref();
    }

    get signal(): AbortSignal {
        return this.controller.signal;
    }

    /** Counts bytes received from the network. */
    saw(bytes: number): void {
        this.received += bytes;
    }

    stop(): void {
        clearInterval(this.timer);
    }

    /** The failure to report for a stalled attempt (a timeout: retried by the one retry policy). */
    error(url: string, filePath: string): HttpError {
        const rule = `fewer than ${formatBytes(this.rule.minBytes)} in ${this.rule.windowMs / 1000} s`;
        return new HttpError({ kind: 'timeout', url, message: `the transfer of ${filePath} stalled (${rule})` });
    }
}
