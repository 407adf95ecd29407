/**
 * SHA-256 of large files on a worker thread, reading each file back from the page cache right behind the writers.
 * On the main thread, hashing a 2 GiB file costs ~1.3 s of CPU that would otherwise stall the sockets (measured in
 * bench/download.ts); on a worker it overlaps with the transfer, and there is still no second pass after the last
 * byte. One worker serves a whole run, one file after another in the order their bytes become ready.
 *
 * The worker is started from source text (`eval`), so it works the same under tsx, in the esbuild bundle of the
 * CLI and in the extension host, without a separate file to ship.
 */
import { Worker } from 'node:worker_threads';
import type { FileHasher } from './verify';

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const files = new Map();
const buffer = Buffer.allocUnsafe(1024 * 1024);
function advance(f, upTo) {
    while (f.hashed < upTo) {
        const want = Math.min(buffer.length, upTo - f.hashed);
        const n = fs.readSync(f.fd, buffer, 0, want, f.hashed);
        if (n <= 0) throw new Error('unexpected end of file at byte ' + f.hashed + ' while hashing');
        f.hash.update(buffer.subarray(0, n));
        f.hashed += n;
    }
}
parentPort.on('message', (m) => {
    const f = files.get(m.id);
    if (!f && m.type !== 'open') {
        if (m.type === 'finish') parentPort.postMessage({ id: m.id, error: 'the file was closed after an earlier error' });
        return;
    }
    try {
        if (m.type === 'open') {
            files.set(m.id, { fd: fs.openSync(m.path, 'r'), hash: createHash('sha256'), hashed: 0 });
        } else if (m.type === 'advance') {
            advance(f, m.upTo);
        } else if (m.type === 'finish') {
            advance(f, m.size);
            fs.closeSync(f.fd);
            files.delete(m.id);
            parentPort.postMessage({ id: m.id, digest: f.hash.digest('base64') });
        } else if (m.type === 'close') {
            fs.closeSync(f.fd);
            files.delete(m.id);
        }
    } catch (error) {
        if (f) { try { fs.closeSync(f.fd); } catch {} files.delete(m.id); }
        parentPort.postMessage({ id: m.id, error: String(error && error.message || error) });
    }
});
`;

type Reply = { id: number; digest?: string; error?: string };
type Waiter = { resolve: (d: string) => void; reject: (e: Error) => void };

/**
 * The hashing thread crashed or exited: every pending and later digest of this {@link HashWorker} fails with this at
 * once (instead of waiting for a thread that is gone); the engine then hashes on its own thread.
 */
export class HashWorkerError extends Error {
    override readonly name = 'HashWorkerError';

    static is(error: unknown): error is HashWorkerError {
        return error instanceof HashWorkerError;
    }
}

/** What a {@link WorkerHash} needs from its {@link HashWorker}. */
interface Channel {
    post(message: { type: 'advance' | 'close'; id: number; upTo?: number }): void;
    digest(id: number, size: number): Promise<string>;
}

export interface HashWorkerOptions {
    /** Source of the worker thread (tests use one that crashes). */
    source?: string;
}

/**
 * The shared hashing thread of one run; {@link dispose} ends it. If the thread dies (an `error` event, or an `exit`
 * that {@link dispose} did not ask for), the failure is kept: {@link failure} says so, and every digest pending or
 * asked for later rejects with a {@link HashWorkerError} right away.
 */
export class HashWorker {
    private worker: Worker | undefined;
    private nextId = 1;
    private readonly waiting = new Map<number, Waiter>();
    private readonly failed = new Map<number, string>();
    private broken: HashWorkerError | undefined;
    private readonly channel: Channel = {
        post: (message) => this.worker?.postMessage(message),
        digest: (id, size) => this.digest(id, size),
    };

    constructor(private readonly options: HashWorkerOptions = {}) {}

    /** Why the thread is gone, once it has crashed or exited on its own; undefined while it is usable. */
    get failure(): HashWorkerError | undefined {
        return this.broken;
    }

    /** A hasher for the file at `filePath`; `contiguous()` says how many leading bytes are on disk. */
    open(filePath: string, contiguous: () => number): FileHasher {
        const id = this.nextId++;
        this.start()?.postMessage({ type: 'open', id, path: filePath });
        return new WorkerHash(id, this.channel, contiguous);
    }

    async dispose(): Promise<void> {
        const worker = this.worker;
        this.worker = undefined;
        this.rejectWaiting(new HashWorkerError('the hashing thread was stopped'));
        if (worker) {
            await worker.terminate();
        }
    }

    private digest(id: number, size: number): Promise<string> {
        const error = this.failed.get(id);
        if (error) {
            this.failed.delete(id);
            return Promise.reject(new Error(`hashing failed: ${error}`));
        }
        const worker = this.worker;
        if (!worker) {
            return Promise.reject(this.broken ?? new HashWorkerError('the hashing thread was stopped'));
        }
        return new Promise((resolve, reject) => {
            this.waiting.set(id, { resolve, reject });
            worker.postMessage({ type: 'finish', id, size });
        });
    }

    /** The running thread, started on first use; undefined once it has died (no restart within a run). */
    private start(): Worker | undefined {
        if (!this.worker && !this.broken) {
            // Not unref'd: while a digest is awaited the worker is the only thing keeping the process alive.
            const worker = new Worker(this.options.source ?? WORKER_SOURCE, { eval: true });
            worker.on('message', (reply: Reply) => {
                const entry = this.waiting.get(reply.id);
                if (!entry) {
                    if (reply.error) {
                        this.failed.set(reply.id, reply.error);
                    }
                    return;
                }
                this.waiting.delete(reply.id);
                if (reply.digest) {
                    entry.resolve(reply.digest);
                } else {
                    entry.reject(new Error(`hashing failed: ${reply.error ?? 'no digest'}`));
                }
            });
            // `error` comes first (then `exit`) when the thread throws; a bare `exit` when it stops on its own.
            worker.on('error', (error) => this.died(worker, `the hashing thread crashed: ${error.message}`, error));
            worker.on('exit', (code) => this.died(worker, `the hashing thread exited (code ${code})`));
            this.worker = worker;
        }
        return this.worker;
    }

    private died(worker: Worker, message: string, cause?: Error): void {
        if (this.worker !== worker) {
            return; // disposed, or already recorded by the `error` that preceded this `exit`
        }
        this.worker = undefined;
        this.broken = new HashWorkerError(message, cause ? { cause } : undefined);
        this.rejectWaiting(this.broken);
    }

    private rejectWaiting(error: Error): void {
        for (const entry of this.waiting.values()) {
            entry.reject(error);
        }
        this.waiting.clear();
    }
}

/** One file's hash on the worker, told whenever the contiguous prefix on disk has grown by 8 MiB. */
class WorkerHash implements FileHasher {
    private sent = 0;

    constructor(
        private readonly id: number,
        private readonly channel: Channel,
        private readonly contiguous: () => number,
    ) {}

    offer(): void {
        this.kick();
    }

    kick(): void {
        const upTo = this.contiguous();
        if (upTo - this.sent >= 8 * 1024 * 1024) {
            this.sent = upTo;
            this.channel.post({ type: 'advance', id: this.id, upTo });
        }
    }

    finish(size: number): Promise<string> {
        return this.channel.digest(this.id, size);
    }

    /** Abandons the hash (failure or cancel) and closes the worker's descriptor. */
    close(): void {
        this.channel.post({ type: 'close', id: this.id });
    }
}
