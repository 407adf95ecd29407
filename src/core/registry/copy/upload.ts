// Longer than the ~300-line guideline: the upload protocol (HEAD, mount, monolithic, chunked, status/resume) shares
// one session state (Location, offset, chunk minimum) that would have to be threaded between files if split.
import { Readable } from 'node:stream';
import type { HttpResponse } from '../../http/client';
import { HttpError } from '../../http/errors';
import { isRetryableStatus, isTransientError } from '../../http/retry';
import { isCancellationError, throwIfAborted } from '../../lib/abort';
import { nullLog, type Log } from '../../lib/log';
import { DigestMismatchError } from '../errors';
import { responseError } from './errors';
import type { RegistrySession } from './session';
import { VerifiedBlobReader } from './verifiedStream';

/** How a blob reached the target. */
export type BlobOutcome = 'exists' | 'mounted' | 'uploaded';

export interface PushBlobOptions {
    session: RegistrySession;
    repository: string;
    digest: string;
    size: number;
    /** Opens the source blob from its start; called again for every attempt (the bytes are never buffered whole). */
    openSource: (signal?: AbortSignal) => Promise<Readable>;
    /** Other repositories on the same target that hold the blob: a cross-repository mount is tried from each. */
    mountFrom?: readonly string[];
    /** Chunk size for PATCH uploads (raised to the server's `OCI-Chunk-Min-Length`). Default 32 MiB. */
    chunkSize?: number;
    /** Start chunked (skip the monolithic PUT): for registries known to refuse it. */
    chunked?: boolean;
    /** Attempts after network errors, 5xx or a killed connection, each resuming where the server's Range ends. */
    attempts?: number;
    onBytes?: (sent: number) => void;
    signal?: AbortSignal;
    log?: Log;
}

export interface PushBlobResult {
    outcome: BlobOutcome;
    /** Bytes of the blob sent to the target (0 when it existed or was mounted). */
    bytesSent: number;
    /** The upload went chunked (monolithic refused, or asked for). */
    chunked: boolean;
    /** Times the upload recovered after a failure: from the server's `Range`, or in a new session when it had none. */
    resumes: number;
}

/** Monolithic PUT refusals that mean "send it in chunks" (GAR refuses the reverse; nginx fronts say 413). */
const MONOLITHIC_REFUSED = new Set([400, 405, 411, 413, 415, 416, 501]);

/**
 * Puts one blob on the target with the fewest bytes sent (OCI distribution spec, "Pushing blobs"):
 * 1. `HEAD /v2/<name>/blobs/<digest>`: present → nothing sent.
 * 2. `POST …/blobs/uploads/?mount=<digest>&from=<repo>` for each known holder on the target: 201 → mounted (Quay
 *    fails a mount without `from`, so there is always one); a 202 gives an upload session to use.
 * 3. Upload, streaming from the source and hashing as it goes: a monolithic `PUT <location>?digest=` first; when a
 *    registry refuses that (400/405/411/413/415/416/501), chunked `PATCH`es with `Content-Range`, each at least the
 *    server's `OCI-Chunk-Min-Length`, then a closing `PUT ?digest=`. ECR answers 201 to a PATCH: accepted.
 * 4. After a killed connection, a 5xx or an expired token: `GET <location>` reads the server's `Range`, the source is
 *    opened again and read (hashed, not sent) up to there, and the upload resumes with PATCHes from the next byte.
 *    Without a usable upload status, or when the server kept nothing, the blob starts over in a new session.
 */
export async function pushBlob(options: PushBlobOptions): Promise<PushBlobResult> {
    const { session, repository, digest, signal } = options;
    const log = options.log ?? nullLog;
    const scope = `repository:${repository}:pull,push`;
    const head = await session.request(session.url(repository, `blobs/${digest}`), { method: 'HEAD', scope, signal });
    if (head.status !== 200 && head.status !== 404) {
        throw await responseError(head, 'HEAD');
    }
    await head.dump();
    if (head.status === 200) {
        return { outcome: 'exists', bytesSent: 0, chunked: false, resumes: 0 };
    }
    let location: URL | undefined;
    let minChunk = 0;
    for (const from of options.mountFrom ?? []) {
        if (from === repository) {
            continue;
        }
        const url = session.url(repository, 'blobs/uploads/');
        url.searchParams.set('mount', digest);
        url.searchParams.set('from', from);
        const mount = await session.request(url, {
            method: 'POST',
            scope: `${scope} repository:${from}:pull`,
            headers: { 'content-length': '0' },
            signal,
        });
        await mount.dump();
        if (mount.status === 201) {
            log.debug(`${digest}: mounted from ${from}`);
            return { outcome: 'mounted', bytesSent: 0, chunked: false, resumes: 0 };
        }
        if (mount.status === 202 && mount.headers['location']) {
            location = session.resolveLocation(mount);
            minChunk = chunkMinOf(mount);
            break;
        }
    }
    const upload = new BlobUpload(options, scope, log);
    return upload.run(location, minChunk);
}

