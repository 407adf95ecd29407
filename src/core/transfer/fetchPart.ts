/**
 * Fetches one part of one file into its partial, resuming from the bytes already written after every failure:
 * a dropped or truncated connection, a 429/5xx, or a presigned URL that expired (403 from the files host, answered
 * by asking the API for a fresh URL). Memory stays flat: at most one batch is written while the next one fills.
 */
import type { HttpClient, HttpResponse } from '../http/client';
import { HttpError, safeUrl } from '../http/errors';
import { Backoff, isRetryableStatus, isTransientError, parseRetryAfter, type RetryPolicy } from '../http/retry';
import { CancelledError, isCancellationError, sleep } from '../lib/abort';
import type { Log } from '../lib/log';
import { WriteFailure } from './errors';
import type { TransferEvent } from './events';
import type { PlannedFile } from './plan';
import type { Part } from './resume';
import type { FileLocation, UrlSource } from './sources';
import { StallWatch, type StallRule } from './stall';
import { streamInto, type PartSink } from './streamInto';

/** The file a part belongs to: what to fetch, how large it is, and where its bytes go. */
export interface PartTarget extends PartSink {
    readonly planned: PlannedFile;
    readonly size: number;
}

export interface PartContext {
    http: HttpClient;
    source: UrlSource;
    log: Log;
    retry: RetryPolicy;
    /** Called with bytes that reached the disk. */
    onBytes(n: number): void;
    emit(event: TransferEvent): void;
    /** How many times in a row an expired/refused URL is re-resolved before the part fails. */
    maxRefreshes: number;
    /** Too few bytes over a window aborts the attempt (then retried). */
    stall: StallRule;
}

/** Resolving a URL failed at the NGC API (licence 412, 401, 403, 451, or retries exhausted there). */
export class SourceFailure extends Error {
    override readonly name = 'SourceFailure';
    constructor(readonly error: unknown) {
        super(error instanceof Error ? error.message : String(error), { cause: error });
    }
    static is(error: unknown): error is SourceFailure {
        return error instanceof SourceFailure;
    }
}

/** The server describes a different file than the plan (size from Content-Range/Content-Length). */
export class SizeConflict extends Error {
    override readonly name = 'SizeConflict';
    constructor(
        readonly expected: number,
        readonly actual: number,
    ) {
        super(`the server has ${actual} bytes where the API listed ${expected}`);
    }
    static is(error: unknown): error is SizeConflict {
        return error instanceof SizeConflict;
    }
}

