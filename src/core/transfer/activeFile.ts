/**
 * The in-flight state of one file: its open partial, its parts, the checksum frontier and the sidecar writer. The
 * engine (download.ts) drives it; fetchPart.ts fills its parts.
 */
import type { WritableFile } from './io';
import type { PlannedFile } from './plan';
import { contiguousPrefix, type Part, StateWriter } from './resume';
import type { TransferIo } from './io';
import type { FileHasher } from './verify';

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
