/**
 * Deterministic file contents. A fixed 1 MiB pseudo-random block (SHA-256 in counter mode) is read cyclically from a
 * per-file offset, so a 2 GiB bench file costs no memory and streams as zero-copy slices. SHA-256 digests (NGC's
 * `sha256_base64`) are computed lazily, off the hot path, and cached.
 */
import { createHash } from 'node:crypto';
import type { StreamBody } from '../core/types.js';
import type { FileSpec } from './types.js';

const BLOCK_SIZE = 1 << 20;
const MAX_CHUNK = 256 * 1024;
let block: Buffer | undefined;

/** The shared 1 MiB pseudo-random block. */
export function randomBlock(): Buffer {
    if (block === undefined) {
        const out = Buffer.alloc(BLOCK_SIZE);
        for (let i = 0; i * 32 < BLOCK_SIZE; i++) {
            createHash('sha256')
                .update(`ngc-sim-block-${i}`)
                .digest()
                .copy(out, i * 32);
        }
        block = out;
    }
    return block;
}

/** `length` deterministic bytes for `seed` (small buffers only: layer payloads, fixtures). */
export function seededBytes(seed: number, length: number): Buffer {
    const out = Buffer.alloc(length);
    const src = randomBlock();
    for (let p = 0; p < length;) {
        const offset = (p + seed) % BLOCK_SIZE;
        const n = Math.min(length - p, BLOCK_SIZE - offset);
        src.copy(out, p, offset, offset + n);
        p += n;
    }
    return out;
}

/** Bytes `[start, end)` of a file, streamed. */
export function fileBody(file: FileSpec, start = 0, end = file.size): StreamBody {
    const content = file.content;
    if (content !== undefined) {
        const slice = content.subarray(start, end);
        return { length: slice.length, chunks: () => once(slice) };
    }
    return { length: Math.max(0, end - start), chunks: () => generate(file.seed, start, end) };
}

async function* once(buffer: Buffer): AsyncIterable<Buffer> {
    yield buffer;
}

async function* generate(seed: number, start: number, end: number): AsyncIterable<Buffer> {
    const src = randomBlock();
    for (let p = start; p < end;) {
        const offset = (p + seed) % BLOCK_SIZE;
        const n = Math.min(end - p, BLOCK_SIZE - offset, MAX_CHUNK);
        yield src.subarray(offset, offset + n);
        p += n;
    }
}

const shaCache = new WeakMap<FileSpec, Promise<Buffer>>();

/** The raw SHA-256 of a file's bytes, computed once; yields to the event loop every 64 MiB. */
export function fileSha256(file: FileSpec): Promise<Buffer> {
    let cached = shaCache.get(file);
    if (cached === undefined) {
        cached = computeSha(file);
        shaCache.set(file, cached);
    }
    return cached;
}

async function computeSha(file: FileSpec): Promise<Buffer> {
    const hash = createHash('sha256');
    let sinceYield = 0;
    for await (const chunk of fileBody(file).chunks()) {
        hash.update(chunk);
        sinceYield += chunk.length;
        if (sinceYield >= 64 * BLOCK_SIZE) {
            sinceYield = 0;
            await new Promise((resolve) => setImmediate(resolve));
        }
    }
    return hash.digest();
}

/** `sha256:<hex>` of a buffer, the OCI digest form. */
export function digestOf(bytes: Buffer): string {
    return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
