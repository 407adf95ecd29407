// Longer than the ~300-line guideline on purpose: downloadPlan is one run's closure over its shared state (meter,
// connection slots, outcomes, cancellation, hash worker); its steps are the named inner functions below.
/**
 * The download engine: runs a {@link DownloadPlan} with a bounded number of connections shared by all files, ranged
 * parts for large files, resumable partials, verification before the final rename, typed progress events, and
 * cancellation that leaves every partial resumable. Presigned URLs are fetched without any credentials.
 */
import { setMaxListeners } from 'node:events';
import type { HttpClient } from '../http/client';
import { HttpError } from '../http/errors';
import { defaultRetryPolicy, type RetryPolicy } from '../http/retry';
import { CancelledError, isCancellationError, mapConcurrent } from '../lib/abort';
import { nullLog, tagged, type Log } from '../lib/log';
import type { NgcClient } from '../ngc/client';
import { ActiveFile, type HasherFactory } from './activeFile';
import { isFileSystemError, localFileError, TransferError, WriteFailure } from './errors';
import { ProgressMeter, summarizeRun, type DownloadSummary, type ProgressListener, type TransferEvent } from './events';
import { fetchPart, SizeConflict, SourceFailure, type PartContext } from './fetchPart';
import { HashWorker } from './hashWorker';
import { nodeIo, type TransferIo } from './io';
import { helmRefusal, type DownloadPlan } from './plan';
import { bytesDone, DEFAULT_PART_OPTIONS, type PartOptions } from './resume';
import { Slots } from './slots';
import { ConnectionGovernor, DEFAULT_CONNECTION_POLICY, fixedConnections } from './connections';
import { createNgcUrlSource, type UrlSource } from './sources';
import { DEFAULT_STALL_RULE, type StallRule } from './stall';
import { TransferStore } from './store';
import { preflight, type SurveyedFile } from './survey';
import { describeFailure, FrontierHasher, VerificationError, type VerificationFailure } from './verify';

export interface DownloadOptions {
    /** Resolves presigned URLs (download-all listing, `?path=`, chart redirects). */
    client: NgcClient;
    /**
     * Connections at once, across all files and parts. Default: 8, growing by 4 up to 16 while the aggregate rate
     * keeps rising (connections.ts); a number given here is used as is.
     */
    concurrency?: number;
    signal?: AbortSignal;
    onProgress?: ProgressListener;
    log?: Log;
    /** Seams for tests. */
    io?: TransferIo;
    http?: HttpClient;
    source?: UrlSource;
    parts?: Partial<PartOptions>;
    /** Files at least this large are hashed on a worker thread (default 16 MiB; Infinity keeps all on this thread). */
    workerHashMinBytes?: number;
    /** The hashing thread (tests pass one that crashes); the run disposes it. */
    hashWorker?: HashWorker;
    retry?: Partial<RetryPolicy>;
    /** Too few bytes over a window aborts an attempt, then retries (default 32 KiB in 30 s). */
    stall?: Partial<StallRule>;
    now?: () => number;
    /**
     * The cache folder for skip and resume state (default `$XDG_CACHE_HOME/ngc-explorer`, else
     * `~/.cache/ngc-explorer`): none of it is kept in the destination.
     */
    stateDir?: string;
}

export interface FileOutcome {
    path: string;
    status: 'downloaded' | 'skipped' | 'failed';
    verifiedBy?: 'sha256' | 'size';
    error?: string;
}

export interface DownloadResult {
    summary: DownloadSummary;
    files: FileOutcome[];
}

/** Below this size a file is hashed on the main thread as it streams (a worker round trip is not worth it). */
const WORKER_HASH_MIN_BYTES = 16 * 1024 * 1024;

/** Per-part retry policy: more patient than API calls, since a part that made progress starts counting again. */
const PART_RETRY: RetryPolicy = { ...defaultRetryPolicy, attempts: 6, baseDelayMs: 250, maxDelayMs: 10_000 };

/**
 * Downloads every file of `plan` into `plan.destination`. Files already verified by an earlier run are skipped;
 * partials resume with `Range`. A checksum or size mismatch deletes that file's partial, the other files still
 * finish, and a {@link VerificationError} is thrown at the end. A full disk, cancellation or an API refusal
 * (401/403/412/451) stops the run and keeps partials for a resume.
 */
