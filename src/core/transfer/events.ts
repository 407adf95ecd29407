/**
 * Typed progress events of the transfer engine. Core reports, the UI decides: the CLI renders a stderr line, the
 * extension a cancellable notification. Events are plain data (no Error instances cross this boundary except in
 * `fileFailed`, where `message` is the display form).
 */
import type { TransferProgress } from '../lib/progressText';
import type { DownloadPlan } from './plan';

export interface PlanEvent {
    type: 'plan';
    plan: DownloadPlan;
    /** Files already present and verified (skipped) and the bytes they account for. */
    skippedFiles: number;
    skippedBytes: number;
    /** Bytes already on disk in resumable partials. */
    resumedBytes: number;
}

export interface FileStartEvent {
    type: 'fileStart';
    path: string;
    size: number;
    /** Bytes already on disk from an earlier attempt. */
    resumedFrom: number;
    /** Number of ranged parts (1 = single stream). */
    parts: number;
}

/** Bytes of the plan on disk (skipped and resumed bytes included), the rate over the last few seconds, the ETA. */
export interface BytesEvent extends TransferProgress {
    type: 'bytes';
}

export interface RetryEvent {
    type: 'retry';
    path: string;
    attempt: number;
    reason: string;
    delayMs: number;
}

export interface FileDoneEvent {
    type: 'fileDone';
    path: string;
    size: number;
    /** `sha256` when the checksum was compared, `size` when the API gave none. */
    verifiedBy: 'sha256' | 'size';
    /** True when the file was already present and verified, so nothing was downloaded. */
    skipped: boolean;
}

export interface FileFailedEvent {
    type: 'fileFailed';
    path: string;
    reason: 'checksum' | 'size' | 'transfer';
    message: string;
}

export interface DoneEvent {
    type: 'done';
    summary: DownloadSummary;
}

export type TransferEvent =
    PlanEvent | FileStartEvent | BytesEvent | RetryEvent | FileDoneEvent | FileFailedEvent | DoneEvent;

export type ProgressListener = (event: TransferEvent) => void;

/** What a finished (or failed) run did, for summaries and `--json`. */
export interface DownloadSummary {
    destination: string;
    files: number;
    bytes: number;
    /** Bytes received over the network in this run (resume and skips make it smaller than `bytes`). */
    downloadedBytes: number;
    skippedFiles: number;
    verifiedSha256: number;
    verifiedSizeOnly: number;
    failedFiles: number;
    elapsedMs: number;
    /** Average bytes per second of network transfer over the run. */
    throughput: number;
}

/**
 * Aggregates bytes from many connections into throttled `bytes` events with a sliding-window rate and an ETA, so
 * a UI never gets more than one update per `intervalMs` however many chunks arrive.
 */
export class ProgressMeter {
    private done = 0;
    private filesDone = 0;
    private lastEmit = -Infinity;
    private readonly samples: { t: number; bytes: number }[] = [];

    constructor(
        private readonly total: number,
        private readonly filesTotal: number,
        private readonly emit: ProgressListener,
        private readonly now: () => number = Date.now,
        private readonly intervalMs = 200,
        private readonly windowMs = 5_000,
    ) {}

    get bytesDone(): number {
        return this.done;
    }

    /** Counts bytes written to disk (or found on disk at start). */
    addBytes(n: number): void {
        this.done += n;
        this.maybeEmit(false);
    }

    fileDone(): void {
        this.filesDone += 1;
        this.maybeEmit(false);
    }

    /** Emits now, whatever the throttle says (start and end of a run). */
    flush(): void {
        this.maybeEmit(true);
    }

    /** Bytes per second over the sliding window; 0 until two samples exist. */
    rate(): number {
        const first = this.samples[0];
        const last = this.samples[this.samples.length - 1];
        if (!first || !last || last.t <= first.t) {
            return 0;
        }
        return ((last.bytes - first.bytes) * 1000) / (last.t - first.t);
    }

    private maybeEmit(force: boolean): void {
        const t = this.now();
        if (!force && t - this.lastEmit < this.intervalMs) {
            return;
        }
        this.lastEmit = t;
        this.samples.push({ t, bytes: this.done });
        while (this.samples.length > 2 && (this.samples[0]?.t ?? t) < t - this.windowMs) {
            this.samples.shift();
        }
        const rate = this.rate();
        const remaining = Math.max(0, this.total - this.done);
        this.emit({
            type: 'bytes',
            bytesDone: this.done,
            bytesTotal: this.total,
            rate,
            etaSeconds: rate > 0 ? remaining / rate : remaining === 0 ? 0 : undefined,
            filesDone: this.filesDone,
            filesTotal: this.filesTotal,
        });
    }
}

/** The summary of a finished run: counts by outcome, bytes actually fetched, and throughput over the whole run. */
export function summarizeRun(
    plan: { destination: string; files: readonly unknown[]; totalBytes: number },
    files: readonly { status: 'downloaded' | 'skipped' | 'failed'; verifiedBy?: 'sha256' | 'size' }[],
    downloadedBytes: number,
    elapsedMs: number,
): DownloadSummary {
    const ok = files.filter((f) => f.status !== 'failed');
    return {
        destination: plan.destination,
        files: plan.files.length,
        bytes: plan.totalBytes,
        downloadedBytes,
        skippedFiles: files.filter((f) => f.status === 'skipped').length,
        verifiedSha256: ok.filter((f) => f.verifiedBy === 'sha256').length,
        verifiedSizeOnly: ok.filter((f) => f.verifiedBy === 'size').length,
        failedFiles: files.length - ok.length,
        elapsedMs,
        throughput: (downloadedBytes * 1000) / elapsedMs,
    };
}
