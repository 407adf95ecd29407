/**
 * Writing one HTTP body into its part of a partial file: the hot path of every download, kept apart from the retry
 * and URL logic in fetchPart.ts.
 */
import { finished, type Readable } from 'node:stream';
import { WriteFailure } from './errors';
import type { Part } from './resume';

/** Where a body's bytes go: positional writes into the partial, then notice of what reached the disk. */
export interface PartSink {
    writeAt(chunks: readonly Buffer[], position: number): Promise<void>;
    /** Called after `chunks` were written at `position`. */
    written(position: number, chunks: readonly Buffer[]): void;
}

/** Bytes gathered before one positional write (one `writev` per batch). */
const BATCH_BYTES = 256 * 1024;

/**
 * Streams the body into the part: skips `skip` bytes, never writes past the part's end, one write in flight, and the
 * socket paused while a full batch waits for it (so memory stays at about two batches per connection). Flowing mode
 * (`data` events) rather than `for await`: the async iterator costs a promise per chunk and concatenates whatever
 * chunks have queued into a new Buffer (a copy each time more than one is waiting); here a chunk is
 * only referenced until its batch is on disk.
 */
export function streamInto(
    body: Readable,
    file: PartSink,
    part: Part,
    skip: number,
    onBytes: (n: number) => void,
    /** Called with the size of every chunk received (written or not), for the stall rule. */
    onReceived: (n: number) => void = () => undefined,
): Promise<void> {
    return new Promise((resolve, reject) => {
        let toSkip = skip;
        let pending: Buffer[] = [];
        let pendingBytes = 0;
        let nextPos = part.start + part.done;
        let writing = false;
        let paused = false;
        /** No more data will be taken from the body (it ended, failed, or we stopped reading). */
        let ended = false;
        let settled = false;
        let streamError: unknown;
        let writeError: unknown;

        const stopReading = (): void => {
            ended = true;
            if (!body.readableEnded) {
                body.destroy();
            }
        };

        const settle = (): void => {
            if (settled) {
                return;
            }
            settled = true;
            body.off('data', onData);
            stopWatching();
            if (writeError !== undefined) {
                reject(new WriteFailure(writeError));
            } else if (streamError !== undefined) {
                reject(streamError);
            } else {
                resolve();
            }
        };

        const flush = (): void => {
            const chunks = pending;
            const bytes = pendingBytes;
            const position = nextPos;
            pending = [];
            pendingBytes = 0;
            nextPos += bytes;
            writing = true;
            file.writeAt(chunks, position).then(
                () => {
                    writing = false;
                    part.done += bytes;
                    onBytes(bytes);
                    file.written(position, chunks);
                    pump();
                },
                (error: unknown) => {
                    writing = false;
                    writeError = error;
                    stopReading();
                    pump();
                },
            );
        };

        /** Starts the next write when one is due, applies back-pressure, and settles once everything is written. */
        const pump = (): void => {
            if (!writing && pendingBytes > 0 && writeError === undefined) {
                // Bytes received before a drop are good: they are written too, so the retry asks only for the rest.
                if (pendingBytes >= BATCH_BYTES || ended || nextPos + pendingBytes >= part.end) {
                    flush();
                }
            }
            if (ended) {
                if (!writing && (pendingBytes === 0 || writeError !== undefined)) {
                    settle();
                }
                return;
            }
            const full = writing && pendingBytes >= BATCH_BYTES;
            if (full !== paused) {
                paused = full;
                if (full) {
                    body.pause();
                } else {
                    body.resume();
                }
            }
        };

        const onData = (raw: Buffer): void => {
            onReceived(raw.length);
            if (ended) {
                return;
            }
            let chunk = raw;
            if (toSkip > 0) {
                if (chunk.length <= toSkip) {
                    toSkip -= chunk.length;
                    return;
                }
                chunk = chunk.subarray(toSkip);
                toSkip = 0;
            }
            const room = part.end - (nextPos + pendingBytes);
            if (chunk.length > room) {
                // The server sent more than we asked for (a 200 to a range request): keep our bytes, stop reading.
                chunk = chunk.subarray(0, room);
                stopReading();
            }
            if (chunk.length > 0) {
                pending.push(chunk);
                pendingBytes += chunk.length;
            }
            pump();
        };

        // `end`, `error`, or a close before the end (ERR_STREAM_PREMATURE_CLOSE), whichever comes first.
        const stopWatching = finished(body, (error) => {
            if (error && !ended) {
                streamError = error;
            }
            if (!ended) {
                stopReading();
            }
            pump();
        });
        body.on('data', onData);
    });
}
