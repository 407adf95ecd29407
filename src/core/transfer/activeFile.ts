/**
 * The in-flight state of one file: its open partial, its parts, the checksum frontier and the sidecar writer. The
 * engine (download.ts) drives it; fetchPart.ts fills its parts.
 */
import path from 'node:path';
import { WriteFailure } from './streamInto';
import type { TransferIo, WritableFile } from './io';
import type { PlannedFile } from './plan';
import { contiguousPrefix, splitParts, StateWriter, type Part, type PartOptions } from './resume';
import type { SurveyedFile } from './survey';
import { HashWorkerError } from './hashWorker';
import { checkFile, sha256OfFile, type FileHasher, type VerificationFailure } from './verify';

/** How often a file's sidecar is rewritten while bytes arrive (plus at every part end, failure and cancel). */
const STATE_SAVE_INTERVAL_MS = 1_000;

export class ActiveFile {
    readonly hasher: FileHasher | undefined;
    private readonly state: StateWriter;
    private lastSave = 0;

    constructor(
        readonly planned: PlannedFile,
        readonly finalPath: string,
        readonly partialPath: string,
        readonly handle: WritableFile,
        readonly parts: Part[],
        io: TransferIo,
        statePath: string,
        private readonly now: () => number,
        /** Builds the hasher (when the file has a checksum) given how to read the contiguous prefix on disk. */
        hasherFor: (contiguous: () => number) => FileHasher | undefined,
    ) {
        this.hasher = hasherFor(() => contiguousPrefix(this.parts));
        this.state = new StateWriter(io, statePath, () => ({
            size: planned.sizeInBytes,
            ...(planned.sha256Base64 ? { sha256Base64: planned.sha256Base64 } : {}),
            parts: this.parts.map((p) => ({ ...p })),
        }));
    }

    get size(): number {
        return this.planned.sizeInBytes;
    }

    /** Called after bytes of a part reached the disk. */
    written(position: number, chunks: readonly Buffer[]): void {
        this.hasher?.offer(position, chunks);
        if (this.now() - this.lastSave >= STATE_SAVE_INTERVAL_MS) {
            this.lastSave = this.now();
            this.state.save().catch(() => undefined);
        }
    }

    /** Persists the sidecar now (part finished, failure, cancel). */
    saveState(): Promise<void> {
        this.lastSave = this.now();
        return this.state.flush();
    }
}

/** Opens (or creates and preallocates) the partial of a file and restores its parts from the sidecar. */
export async function openActive(
    io: TransferIo,
    entry: SurveyedFile,
    partOptions: PartOptions,
    now: () => number,
    hasherFor: (entry: SurveyedFile, handle: WritableFile) => (contiguous: () => number) => FileHasher | undefined,
): Promise<ActiveFile> {
    try {
        await io.mkdir(path.dirname(entry.finalPath));
        if (entry.resume) {
            const handle = await io.openReadWrite(entry.partialPath);
            const file = new ActiveFile(
                entry.planned,
                entry.finalPath,
                entry.partialPath,
                handle,
                entry.resume.parts,
                io,
                entry.statePath,
                now,
                hasherFor(entry, handle),
            );
            file.hasher?.kick();
            return file;
        }
        await io.remove(entry.partialPath);
        const handle = await io.openReadWrite(entry.partialPath);
        await handle.truncate(entry.planned.sizeInBytes);
        const parts = splitParts(entry.planned.sizeInBytes, partOptions);
        const file = new ActiveFile(
            entry.planned,
            entry.finalPath,
            entry.partialPath,
            handle,
            parts,
            io,
            entry.statePath,
            now,
            hasherFor(entry, handle),
        );
        await file.saveState();
        return file;
    } catch (error) {
        throw new WriteFailure(error);
    }
}

/** Size (of the partial and of every part) and, where listed, SHA-256. */
export async function verifyActive(file: ActiveFile): Promise<VerificationFailure | undefined> {
    const size = await file.handle.size();
    const sha = file.hasher ? await digestOf(file, file.hasher) : undefined;
    return checkFile(
        file.planned.path,
        { size: file.size, sha256Base64: file.planned.sha256Base64 },
        { size, ...(sha ? { sha256Base64: sha } : {}) },
    );
}

/**
 * The hasher's digest; when the hashing thread died under it, the file is hashed again here on the main thread
 * (one extra read, from the page cache) rather than failing a download whose bytes are all on disk.
 */
async function digestOf(file: ActiveFile, hasher: FileHasher): Promise<string> {
    try {
        return await hasher.finish(file.size);
    } catch (error) {
        if (!HashWorkerError.is(error)) {
            throw error;
        }
        return sha256OfFile(file.handle, file.size);
    }
}