class BlobUpload {
    private bytesSent = 0;
    private resumes = 0;
    private chunked: boolean;
    private readonly chunkSize: number;

    constructor(
        private readonly options: PushBlobOptions,
        private readonly scope: string,
        private readonly log: Log,
    ) {
        this.chunked = options.chunked ?? false;
        this.chunkSize = Math.max(1, options.chunkSize ?? 32 * 1024 * 1024);
    }

    async run(initial: URL | undefined, initialMinChunk: number): Promise<PushBlobResult> {
        const { session, signal } = this.options;
        let location = initial;
        let minChunk = initialMinChunk;
        let offset = 0;
        const attempts = this.options.attempts ?? 5;
        for (let attempt = 1; ; attempt++) {
            throwIfAborted(signal);
            if (location === undefined) {
                const started = await session.request(session.url(this.options.repository, 'blobs/uploads/'), {
                    method: 'POST',
                    scope: this.scope,
                    headers: { 'content-length': '0' },
                    signal,
                });
                if (started.status !== 202) {
                    throw await responseError(started, 'POST');
                }
                await started.dump();
                location = session.resolveLocation(started);
                minChunk = chunkMinOf(started);
                offset = 0;
            }
            const reader = new VerifiedBlobReader(
                await this.options.openSource(signal),
                this.options.digest,
                this.options.size,
                `source blob ${this.options.digest}`,
            );
            try {
                await reader.skip(offset);
                const done = this.chunked || offset > 0 ? undefined : await this.monolithic(location, reader);
                if (done === 'refused') {
                    this.log.debug(`${this.options.digest}: monolithic upload refused; sending chunks`);
                    this.chunked = true;
                    location = undefined;
                    continue;
                }
                if (done === undefined) {
                    this.chunked = true;
                    await this.patchChunks(location, reader, offset, minChunk);
                }
                return {
                    outcome: 'uploaded',
                    bytesSent: this.bytesSent,
                    chunked: this.chunked,
                    resumes: this.resumes,
                };
            } catch (error) {
                const failure = reader.failure ?? error;
                if (!(failure instanceof Resumable) || attempt >= attempts || signal?.aborted) {
                    throw failure instanceof Resumable ? failure.cause : failure;
                }
                location = failure.location ?? location;
                if (failure.authenticate) {
                    await session.reauthenticate(failure.authenticate, this.scope, signal);
                }
                const status = location === undefined || failure.restart ? undefined : await this.status(location);
                if (status === undefined || status.offset === 0) {
                    // A session that kept nothing saves nothing, and distribution may still be cancelling it after
                    // the broken request (its next PATCH would be sent whole, then refused): a new one is cheaper.
                    this.log.debug(`${this.options.digest}: upload session lost or empty; starting over`);
                    location = undefined;
                    this.resumes++;
                } else {
                    this.log.debug(
                        `${this.options.digest}: resuming at byte ${status.offset} (attempt ${attempt + 1})`,
                    );
                    offset = status.offset;
                    location = status.location;
                    this.resumes++;
                    this.chunked = true;
                }
            } finally {
                reader.close();
            }
        }
    }

    /** One `PUT <location>?digest=` with the whole blob: 'ok', or 'refused' when the registry wants chunks. */
    private async monolithic(location: URL, reader: VerifiedBlobReader): Promise<'ok' | 'refused'> {
        const url = withDigest(location, this.options.digest);
        const response = await this.send(url, 'PUT', reader, this.options.size, {});
        if (response.status === 201 || response.status === 204) {
            await response.dump();
            checkDigest(response, this.options.digest);
            return 'ok';
        }
        if (MONOLITHIC_REFUSED.has(response.status)) {
            const error = await responseError(response, 'PUT');
            if (error.code !== 'DIGEST_INVALID' && error.code !== 'SIZE_INVALID') {
                return 'refused';
            }
            throw error;
        }
        throw await this.failureOf(response, 'PUT', location);
    }

    /** PATCHes from `offset` to the end, then the closing PUT. */
    private async patchChunks(location: URL, reader: VerifiedBlobReader, offset: number, minChunk: number) {
        const size = this.options.size;
        const chunk = Math.max(this.chunkSize, minChunk);
        let at = offset;
        let current = location;
        while (at < size) {
            const length = Math.min(chunk, size - at);
            const response = await this.send(current, 'PATCH', reader, length, {
                'content-range': `${at}-${at + length - 1}`,
            });
            // 202 is the spec; ECR answers 201 (regclient `scheme/reg/blob.go`), some proxies 204.
            if (response.status !== 202 && response.status !== 201 && response.status !== 204) {
                throw await this.failureOf(response, 'PATCH', current);
            }
            await response.dump();
            current = response.headers['location'] ? this.options.session.resolveLocation(response) : current;
            const end = rangeEnd(response.headers['range']);
            const next = end === undefined ? at + length : end + 1;
            if (next !== at + length) {
                // The server kept less than was sent: resume from what it has.
                throw new Resumable(new Error(`server kept ${next} of ${at + length} bytes`), current);
            }
            at = next;
        }
        const closing = await this.options.session.request(withDigest(current, this.options.digest), {
            method: 'PUT',
            scope: this.scope,
            headers: { 'content-length': '0' },
            signal: this.options.signal,
        });
        if (closing.status !== 201 && closing.status !== 204) {
            throw await this.failureOf(closing, 'PUT', current);
        }
        await closing.dump();
        checkDigest(closing, this.options.digest);
    }