export async function downloadPlan(plan: DownloadPlan, options: DownloadOptions): Promise<DownloadResult> {
    const io = options.io ?? nodeIo;
    const log = tagged(options.log ?? nullLog, 'transfer');
    const now = options.now ?? Date.now;
    const emit = (event: TransferEvent) => options.onProgress?.(event);
    const started = now();
    const run = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, run.signal]) : run.signal;
    // Every queued part and every request listens on these signals; hundreds of listeners are expected, not a leak.
    setMaxListeners(0, signal);
    const policy =
        options.concurrency === undefined ? DEFAULT_CONNECTION_POLICY : fixedConnections(options.concurrency);
    const partOptions = { ...DEFAULT_PART_OPTIONS, targetParts: policy.max, ...options.parts };

    const store = await TransferStore.open(io, plan, options.stateDir);
    const { files: surveyed, skippedBytes, resumedBytes } = await preflight(io, plan, store, signal);
    const skipped = surveyed.filter((f) => f.skip);

    emit({ type: 'plan', plan, skippedFiles: skipped.length, skippedBytes, resumedBytes });
    const meter = new ProgressMeter(plan.totalBytes, plan.files.length, emit, now);
    let downloaded = 0;
    meter.addBytes(skippedBytes + resumedBytes);
    const outcomes = new Map<string, FileOutcome>();
    for (const f of skipped) {
        outcomes.set(f.planned.path, { path: f.planned.path, status: 'skipped', verifiedBy: f.skip?.verifiedBy });
        emit({
            type: 'fileDone',
            path: f.planned.path,
            size: f.planned.sizeInBytes,
            verifiedBy: f.skip?.verifiedBy ?? 'size',
            skipped: true,
        });
        meter.fileDone();
    }

    const slots = new Slots(policy.initial);
    const governor = new ConnectionGovernor(slots, policy, (n, rate) =>
        log.debug(`${n} connections (at ${Math.round(rate / 1e6)} MB/s)`),
    );
    const hashWorker = options.hashWorker ?? new HashWorker();
    const workerMin = options.workerHashMinBytes ?? WORKER_HASH_MIN_BYTES;
    const hasherFor: HasherFactory = (slot, handle, contiguous) => {
        if (!slot.planned.sha256Base64) {
            return undefined;
        }
        // Once the hashing thread has died, later files hash on this thread while they stream.
        const onWorker = slot.planned.sizeInBytes >= workerMin && hashWorker.failure === undefined;
        return onWorker ? hashWorker.open(slot.partialPath, contiguous) : new FrontierHasher(handle, contiguous);
    };
    const ctx: PartContext = {
        http: options.http ?? options.client.httpClient,
        source: options.source ?? createNgcUrlSource(options.client, plan),
        log,
        retry: { ...PART_RETRY, ...options.retry },
        onBytes: (n) => {
            downloaded += n;
            meter.addBytes(n);
            governor.saw(n);
        },
        emit,
        maxRefreshes: 3,
        stall: { ...DEFAULT_STALL_RULE, ...options.stall },
    };
    const verificationFailures: VerificationFailure[] = [];
    const transferFailures: { path: string; error: unknown }[] = [];

    const fail = (entry: SurveyedFile, reason: 'checksum' | 'size' | 'transfer', error: unknown) => {
        const failure = VerificationError.is(error) ? error.failures[0] : undefined;
        const message = failure ? describeFailure(failure) : error instanceof Error ? error.message : String(error);
        outcomes.set(entry.planned.path, { path: entry.planned.path, status: 'failed', error: message });
        emit({ type: 'fileFailed', path: entry.planned.path, reason, message });
    };

    const transferOne = async (entry: SurveyedFile): Promise<void> => {
        const file = await ActiveFile.open(io, store, entry, entry.resume, { parts: partOptions, now, hasherFor });
        const fileRun = new AbortController();
        const fileSignal = AbortSignal.any([signal, fileRun.signal]);
        setMaxListeners(0, fileSignal);
        emit({
            type: 'fileStart',
            path: entry.planned.path,
            size: file.size,
            resumedFrom: bytesDone(file.parts),
            parts: file.parts.length,
        });
        let firstError: unknown;
        try {
            const todo = file.parts.filter((p) => p.done < p.end - p.start);
            await Promise.all(
                todo.map((part) =>
                    slots
                        .run(() => fetchPart(file, part, ctx, fileSignal), fileSignal)
                        .catch((error: unknown) => {
                            firstError ??= error;
                            fileRun.abort();
                        }),
                ),
            );
            if (firstError === undefined && signal.aborted) {
                firstError = new CancelledError();
            }
            if (firstError !== undefined) {
                await file.suspend();
                throw firstError;
            }
            const completion = await file.complete();
            if ('failure' in completion) {
                verificationFailures.push(completion.failure);
                fail(entry, completion.failure.kind, new VerificationError([completion.failure]));
                return;
            }
            const { verifiedBy } = completion;
            outcomes.set(entry.planned.path, { path: entry.planned.path, status: 'downloaded', verifiedBy });
            emit({ type: 'fileDone', path: entry.planned.path, size: file.size, verifiedBy, skipped: false });
            meter.fileDone();
        } finally {
            await file.close();
        }
    };

    let firstFatal: unknown;
    /** Per-file failures are recorded and the run goes on; anything else stops every file. */
    const driver = async (entry: SurveyedFile): Promise<void> => {
        try {
            await transferOne(entry);
        } catch (error) {
            const fatal = fatalError(error, entry, signal, plan, options.client);
            if (fatal) {
                // The first fatal error is the story; the cancellations it causes in other files are not.
                firstFatal ??= fatal;
                run.abort();
                throw fatal;
            }
            if (SizeConflict.is(error)) {
                const failure: VerificationFailure = {
                    path: entry.planned.path,
                    kind: 'size',
                    expected: String(error.expected),
                    actual: String(error.actual),
                };
                await store.discard(entry);
                verificationFailures.push(failure);
                fail(entry, 'size', new VerificationError([failure]));
                return;
            }
            const cause = SourceFailure.is(error) ? error.error : error;
            log.debug(`${entry.planned.path} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
            transferFailures.push({ path: entry.planned.path, error: cause });
            fail(entry, 'transfer', cause);
        }
    };

    const finish = (): DownloadResult => {
        meter.flush();
        const files = plan.files.map(
            (f) => outcomes.get(f.path) ?? { path: f.path, status: 'failed' as const, error: 'not attempted' },
        );
        const summary = summarizeRun(plan, files, downloaded, Math.max(1, now() - started));
        emit({ type: 'done', summary });
        return { summary, files };
    };

    try {
        await mapConcurrent(
            surveyed.filter((f) => !f.skip),
            policy.max,
            driver,
        );
    } catch (error) {
        finish();
        throw firstFatal ?? error;
    } finally {
        governor.stop();
        await hashWorker.dispose();
        await store.tidy();
    }
    const result = finish();
    if (transferFailures.length > 0) {
        const first = transferFailures[0]?.error;
        const others = transferFailures.length - 1 + verificationFailures.length;
        const detail = first instanceof Error ? first.message : String(first);
        throw new TransferError(
            'incomplete',
            `${transferFailures.length} file(s) could not be downloaded (${transferFailures[0]?.path}: ${detail})` +
                `${others > 0 ? ` and ${others} other failure(s)` : ''}; partials were kept, rerun the same command to resume`,
            { cause: first },
        );
    }
    if (verificationFailures.length > 0) {
        throw new VerificationError(verificationFailures);
    }
    return result;
}

/** The error that must stop the whole run, or undefined when only this file failed. */
function fatalError(
    error: unknown,
    entry: SurveyedFile,
    signal: AbortSignal,
    plan: DownloadPlan,
    client: NgcClient,
): unknown {
    if (isCancellationError(error) || signal.aborted) {
        return CancelledError.is(error) ? error : new CancelledError();
    }
    if (TransferError.is(error)) {
        return error;
    }
    // Local file-system failures stop the run: they are not the network's, and another file would meet them too.
    if (WriteFailure.is(error)) {
        return localFileError(entry.finalPath, error.error);
    }
    if (isFileSystemError(error)) {
        return localFileError(error.path, error);
    }
    if (
        SourceFailure.is(error) &&
        HttpError.is(error.error) &&
        [401, 403, 412, 451].includes(error.error.status ?? 0)
    ) {
        // API refusals carry the NGC client's context already; the helm repository's do not.
        return entry.planned.source.kind === 'helm' ? helmRefusal(error.error, plan.ref, client) : error.error;
    }
    return undefined;
}
