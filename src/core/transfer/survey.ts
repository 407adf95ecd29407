/**
 * Before a run: make sure the destination can be used, and find out what an earlier run already did, so a rerun
 * skips verified files and resumes partials instead of downloading everything again.
 */
import path from 'node:path';
import { mapConcurrent } from '../lib/abort';
import { TransferError } from './errors';
import type { TransferIo } from './io';
import type { VerifiedManifest } from './manifest';
import { partialPathOf, resolveInside, statePathOf } from './paths';
import type { DownloadPlan, PlannedFile } from './plan';
import { bytesDone, loadPartialState, type PartialState } from './resume';
import { checkFile, sha256OfFile } from './verify';

export interface SurveyedFile {
    planned: PlannedFile;
    finalPath: string;
    partialPath: string;
    statePath: string;
    /** Present and verified: nothing to do. */
    skip?: { verifiedBy: 'sha256' | 'size' };
    /** A resumable partial from an earlier run. */
    resume?: PartialState;
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
        throw destinationError(dir, error);
    }
}

/** Explains a file-system failure on the destination in words a person can act on. */
export function destinationError(target: string, error: unknown): TransferError {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const why =
        code === 'ENOTDIR' || code === 'EEXIST'
            ? 'part of the path is a file, not a folder'
            : code === 'EACCES' || code === 'EPERM'
              ? 'permission denied (the folder is not writable)'
              : code === 'EROFS'
                ? 'the file system is read-only'
                : code === 'ENOSPC'
                  ? 'the disk is full'
                  : error instanceof Error
                    ? error.message
                    : String(error);
    return new TransferError('destination', `cannot write to ${target}: ${why}`, { cause: error });
}

/**
 * Classifies each planned file: already verified (the manifest matches its size and mtime, or its size matches and
 * its SHA-256 checks out), resumable (a partial with a sidecar for the same size and checksum), or new.
 */
export async function surveyFiles(
    io: TransferIo,
    plan: DownloadPlan,
    manifest: VerifiedManifest,
    signal?: AbortSignal,
): Promise<SurveyedFile[]> {
    return mapConcurrent(plan.files, 4, async (planned) => {
        signal?.throwIfAborted();
        const finalPath = resolveInside(plan.destination, planned.path);
        const entry: SurveyedFile = {
            planned,
            finalPath,
            partialPath: partialPathOf(finalPath),
            statePath: statePathOf(finalPath),
        };
        const expected = { size: planned.sizeInBytes, sha256Base64: planned.sha256Base64 };
        const onDisk = await io.stat(finalPath);
        if (onDisk?.isDirectory) {
            throw new TransferError('destination', `cannot write ${finalPath}: a folder of that name is in the way`);
        }
        if (onDisk?.isFile && manifest.matches(planned.path, expected, onDisk)) {
            entry.skip = { verifiedBy: planned.sha256Base64 ? 'sha256' : 'size' };
            return entry;
        }
        if (onDisk?.isFile && onDisk.size === planned.sizeInBytes && planned.sha256Base64) {
            // Not recorded by us (or touched since): trust it only if its checksum matches.
            const handle = await io.openReadWrite(finalPath);
            const sha = await sha256OfFile(handle, onDisk.size, signal).finally(() => handle.close());
            if (checkFile(planned.path, expected, { size: onDisk.size, sha256Base64: sha }) === undefined) {
                await manifest.record(planned.path, {
                    size: onDisk.size,
                    mtimeMs: onDisk.mtimeMs,
                    sha256Base64: sha,
                    verifiedBy: 'sha256',
                });
                entry.skip = { verifiedBy: 'sha256' };
                return entry;
            }
        }
        const resume = await loadPartialState(io, entry.statePath, entry.partialPath, expected);
        if (resume && bytesDone(resume.parts) > 0) {
            entry.resume = resume;
        }
        return entry;
    });
}
