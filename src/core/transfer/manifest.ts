/**
 * The record of verified files of one version in one destination (kept in the user's cache, see store.ts). An entry is written after a file passed
 * verification and before it is renamed into place; it stores the size, checksum and mtime the file had, so a rerun
 * can skip a multi-GiB file with a `stat` instead of hashing it again. A file whose size or mtime no longer match
 * (edited, replaced) is re-checked, never trusted.
 */
import { z } from 'zod';
import type { TransferIo } from './io';

export interface VerifiedEntry {
    size: number;
    mtimeMs: number;
    sha256Base64?: string;
    verifiedBy: 'sha256' | 'size';
}

/** Tolerant: unknown fields are ignored; a broken file is treated as empty (files are then re-checked). */
const manifestSchema = z.object({
    v: z.literal(1),
    files: z.record(
        z.string(),
        z.object({
            size: z.number(),
            mtimeMs: z.number(),
            sha256Base64: z.string().optional(),
            verifiedBy: z.enum(['sha256', 'size']),
        }),
    ),
});

export class VerifiedManifest {
    private writing: Promise<void> = Promise.resolve();

    private constructor(
        private readonly io: TransferIo,
        private readonly file: string,
        private readonly entries: Map<string, VerifiedEntry>,
    ) {}

    static async load(io: TransferIo, file: string): Promise<VerifiedManifest> {
        const entries = new Map<string, VerifiedEntry>();
        try {
            const parsed = manifestSchema.safeParse(JSON.parse((await io.readFile(file)).toString('utf8')));
            if (parsed.success) {
                for (const [path, entry] of Object.entries(parsed.data.files)) {
                    entries.set(path, entry);
                }
            }
        } catch {
            // Missing or unreadable: every file is checked from scratch.
        }
        return new VerifiedManifest(io, file, entries);
    }

    /** True when the file on disk is the one recorded as verified for this expected size and checksum. */
    matches(
        path: string,
        expected: { size: number; sha256Base64?: string },
        onDisk: { size: number; mtimeMs: number },
    ): boolean {
        const e = this.entries.get(path);
        return (
            e !== undefined &&
            e.size === expected.size &&
            e.size === onDisk.size &&
            e.mtimeMs === onDisk.mtimeMs &&
            e.sha256Base64 === expected.sha256Base64
        );
    }

    /** Records a verified file and persists the manifest (writes are serialised). */
    record(path: string, entry: VerifiedEntry): Promise<void> {
        this.entries.set(path, entry);
        return this.persist();
    }

    /** Takes over the entries of `other` that this record lacks (an earlier release's record) and persists. */
    adopt(other: VerifiedManifest): Promise<void> {
        for (const [path, entry] of other.entries) {
            if (!this.entries.has(path)) {
                this.entries.set(path, entry);
            }
        }
        return this.persist();
    }

    get size(): number {
        return this.entries.size;
    }

    forget(path: string): Promise<void> {
        return this.entries.delete(path) ? this.persist() : Promise.resolve();
    }

    private persist(): Promise<void> {
        const next = this.writing.then(() =>
            this.io.writeFileAtomic(
                this.file,
                JSON.stringify({ v: 1, files: Object.fromEntries(this.entries) }, null, 1),
            ),
        );
        this.writing = next.catch(() => undefined);
        return next;
    }
}
