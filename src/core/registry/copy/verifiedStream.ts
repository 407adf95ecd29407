import { createHash, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DigestMismatchError } from '../errors';

/**
 * A source blob read once, front to back, hashing every byte as it passes: the digest is checked when the last byte
 * has been read (and a longer or shorter body than the descriptor's size is an error at once), so a corrupt source
 * never completes an upload. {@link take} hands out exact-length slices without buffering more than one chunk of
 * the source stream, so memory stays bounded whatever the blob size.
 */
export class VerifiedBlobReader {
    private readonly hash: Hash = createHash('sha256');
    private readonly iterator: AsyncIterator<unknown>;
    private pending: Buffer | undefined;
    private consumed = 0;
    private finished = false;
    /** The verification failure, kept because an HTTP client may wrap an error thrown inside a request body. */
    failure: DigestMismatchError | undefined;

    constructor(
        private readonly stream: Readable,
        readonly digest: string,
        readonly size: number,
        private readonly what: string,
    ) {
        this.iterator = stream[Symbol.asyncIterator]();
    }

    /** Bytes read from the source so far. */
    get position(): number {
        return this.consumed;
    }

    /** Reads and hashes `count` bytes without handing them out (what the target already holds on a resume). */
    async skip(count: number): Promise<void> {
        for await (const chunk of this.take(count)) {
            void chunk;
        }
    }

    /** The next `count` bytes, as they arrive. */
    async *take(count: number): AsyncGenerator<Buffer> {
        try {
            yield* this.slice(count);
        } catch (error) {
            if (DigestMismatchError.is(error)) {
                this.failure = error;
            }
            throw error;
        }
    }

    private async *slice(count: number): AsyncGenerator<Buffer> {
        let left = count;
        while (left > 0) {
            const chunk = await this.next();
            if (chunk === undefined) {
                throw new DigestMismatchError(
                    this.what,
                    `${this.digest} (${this.size} bytes)`,
                    `a body that ended after ${this.consumed} bytes`,
                );
            }
            if (chunk.length > left) {
                this.pending = chunk.subarray(left);
                this.consumed -= this.pending.length;
                yield chunk.subarray(0, left);
                return;
            }
            left -= chunk.length;
            yield chunk;
        }
        if (this.consumed === this.size) {
            await this.finish();
        }
    }

    /** Stops reading (a failed request, a cancel): the source connection is closed. */
    close(): void {
        this.stream.destroy();
    }

    private async next(): Promise<Buffer | undefined> {
        if (this.pending) {
            const chunk = this.pending;
            this.pending = undefined;
            this.consumed += chunk.length;
            return chunk;
        }
        const result = await this.iterator.next();
        if (result.done) {
            return undefined;
        }
        const value: unknown = result.value;
        const chunk = Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
        this.hash.update(chunk);
        this.consumed += chunk.length;
        if (this.consumed > this.size) {
            this.close();
            throw new DigestMismatchError(this.what, `${this.digest} (${this.size} bytes)`, 'a longer body');
        }
        return chunk;
    }

    /** At the declared size: the body must end here and hash to the digest. */
    private async finish(): Promise<void> {
        if (this.finished) {
            return;
        }
        this.finished = true;
        const extra = await this.iterator.next();
        if (!extra.done && Buffer.byteLength(extra.value as Buffer) > 0) {
            this.close();
            throw new DigestMismatchError(this.what, `${this.digest} (${this.size} bytes)`, 'a longer body');
        }
        const actual = `sha256:${this.hash.digest('hex')}`;
        if (this.digest.startsWith('sha256:') && actual !== this.digest) {
            throw new DigestMismatchError(this.what, this.digest, actual);
        }
    }
}