/** Fills `part` of `file` until complete; throws on cancellation, on a fatal condition, or when retries run out. */
export async function fetchPart(file: PartTarget, part: Part, ctx: PartContext, signal: AbortSignal): Promise<void> {
    const backoff = new Backoff(ctx.retry);
    let refreshes = 0;
    let location: FileLocation | undefined;
    const path = file.planned.path;
    let watch: StallWatch | undefined;
    const retryLater = async (reason: string, retryAfterMs?: number, cause?: unknown) => {
        watch?.stop();
        const delayMs = backoff.next(retryAfterMs);
        if (delayMs === undefined) {
            throw cause ?? new Error(`${path}: ${reason}`);
        }
        const attempt = backoff.failures;
        ctx.log.debug(
            `${path} bytes ${part.start + part.done}-${part.end - 1}: ${reason}; retry ${attempt} in ${delayMs} ms`,
        );
        ctx.emit({ type: 'retry', path, attempt, reason, delayMs });
        await sleep(delayMs, signal);
    };

    try {
        while (part.done < part.end - part.start) {
            if (signal.aborted) {
                throw new CancelledError();
            }
            location ??= await guard(() => ctx.source.locate(file.planned, signal));
            const from = part.start + part.done;
            const wholeFile = from === 0 && part.end === file.size;
            const headers: Record<string, string> = { ...location.headers };
            if (!wholeFile) {
                headers['range'] = `bytes=${from}-${part.end - 1}`;
            }
            watch?.stop();
            const attempt = new StallWatch(ctx.stall);
            watch = attempt;
            const attemptSignal = AbortSignal.any([signal, attempt.signal]);
            const stalled = (): HttpError | undefined =>
                attempt.stalled && !signal.aborted ? attempt.error(location?.url ?? '', path) : undefined;
            let response: HttpResponse;
            try {
                response = await ctx.http.send({ url: location.url, headers, signal: attemptSignal, retry: false });
            } catch (error) {
                const stall = stalled();
                if (stall) {
                    await retryLater(stall.message, undefined, stall);
                    continue;
                }
                if (isCancellationError(error) || !isTransientError(error)) {
                    throw error;
                }
                await retryLater(`connection failed (${(error as Error).message})`, undefined, error);
                continue;
            }

            if (
                response.status === 403 ||
                response.status === 401 ||
                response.status === 404 ||
                response.status === 410
            ) {
                // An expired presigned URL answers 403 (S3: "Request has expired"); a replaced object may 404. Ask the API.
                if (!location.refreshable) {
                    // The helm repository refusing the key is final (exit 4 material), not an expired signature.
                    const refused = location;
                    await guard(() => ctx.http.ensureOk(response, { url: refused.url }));
                }
                if (refreshes >= ctx.maxRefreshes) {
                    await ctx.http.ensureOk(response, { url: location.url });
                }
                await response.dump();
                refreshes += 1;
                ctx.log.debug(
                    `${path}: files host answered ${response.status} for ${safeUrl(location.url)}; resolving a fresh URL`,
                );
                ctx.emit({
                    type: 'retry',
                    path,
                    attempt: refreshes,
                    reason: `URL refused (HTTP ${response.status}); fetching a fresh one`,
                    delayMs: 0,
                });
                location = await guard(() => ctx.source.refresh(file.planned, signal));
                continue;
            }
            if (isRetryableStatus(response.status)) {
                await response.dump();
                await retryLater(`HTTP ${response.status}`, parseRetryAfter(response.headers['retry-after']));
                continue;
            }
            if (response.status !== 200 && response.status !== 206) {
                await ctx.http.ensureOk(response, { url: location.url });
                await response.dump();
                throw new HttpError({
                    kind: 'format',
                    url: location.url,
                    description: `unexpected HTTP ${response.status} for a file`,
                });
            }
            let skip: number;
            try {
                skip = bytesToSkip(response, from, file.size);
            } catch (error) {
                // Not our bytes: release the connection rather than leave an unread body holding the socket.
                response.body.destroy();
                throw error;
            }
            const before = part.done;
            try {
                await streamInto(
                    response.body,
                    file,
                    part,
                    skip,
                    (n) => ctx.onBytes(n),
                    (n) => attempt.saw(n),
                );
            } catch (error) {
                const stall = stalled();
                if (stall) {
                    // A drip makes a little progress every time: that must not earn it a fresh retry budget.
                    await retryLater(`${stall.message} after ${part.done - before} bytes`, undefined, stall);
                    continue;
                }
                if (part.done > before) {
                    backoff.reset();
                    refreshes = 0;
                }
                if (isCancellationError(error) || signal.aborted) {
                    throw new CancelledError();
                }
                if (WriteFailure.is(error) || !isTransientError(error)) {
                    throw error;
                }
                await retryLater(
                    `connection dropped after ${part.done - before} bytes (${(error as Error).message})`,
                    undefined,
                    error,
                );
                continue;
            }
            attempt.stop();
            if (part.done > before) {
                backoff.reset();
                refreshes = 0;
            }
            if (part.done < part.end - part.start) {
                await retryLater(`body ended early (${part.start + part.done} of ${part.end} bytes)`);
            }
        }
    } finally {
        watch?.stop();
    }
}

/** Wraps URL resolution so its failures are told apart from failures of the files host. */
async function guard<T>(work: () => Promise<T>): Promise<T> {
    try {
        return await work();
    } catch (error) {
        throw isCancellationError(error) ? error : new SourceFailure(error);
    }
}

/**
 * Checks the answer describes our file and says how many leading bytes to discard: 206 must start where we asked
 * and report the listed total; a 200 (the server ignored `Range`) is the whole file, so everything before `from` is
 * skipped. A total that differs from the listing means the object is not the one the API described.
 */
function bytesToSkip(response: HttpResponse, from: number, size: number): number {
    if (response.status === 206) {
        const match = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(response.headers['content-range'] ?? '');
        if (!match) {
            throw new HttpError({
                kind: 'format',
                url: response.url,
                description: 'a 206 without a usable Content-Range',
            });
        }
        const total = match[3] === '*' ? undefined : Number(match[3]);
        if (total !== undefined && total !== size) {
            throw new SizeConflict(size, total);
        }
        if (Number(match[1]) !== from) {
            throw new HttpError({
                kind: 'format',
                url: response.url,
                description: `asked for bytes from ${from}, got ${match[1]}`,
            });
        }
        return 0;
    }
    const length = response.headers['content-length'];
    if (length !== undefined && Number(length) !== size) {
        throw new SizeConflict(size, Number(length));
    }
    return from;
}
