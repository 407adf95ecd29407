/**
 * The one owner of a version's download bookkeeping: where each file's partial data and resume sidecar live, the
 * record of files verified by earlier runs, and the moves between them (commit a verified partial, discard a bad
 * one). Nothing else in the engine knows these paths, so where the bookkeeping is kept is decided here alone.
 *
 * A model downloaded into a workspace must not add files the artifact does not contain (nor show up in `git
 * status`), so the destination holds only the artifact's files once a run completes:
 * - the record of verified files and the resume sidecars live in the user's cache folder
 *   (`$XDG_CACHE_HOME/ngc-explorer` or `~/.cache/ngc-explorer`), one folder per destination, artifact and version;
 * - partial data lives in one hidden folder, `DEST/NAME_vVERSION/.ngc-staging/`, removed once it is empty. It stays
 *   on the destination's file system, so a verified file is moved into place by a rename (no copy, no second
 *   disk's free space), and a cancelled run leaves one hidden folder instead of partials scattered beside the files.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { linkRefusal, localFileError } from './errors';
import type { TransferIo } from './io';
import { VerifiedManifest, type VerifiedEntry } from './manifest';
import { LEGACY_MANIFEST_NAME, resolveInside, STAGING_DIR } from './paths';
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

/** `$XDG_CACHE_HOME/ngc-explorer`, else `~/.cache/ngc-explorer` (a relative XDG_CACHE_HOME is ignored, per the spec). */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
    const xdg = env['XDG_CACHE_HOME'];
    return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache'), 'ngc-explorer');
}

/** The cache folder of one version downloaded into one destination (keyed by absolute folder, kind and reference). */
export function versionStateDir(
    stateDir: string,
    plan: Pick<DownloadPlan, 'destination' | 'kind' | 'reference'>,
): string {
    return path.join(stateDir, 'downloads', digest([path.resolve(plan.destination), plan.kind, plan.reference]));
}

export class TransferStore {
    private constructor(
        private readonly io: TransferIo,
        private readonly destination: string,
        private readonly stateDir: string,
        private readonly manifest: VerifiedManifest,
    ) {}

    /**
     * Loads the record of verified files of `plan`'s version (missing or broken: every file is checked again).
     * `stateDir` is the cache folder (default {@link defaultStateDir}).
     */
    static async open(io: TransferIo, plan: DownloadPlan, stateDir = defaultStateDir()): Promise<TransferStore> {
        const dir = versionStateDir(stateDir, plan);
        try {
            await io.mkdir(dir);
        } catch (error) {
            throw localFileError(dir, error);
        }
        const manifest = await VerifiedManifest.load(io, path.join(dir, 'verified.json'));
        return new TransferStore(io, plan.destination, dir, manifest);
    }

    /** The places of one planned file; its API path is validated again against the destination. */
    slot(planned: PlannedFile): FileSlot {
        const finalPath = resolveInside(this.destination, planned.path);
        const key = digest([planned.path]);
        return {
            planned,
            finalPath,
            partialPath: path.join(this.destination, STAGING_DIR, `${key}.partial`),
            statePath: path.join(this.stateDir, `${key}.json`),
        };
    }

    /**
     * Takes over the record an earlier release kept in the destination (`.ngc-download.json`) and deletes it there,
     * so a folder downloaded before still skips its verified files and ends up holding only the artifact's files.
     */
    async adoptLegacyRecord(): Promise<void> {
        const file = path.join(this.destination, LEGACY_MANIFEST_NAME);
        const legacy = await VerifiedManifest.load(this.io, file);
        if (legacy.size > 0) {
            await this.manifest.adopt(legacy);
            await this.io.remove(file);
        }
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

    /**
     * Refuses a symbolic link anywhere from the version folder down to `target` (the version folder included, the
     * user's own `--dest` path above it not): a planted `sub -> ../outside` or a partial linked to another file
     * must not receive our bytes. Checked before anything is written and again before a file is moved into place.
     */
    async refuseLinks(target: string): Promise<void> {
        const relative = path.relative(this.destination, target);
        const segments = relative === '' ? [] : relative.split(path.sep);
        let current = this.destination;
        for (let i = 0; ; i++) {
            const found = await this.io.lstat(current);
            if (!found) {
                return; // nothing further down exists yet
            }
            if (found.isSymbolicLink) {
                throw linkRefusal(current);
            }
            const next = segments[i];
            if (next === undefined) {
                return;
            }
            current = path.join(current, next);
        }
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
        await this.refuseLinks(slot.finalPath);
        await this.io.mkdir(path.dirname(slot.finalPath));
        await this.io.rename(slot.partialPath, slot.finalPath);
        await this.io.remove(slot.statePath);
    }

    /** Deletes a partial and its sidecar (bad bytes, or a file the server describes differently). */
    async discard(slot: FileSlot): Promise<void> {
        await Promise.all([this.io.remove(slot.partialPath), this.io.remove(slot.statePath)]);
    }

    /** Removes the staging folder once no partial is left in it (after any run: complete, failed or cancelled). */
    async tidy(): Promise<void> {
        await this.io.removeEmptyDir(path.join(this.destination, STAGING_DIR)).catch(() => undefined);
    }
}

/** A short, stable, file-name-safe key. */
function digest(parts: readonly string[]): string {
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}
