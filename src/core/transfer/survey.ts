/**
 * Before a run (planning's last step): make sure the destination can be used, and find out what an earlier run already did, so a rerun
 * skips verified files and resumes partials instead of downloading everything again.
 */
import path from 'node:path';
import { mapConcurrent } from '../lib/abort';
import { isFileSystemError, localFileError, TransferError } from './errors';
import type { TransferIo } from './io';
import { formatBytes } from '../lib/format';
import type { DownloadPlan } from './plan';
import { bytesDone, type Part } from './resume';
import type { FileSlot, TransferStore } from './store';
import { checkFile, sha256OfFile } from './verify';

export interface SurveyedFile extends FileSlot {
    /** Present and verified: nothing to do. */
    skip?: { verifiedBy: 'sha256' | 'size' };
    /** The parts of a resumable partial from an earlier run. */
    resume?: Part[];
}

/**
 * Creates `dest/NAME_vVERSION` and proves it writable with a probe file, turning the usual failures into a
 * {@link TransferError} of reason `destination` that names the culprit: a file where a folder should be
 * (ENOTDIR/EEXIST), no permission (EACCES/EPERM) or a read-only file system (EROFS).
 */
export async function prepareDestination(io: TransferIo, dir: string): Promise<void> {
    const existing = await io.stat(dir).catch(() => undefined);
    if (existing && !existing.isDirectory) {
        throw new TransferError('destination', `cannot download into ${dir}: it exists and is not a folder`);
    }
    const probe = path.join(dir, `.ngc-write-test-${process.pid}`);
    try {
        await io.mkdir(dir);
        await io.writeFileAtomic(probe, '');
        await io.remove(probe);
    } catch (error) {
        throw localFileError(dir, error);
    }
}

/** What a run starts from: every planned file classified, and the bytes an earlier run already accounts for. */
export interface Preflight {
    files: SurveyedFile[];
    skippedBytes: number;
    resumedBytes: number;
}

/**
 * Everything decided before the first byte is fetched: the destination is usable, each planned file is classified
 * (already verified, resumable, new) and the disk has room for the bytes still to come. Throws before anything is
 * written when one of these fails.
 */
export async function preflight(
    io: TransferIo,
    plan: DownloadPlan,
    store: TransferStore,
    signal?: AbortSignal,
): Promise<Preflight> {
    await store.refuseLinks(plan.destination);
    await prepareDestination(io, plan.destination);
    await store.adoptLegacyRecord();
    const files = await surveyFiles(io, plan, store, signal);
    const skippedBytes = files.reduce((sum, f) => sum + (f.skip ? f.planned.sizeInBytes : 0), 0);
    const resumedBytes = files.reduce((sum, f) => sum + (f.resume ? bytesDone(f.resume) : 0), 0);
    await checkFreeSpace(io, plan.destination, plan.totalBytes - skippedBytes - resumedBytes);
    return { files, skippedBytes, resumedBytes };
}

/**
 * Classifies each planned file: already verified (the record matches its size and mtime, or its size matches and its
 * SHA-256 checks out), resumable (a partial with a sidecar for the same size and checksum), or new.
 */
async function surveyFiles(
    io: TransferIo,
    plan: DownloadPlan,
    store: TransferStore,
    signal?: AbortSignal,
): Promise<SurveyedFile[]> {
    return mapConcurrent(plan.files, 4, async (planned) => {
        signal?.throwIfAborted();
        const entry: SurveyedFile = store.slot(planned);
        try {
            return await survey(entry);
        } catch (error) {
            throw isFileSystemError(error) ? localFileError(error.path, error) : error;
        }
    });

    async function survey(entry: SurveyedFile): Promise<SurveyedFile> {
        const { planned, finalPath } = entry;
        await store.refuseLinks(finalPath);
        await store.refuseLinks(entry.partialPath);
        const expected = { size: planned.sizeInBytes, sha256Base64: planned.sha256Base64 };
        const onDisk = await io.stat(finalPath);
        if (onDisk?.isDirectory) {
            throw new TransferError('destination', `cannot write ${finalPath}: a folder of that name is in the way`);
        }
        if (onDisk?.isFile && store.isVerified(entry, onDisk)) {
            entry.skip = { verifiedBy: planned.sha256Base64 ? 'sha256' : 'size' };
            return entry;
        }
        if (onDisk?.isFile && onDisk.size === planned.sizeInBytes && planned.sha256Base64) {
            // Not recorded by us (or touched since): trust it only if its checksum matches.
            const handle = await io.openReadWrite(finalPath);
            const sha = await sha256OfFile(handle, onDisk.size, signal).finally(() => handle.close());
            if (checkFile(planned.path, expected, { size: onDisk.size, sha256Base64: sha }) === undefined) {
                await store.recordVerified(entry, {
                    size: onDisk.size,
                    mtimeMs: onDisk.mtimeMs,
                    sha256Base64: sha,
                    verifiedBy: 'sha256',
                });
                entry.skip = { verifiedBy: 'sha256' };
                return entry;
            }
        }
        const resume = await store.loadResume(entry);
        if (resume && bytesDone(resume.parts) > 0) {
            entry.resume = resume.parts;
        }
        return entry;
    }
}

/**
 * Refuses to start when the file system holding `dir` (or its nearest existing ancestor) has less free space than
 * `neededBytes` plus a small margin. Partials are preallocated sparse, so without this check a full disk would only
 * show up hundreds of MiB into the transfer.
 */
export async function checkFreeSpace(
    io: TransferIo,
    dir: string,
    neededBytes: number,
    marginBytes = 16 * 1024 * 1024,
): Promise<void> {
    if (neededBytes <= 0) {
        return;
    }
    let probe = dir;
    while (!(await io.stat(probe))?.isDirectory && path.dirname(probe) !== probe) {
        probe = path.dirname(probe);
    }
    const free = await io.freeBytes(probe);
    if (free < neededBytes + marginBytes) {
        throw new TransferError(
            'disk-space',
            `not enough free space in ${dir}: ${formatBytes(neededBytes)} to download, ${formatBytes(free)} free. ` +
                'Free some space or choose another destination folder; nothing was written.',
        );
    }
}
