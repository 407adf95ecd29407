/**
 * The one owner of a version's download bookkeeping: where each file's partial data and resume sidecar live, the
 * record of files verified by earlier runs, and the moves between them (commit a verified partial, discard a bad
 * one). Nothing else in the engine knows these paths, so where the bookkeeping is kept is decided here alone.
 */
import path from 'node:path';
import type { TransferIo } from './io';
import { VerifiedManifest, type VerifiedEntry } from './manifest';
import { MANIFEST_NAME, partialPathOf, resolveInside, statePathOf } from './paths';
import type { DownloadPlan, PlannedFile } from './plan';
import { loadPartialState, StateWriter, type PartialState } from './resume';

/** One planned file and the places its bytes and bookkeeping go. */
export interface FileSlot {
    planned: PlannedFile;
    /** Where the verified file lands, under the version folder. */
    finalPath: string;
    /** Where its bytes are written until they are verified. */
    partialPath: string;
    /** The sidecar recording how much of each part of the partial is on disk. */
    statePath: string;
}

export class TransferStore {
    private constructor(
        private readonly io: TransferIo,
        private readonly destination: string,
        private readonly manifest: VerifiedManifest,
    ) {}

    /** Loads the record of verified files of `plan`'s version (missing or broken: every file is checked again). */
    static async open(io: TransferIo, plan: DownloadPlan): Promise<TransferStore> {
        const manifest = await VerifiedManifest.load(io, path.join(plan.destination, MANIFEST_NAME));
        return new TransferStore(io, plan.destination, manifest);
    }

    /** The places of one planned file; its API path is validated again against the destination. */
    slot(planned: PlannedFile): FileSlot {
        const finalPath = resolveInside(this.destination, planned.path);
        return { planned, finalPath, partialPath: partialPathOf(finalPath), statePath: statePathOf(finalPath) };
    }

    /** True when the file under its final name is the one an earlier run verified (same size, mtime and checksum). */
    isVerified(slot: FileSlot, onDisk: { size: number; mtimeMs: number }): boolean {
        const { path: filePath, sizeInBytes, sha256Base64 } = slot.planned;
        return this.manifest.matches(filePath, { size: sizeInBytes, sha256Base64 }, onDisk);
    }

    /** Records a file found complete under its final name (its checksum was just computed). */
    recordVerified(slot: FileSlot, entry: VerifiedEntry): Promise<void> {
        return this.manifest.record(slot.planned.path, entry);
    }

    /** The resumable state of an earlier run's partial, or undefined to start over. */
    loadResume(slot: FileSlot): Promise<PartialState | undefined> {
        const { sizeInBytes: size, sha256Base64 } = slot.planned;
        return loadPartialState(this.io, slot.statePath, slot.partialPath, { size, sha256Base64 });
    }

    /** The writer of `slot`'s sidecar; `snapshot` is read at each save. */
    stateWriter(slot: FileSlot, snapshot: () => PartialState): StateWriter {
        return new StateWriter(this.io, slot.statePath, snapshot);
    }

    /**
     * Moves a verified partial into place: the record is written first (so a crash after the rename still finds the
     * file verified), then the rename, then the sidecar goes.
     */
    async commit(slot: FileSlot, verifiedBy: 'sha256' | 'size'): Promise<void> {
        const stat = await this.io.stat(slot.partialPath);
        await this.manifest.record(slot.planned.path, {
            size: slot.planned.sizeInBytes,
            mtimeMs: stat?.mtimeMs ?? 0,
            verifiedBy,
            ...(slot.planned.sha256Base64 ? { sha256Base64: slot.planned.sha256Base64 } : {}),
        });
        await this.io.rename(slot.partialPath, slot.finalPath);
        await this.io.remove(slot.statePath);
    }

    /** Deletes a partial and its sidecar (bad bytes, or a file the server describes differently). */
    async discard(slot: FileSlot): Promise<void> {
        await Promise.all([this.io.remove(slot.partialPath), this.io.remove(slot.statePath)]);
    }
}
