/**
 * SHA-256 of many model files in parallel, on the transfer engine's hashing threads ({@link HashWorker}): a few
 * lanes, each its own worker reading one file at a time through a 1 MiB buffer, so memory stays flat whatever the
 * model's size and at most `lanes` files are open. Files go largest first, so one huge shard does not start last.
 * If a worker dies, its lane finishes on this thread with a streaming hash; a small model is hashed on this thread
 * from the start.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { CancelledError, throwIfAborted } from '../lib/abort';
import { HashWorker, HashWorkerError } from '../transfer/hashWorker';
import type { ModelFile } from './modelFiles';

export type FileDigest = { name: string; sha256: string; size: number } | { name: string; error: string };

export interface HashProgress {
    /** The file just finished. */
    file: string;
    filesDone: number;
    filesTotal: number;
    bytesDone: number;
    bytesTotal: number;
}

export interface HashOptions {
    /** Parallel lanes (threads); default min(cores, 4). */
    concurrency?: number;
    signal?: AbortSignal;
    onProgress?: (event: HashProgress) => void;
    /**
     * Below this many bytes in all, hash on this thread: starting worker threads costs more than hashing a few MB
     * (measured: ~150 ms vs ~5 ms for NVIDIA's 30 KB skill directories on a busy 2-CPU machine). Default 8 MiB.
     */
    threadThreshold?: number;
}

/** The default number of hashing threads: every core up to four (disks rarely feed more). */
export function defaultHashConcurrency(): number {
    return Math.max(1, Math.min(availableParallelism(), 4));
}

/** Hashes `files`; a file that cannot be read gets an `error` entry instead of throwing. Throws on cancel. */
export async function hashModelFiles(files: readonly ModelFile[], options: HashOptions = {}): Promise<FileDigest[]> {
    const { signal } = options;
    throwIfAborted(signal);
    const queue = [...files].sort((a, b) => b.size - a.size || a.name.localeCompare(b.name));
    const bytesTotal = queue.reduce((n, f) => n + f.size, 0);
    const threaded = bytesTotal >= (options.threadThreshold ?? 8 * 1024 * 1024);
    const lanes = Math.max(1, Math.min(options.concurrency ?? defaultHashConcurrency(), queue.length));
    const workers = threaded ? Array.from({ length: lanes }, () => new HashWorker()) : [];
    const stop = () => void Promise.all(workers.map((w) => w.dispose()));
    signal?.addEventListener('abort', stop, { once: true });
    const results: FileDigest[] = [];
    const progress = { filesDone: 0, bytesDone: 0, bytesTotal };
    const lane = async (worker: HashWorker | undefined) => {
        for (let file = queue.shift(); file; file = queue.shift()) {
            throwIfAborted(signal);
            results.push(await hashOne(worker, file, signal));
            progress.filesDone++;
            progress.bytesDone += file.size;
            options.onProgress?.({ file: file.name, filesTotal: files.length, ...progress });
        }
    };
    try {
        await Promise.all(threaded ? workers.map(lane) : [lane(undefined)]);
    } finally {
        signal?.removeEventListener('abort', stop);
        await Promise.all(workers.map((w) => w.dispose()));
    }
    return results;
}

async function hashOne(
    worker: HashWorker | undefined,
    file: ModelFile,
    signal: AbortSignal | undefined,
): Promise<FileDigest> {
    let sha256: string;
    try {
        if (!worker || worker.failure) {
            sha256 = await hashOnThisThread(file.absolute, signal);
        } else {
            sha256 = Buffer.from(
                await worker.open(file.absolute, () => file.size).finish(file.size),
                'base64',
            ).toString('hex');
        }
    } catch (error) {
        if (signal?.aborted) {
            throw new CancelledError();
        }
        if (HashWorkerError.is(error)) {
            return hashOne(worker, file, signal); // the thread died: this lane goes on without it
        }
        return { name: file.name, error: error instanceof Error ? error.message : String(error) };
    }
    // The worker hashes exactly `size` bytes: a file that grew (or was replaced) meanwhile is not what we hashed.
    const after = await stat(file.absolute).then(
        (s) => s.size,
        () => -1,
    );
    if (after !== file.size) {
        return { name: file.name, error: `the file changed size while it was hashed (${file.size} → ${after} bytes)` };
    }
    return { name: file.name, sha256, size: file.size };
}

async function hashOnThisThread(filePath: string, signal: AbortSignal | undefined): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(filePath, { highWaterMark: 1024 * 1024, signal })) {
        hash.update(chunk as Buffer);
    }
    return hash.digest('hex');
}
