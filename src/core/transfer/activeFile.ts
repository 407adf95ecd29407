/**
 * The in-flight state of one file: its open partial, its parts, the checksum frontier and the sidecar. The engine
 * (download.ts) opens it, fetchPart.ts fills its parts through the {@link PartSink} side, and it ends in exactly one
 * of three ways: {@link ActiveFile.complete} (verified and moved into place, or discarded), {@link
 * ActiveFile.suspend} (kept for a resume) or {@link ActiveFile.discard}.
 */
import path from 'node:path';
import { formatBytes } from '../lib/format';
import { TransferError, WriteFailure } from './errors';
import { HashWorkerError } from './hashWorker';
import type { TransferIo, WritableFile } from './io';
import type { PlannedFile } from './plan';
import { contiguousPrefix, splitParts, type Part, type PartOptions, type StateWriter } from './resume';
import type { FileSlot, TransferStore } from './store';
import type { PartSink } from './streamInto';
import { checkFile, sha256OfFile, type FileHasher, type VerificationFailure } from './verify';

/** How often a file's sidecar is rewritten while bytes arrive (plus at every failure and cancel). */
const STATE_SAVE_INTERVAL_MS = 1_000;

/** Builds the hasher of a file that has a checksum, given its partial and how far it is contiguous on disk. */
export type HasherFactory = (slot: FileSlot, handle: WritableFile, contiguous: () => number) => FileHasher | undefined;

/** How a completed file ended: moved into place, or failed verification (its partial was deleted). */
export type Completion = { verifiedBy: 'sha256' | 'size' } | { failure: VerificationFailure };

export class ActiveFile implements PartSink {
    private readonly hasher: FileHasher | undefined;
    private readonly state: StateWriter;
    private lastSave = 0;

    private constructor(
        private readonly store: TransferStore,
        private readonly slot: FileSlot,
        private readonly handle: WritableFile,
        readonly parts: Part[],
        private readonly now: () => number,
        hasherFor: HasherFactory,
    ) {
        this.hasher = hasherFor(slot, handle, () => contiguousPrefix(this.parts));
        const planned = slot.planned;
        this.state = store.stateWriter(slot, () => ({
            size: planned.sizeInBytes,
            ...(planned.sha256Base64 ? { sha256Base64: planned.sha256Base64 } : {}),
            parts: this.parts.map((p) => ({ ...p })),
        }));
    }

    /**
     * Opens the partial of `slot`: an earlier run's (with the parts its sidecar restored), or a new one preallocated
     * to the final size and split into parts (never larger than the free space). File-system failures are thrown as
     * {@link WriteFailure}.
     */
    static async open(
        io: TransferIo,
        store: TransferStore,
        slot: FileSlot,
        resume: Part[] | undefined,
        options: { parts: PartOptions; now: () => number; hasherFor: HasherFactory },
    ): Promise<ActiveFile> {
        try {
            // The preflight checked for planted links; the run can be long, so check the chain again right here.
            await store.refuseLinks(slot.partialPath);
            await io.mkdir(path.dirname(slot.partialPath));
            if (resume) {
                const handle = await io.openReadWrite(slot.partialPath);
                const file = new ActiveFile(store, slot, handle, resume, options.now, options.hasherFor);
                file.hasher?.kick();
                return file;
            }
            await io.remove(slot.partialPath);
            // The preflight checked the whole run; the disk may have filled since. Never preallocate past it.
            const free = await io.freeBytes(path.dirname(slot.partialPath));
            if (slot.planned.sizeInBytes > free) {
                throw new TransferError(
                    'disk-space',
                    `not enough free space for ${slot.planned.path} (${formatBytes(slot.planned.sizeInBytes)}, ` +
                        `${formatBytes(free)} free); free some space and rerun the same command`,
                );
            }
            const handle = await io.openReadWrite(slot.partialPath);
            await handle.truncate(slot.planned.sizeInBytes);
            const parts = splitParts(slot.planned.sizeInBytes, options.parts);
            const file = new ActiveFile(store, slot, handle, parts, options.now, options.hasherFor);
            await file.saveState();
            return file;
        } catch (error) {
            throw TransferError.is(error) ? error : new WriteFailure(error);
        }
    }

    get planned(): PlannedFile {
        return this.slot.planned;
    }

    get size(): number {
        return this.slot.planned.sizeInBytes;
    }

    writeAt(chunks: readonly Buffer[], position: number): Promise<void> {
        return this.handle.writeAt(chunks, position);
    }

    /** Called after bytes of a part reached the disk. */
    written(position: number, chunks: readonly Buffer[]): void {
        this.hasher?.offer(position, chunks);
        if (this.now() - this.lastSave >= STATE_SAVE_INTERVAL_MS) {
            this.lastSave = this.now();
            this.state.save().catch(() => undefined);
        }
    }

    /** Stops here and keeps the bytes on disk for a resume: the sidecar is brought up to date. */
    async suspend(): Promise<void> {
        this.hasher?.close();
        await this.saveState().catch(() => undefined);
        await this.close();
    }

    /** Verifies size (of the partial) and, where listed, SHA-256; moves the file into place or deletes the partial. */
    async complete(): Promise<Completion> {
        const size = await this.handle.size();
        const sha = this.hasher ? await this.digest(this.hasher) : undefined;
        const { path: filePath, sha256Base64 } = this.slot.planned;
        const failure = checkFile(
            filePath,
            { size: this.size, sha256Base64 },
            { size, ...(sha ? { sha256Base64: sha } : {}) },
        );
        await this.handle.close();
        if (failure) {
            await this.store.discard(this.slot);
            return { failure };
        }
        const verifiedBy = sha256Base64 ? 'sha256' : 'size';
        await this.store.commit(this.slot, verifiedBy);
        return { verifiedBy };
    }

    /** Releases the partial's handle (a no-op once closed). */
    close(): Promise<void> {
        return this.handle.close().catch(() => undefined);
    }

    private saveState(): Promise<void> {
        this.lastSave = this.now();
        return this.state.flush();
    }

    /**
     * The hasher's digest; when the hashing thread died under it, the file is hashed again here on the main thread
     * (one extra read, from the page cache) rather than failing a download whose bytes are all on disk.
     */
    private async digest(hasher: FileHasher): Promise<string> {
        try {
            return await hasher.finish(this.size);
        } catch (error) {
            if (!HashWorkerError.is(error)) {
                throw error;
            }
            return sha256OfFile(this.handle, this.size);
        }
    }
}
