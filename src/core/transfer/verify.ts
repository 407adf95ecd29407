/**
 * Verification: the size always, and NGC's `sha256_base64` (base64 of the raw SHA-256, ngc-api.md 5.3) where the
 * API lists one. The official CLI checks sizes only; we refuse to rename a file into place until both pass.
 */
import { createHash, type Hash } from 'node:crypto';
import type { WritableFile } from './io';

// The error and its wording live in a module without node:crypto, so the failure map can name them cheaply.
import type { VerificationFailure } from './errors';
export { describeFailure, VerificationError, type VerificationFailure } from './errors';

/**
 * Normalises a listed checksum to base64. NGC documents base64 of the raw digest; a 64-character hex string (as
 * some mirrors and older listings give) is accepted and converted, so either form compares correctly.
 */
export function normaliseSha256(value: string | undefined): string | undefined {
    const v = value?.trim();
    if (!v) {
        return undefined;
    }
    if (/^[0-9a-fA-F]{64}$/.test(v)) {
        return Buffer.from(v, 'hex').toString('base64');
    }
    // base64url and missing padding also occur in the wild: compare on the canonical form.
    const raw = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return raw.length === 32 ? raw.toString('base64') : v;
}

/** Compares size, then checksum (when expected); returns the first failure or undefined. */
export function checkFile(
    filePath: string,
    expected: { size: number; sha256Base64?: string },
    actual: { size: number; sha256Base64?: string },
): VerificationFailure | undefined {
    if (expected.size !== actual.size) {
        return { path: filePath, kind: 'size', expected: String(expected.size), actual: String(actual.size) };
    }
    const want = normaliseSha256(expected.sha256Base64);
    if (want !== undefined && want !== actual.sha256Base64) {
        return { path: filePath, kind: 'checksum', expected: want, actual: actual.sha256Base64 ?? '(not computed)' };
    }
    return undefined;
}

const READ_CHUNK = 4 * 1024 * 1024;

/** Hashes `[from, to)` of an open file into `hash`, reusing one buffer (memory stays flat). */
export async function hashRange(
    file: WritableFile,
    hash: Hash,
    from: number,
    to: number,
    signal?: AbortSignal,
): Promise<void> {
    const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK, Math.max(1, to - from)));
    for (let pos = from; pos < to;) {
        signal?.throwIfAborted();
        const want = Math.min(buffer.length, to - pos);
        const n = await file.readAt(buffer.subarray(0, want), pos);
        if (n <= 0) {
            throw new Error(`unexpected end of file at byte ${pos} while hashing`);
        }
        hash.update(buffer.subarray(0, n));
        pos += n;
    }
}

/** Computes a file's SHA-256 while its parts arrive; {@link FrontierHasher} on this thread, or on a worker. */
export interface FileHasher {
    /** Bytes just written at `offset` (already on disk). */
    offer(offset: number, chunks: readonly Buffer[]): void;
    /** Bytes on disk from an earlier run: hash them now. */
    kick(): void;
    /** The base64 digest of `[0, size)`. */
    finish(size: number): Promise<string>;
    /** Gives up (failure, cancel). */
    close(): void;
}

/**
 * Hashes a file in order while its parts are still arriving. Bytes that arrive exactly at the hash frontier are
 * hashed from memory (the single-stream case: hash while streaming); bytes written further ahead by other ranged
 * connections are read back from the file once the frontier reaches them (page cache, so cheap). Either way the
 * digest is ready moments after the last byte lands, instead of a second full pass over a multi-GiB file.
 */
export class FrontierHasher implements FileHasher {
    private readonly hash = createHash('sha256');
    private hashed = 0;
    private catchingUp: Promise<void> | undefined;
    private failed: unknown;

    /** `contiguous()` returns how many bytes from offset 0 are on disk. */
    constructor(
        private readonly file: WritableFile,
        private readonly contiguous: () => number,
    ) {}

    /** Offers bytes just written at `offset`; hashes them directly when they continue the frontier. */
    offer(offset: number, chunks: readonly Buffer[]): void {
        if (this.catchingUp === undefined && offset === this.hashed) {
            for (const c of chunks) {
                this.hash.update(c);
                this.hashed += c.length;
            }
            return;
        }
        this.kick();
    }

    /** Starts reading from disk up to the contiguous prefix (no-op while already doing so). */
    kick(): void {
        if (this.catchingUp !== undefined || this.failed !== undefined || this.contiguous() <= this.hashed) {
            return;
        }
        this.catchingUp = (async () => {
            try {
                for (let target = this.contiguous(); target > this.hashed; target = this.contiguous()) {
                    await hashRange(this.file, this.hash, this.hashed, target);
                    this.hashed = target;
                }
            } catch (error) {
                this.failed = error;
            } finally {
                this.catchingUp = undefined;
            }
        })();
    }

    /** Completes the hash over `[0, size)` and returns the base64 digest. */
    async finish(size: number): Promise<string> {
        while (this.catchingUp !== undefined) {
            await this.catchingUp;
        }
        if (this.failed !== undefined) {
            throw this.failed;
        }
        if (this.hashed > size) {
            throw new Error(`hashed ${this.hashed} bytes of a ${size}-byte file`);
        }
        await hashRange(this.file, this.hash, this.hashed, size);
        this.hashed = size;
        return this.hash.digest('base64');
    }

    close(): void {
        // Nothing to release: reads use the engine's own handle.
    }
}

/** SHA-256 (base64) of a whole file on disk, for checking a file an earlier run left under its final name. */
export async function sha256OfFile(file: WritableFile, size: number, signal?: AbortSignal): Promise<string> {
    const hash = createHash('sha256');
    await hashRange(file, hash, 0, size, signal);
    return hash.digest('base64');
}