    /** Sends `length` bytes of the reader as the body; a dropped connection becomes {@link Resumable}. */
    private async send(
        url: URL,
        method: 'PUT' | 'PATCH',
        reader: VerifiedBlobReader,
        length: number,
        headers: Record<string, string>,
    ): Promise<HttpResponse> {
        const counted = this.counted(reader.take(length));
        try {
            return await this.options.session.request(url, {
                method,
                scope: this.scope,
                headers: { 'content-type': 'application/octet-stream', 'content-length': String(length), ...headers },
                body: Readable.from(counted, { objectMode: false }),
                signal: this.options.signal,
            });
        } catch (error) {
            if (reader.failure) {
                throw reader.failure;
            }
            const dropped = HttpError.is(error, 'network') || HttpError.is(error, 'timeout');
            if (!isCancellationError(error) && (dropped || isTransientError(error))) {
                throw new Resumable(error, url);
            }
            throw error;
        }
    }

    private async *counted(source: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
        for await (const chunk of source) {
            this.bytesSent += chunk.length;
            this.options.onBytes?.(chunk.length);
            yield chunk;
        }
    }

    /** A failed PUT/PATCH: 5xx and 401 can resume (after a new token); anything else is final. */
    private async failureOf(response: HttpResponse, method: string, location: URL): Promise<Error> {
        const error = await responseError(response, method);
        if (response.status === 401) {
            return new Resumable(error, location, response.headers['www-authenticate'] ?? '');
        }
        if (isRetryableStatus(response.status) && !/no space|quota/i.test(error.description ?? '')) {
            return new Resumable(error, location);
        }
        if (response.status === 404 && /^BLOB_UPLOAD_(INVALID|UNKNOWN)$/.test(error.code ?? '')) {
            // distribution ties each Location to the offset it last saw (`_state`); after a broken request the
            // session may be gone: start over in a new one.
            return new Resumable(error, undefined, undefined, true);
        }
        return error;
    }

    /**
     * `GET <location>`: the offset the server holds (`Range: 0-N` → N+1) and the Location to go on with (distribution
     * hands out a fresh `_state` there), or undefined when the session is gone.
     */
    private async status(at: URL): Promise<{ offset: number; location: URL } | undefined> {
        const location = new URL(at);
        location.searchParams.delete('digest');
        let response: HttpResponse;
        try {
            response = await this.options.session.request(location, {
                method: 'GET',
                scope: this.scope,
                signal: this.options.signal,
            });
        } catch (error) {
            if (isCancellationError(error)) {
                throw error;
            }
            return undefined;
        }
        await response.dump();
        if (response.status !== 204 && response.status !== 200) {
            return undefined;
        }
        const end = rangeEnd(response.headers['range']);
        const next = response.headers['location'] ? this.options.session.resolveLocation(response) : location;
        return { offset: end === undefined || end === 0 ? 0 : end + 1, location: next };
    }
}

/** A failure after which the upload may go on from the server's Range. */
class Resumable extends Error {
    constructor(
        override readonly cause: unknown,
        readonly location?: URL,
        /** Set for a 401: the challenge to answer before resuming. */
        readonly authenticate?: string,
        /** The upload session is gone: start a new one. */
        readonly restart = false,
    ) {
        super(cause instanceof Error ? cause.message : String(cause));
    }
}

/**
 * `Range: 0-N` (distribution) or `bytes=0-N` (some proxies) → N. distribution also says `0-0` for an empty upload,
 * so a status of `0-0` is read as "nothing yet" by the caller (resending one byte is harmless; skipping one is not).
 */
export function rangeEnd(header: string | undefined): number | undefined {
    const match = header ? /^(?:bytes=)?0-(\d+)$/.exec(header.trim()) : null;
    return match ? Number(match[1]) : undefined;
}

function chunkMinOf(response: HttpResponse): number {
    const value = Number(response.headers['oci-chunk-min-length']);
    return Number.isSafeInteger(value) && value > 0 ? value : 0;
}

function withDigest(location: URL, digest: string): URL {
    const url = new URL(location);
    url.searchParams.set('digest', digest);
    return url;
}

function checkDigest(response: HttpResponse, digest: string): void {
    const claimed = response.headers['docker-content-digest'];
    if (claimed && claimed !== digest) {
        throw new DigestMismatchError(`target blob ${digest}`, digest, claimed);
    }
}
