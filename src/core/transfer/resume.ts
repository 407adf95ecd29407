/**
 * Resumable partials. Bytes go to `NAME.ngc-partial` (preallocated to the final size, written positionally); a small
 * JSON sidecar `NAME.ngc-partial.json` records, per part, how many bytes from its start are on disk. After a crash,
 * a dropped connection or a cancel, the next attempt asks for `Range: bytes=start+done-end` of each unfinished part.
 * The sidecar is only ever behind the data (it is written after the bytes it describes), so a resume may re-fetch a
 * little but never trusts bytes that were not written.
 */
import { z } from 'zod';
import type { TransferIo } from './io';

export interface Part {
    start: number;
    /** Exclusive. */
    end: number;
    /** Bytes on disk from `start`. */
    done: number;
}

export interface PartialState {
    size: number;
    sha256Base64?: string;
    parts: Part[];
}

/** Sidecar schema; tolerant of extra fields so a newer writer does not break an older reader. */
const partialStateSchema = z.object({
    v: z.literal(1),
    size: z.number().int().nonnegative(),
    sha256Base64: z.string().optional(),
    parts: z.array(z.object({ start: z.number().int(), end: z.number().int(), done: z.number().int() })),
});

export interface PartOptions {
    /** Files at least this large are split into ranged parts. */
    rangeThreshold: number;
    /** Largest ranged part. */
    partSize: number;
    /** A large file gets at least this many parts (the run's most connections), as long as each is ≥ minPartSize. */
    targetParts?: number;
    /** Smallest part made to reach `targetParts`: below it, one more round trip per part costs more than it gains. */
    minPartSize?: number;
}

export const DEFAULT_PART_OPTIONS: PartOptions = {
    rangeThreshold: 64 * 1024 * 1024,
    partSize: 32 * 1024 * 1024,
    minPartSize: 8 * 1024 * 1024,
};

/**
 * Splits `[0, size)` into parts: one for small files (a single stream); for large ones `ceil(size / partSize)`, or
 * more when that is fewer than `targetParts`, so one large file alone can keep every connection busy (each
 * connection of a CDN has its own throughput ceiling).
 */
export function splitParts(size: number, options: PartOptions = DEFAULT_PART_OPTIONS): Part[] {
    if (size < options.rangeThreshold || size <= options.partSize) {
        return [{ start: 0, end: size, done: 0 }];
    }
    const spread = Math.min(options.targetParts ?? 1, Math.floor(size / (options.minPartSize ?? size)));
    const count = Math.max(Math.ceil(size / options.partSize), spread);
    const step = Math.ceil(size / count);
    const parts: Part[] = [];
    for (let start = 0; start < size; start += step) {
        parts.push({ start, end: Math.min(size, start + step), done: 0 });
    }
    return parts;
}

/** Bytes on disk across all parts. */
export function bytesDone(parts: readonly Part[]): number {
    return parts.reduce((sum, p) => sum + p.done, 0);
}

/** Bytes on disk contiguously from offset 0 (parts sorted by start). */
export function contiguousPrefix(parts: readonly Part[]): number {
    let prefix = 0;
    for (const p of parts) {
        if (p.start !== prefix) {
            return prefix;
        }
        prefix = p.start + p.done;
        if (p.start + p.done < p.end) {
            return prefix;
        }
    }
    return prefix;
}

/** True when the parts tile `[0, size)` exactly, in order, with sane `done` counts. */
function partsAreSane(parts: readonly Part[], size: number): boolean {
    let next = 0;
    for (const p of parts) {
        if (p.start !== next || p.end <= p.start || p.done < 0 || p.done > p.end - p.start) {
            return false;
        }
        next = p.end;
    }
    return next === size || (size === 0 && parts.length === 1);
}

/**
 * Reads the sidecar of a partial. Returns undefined (start over) when it is missing, unreadable, describes another
 * size or checksum (the version was re-uploaded), or the partial file itself is gone or shorter than recorded.
 */
export async function loadPartialState(
    io: TransferIo,
    statePath: string,
    partialPath: string,
    expected: { size: number; sha256Base64?: string },
): Promise<PartialState | undefined> {
    let raw: unknown;
    try {
        raw = JSON.parse((await io.readFile(statePath)).toString('utf8'));
    } catch {
        return undefined;
    }
    const parsed = partialStateSchema.safeParse(raw);
    if (!parsed.success) {
        return undefined;
    }
    const state = parsed.data;
    if (
        state.size !== expected.size ||
        state.sha256Base64 !== expected.sha256Base64 ||
        !partsAreSane(state.parts, state.size)
    ) {
        return undefined;
    }
    const stat = await io.stat(partialPath);
    if (!stat?.isFile || stat.size < Math.max(...state.parts.map((p) => p.start + p.done))) {
        return undefined;
    }
    return { size: state.size, sha256Base64: state.sha256Base64, parts: state.parts.map((p) => ({ ...p })) };
}

/**
 * Writes sidecar snapshots, at most one in flight and never out of order; `save()` coalesces calls made while a
 * write is running into one follow-up write of the newest state.
 */
export class StateWriter {
    private running: Promise<void> | undefined;
    private again = false;

    constructor(
        private readonly io: TransferIo,
        private readonly statePath: string,
        private readonly snapshot: () => PartialState,
    ) {}

    save(): Promise<void> {
        if (this.running !== undefined) {
            this.again = true;
            return this.running;
        }
        this.running = (async () => {
            try {
                do {
                    this.again = false;
                    const s = this.snapshot();
                    await this.io.writeFileAtomic(this.statePath, JSON.stringify({ v: 1, ...s }));
                } while (this.again);
            } finally {
                this.running = undefined;
            }
        })();
        return this.running;
    }

    /** Waits for any write in flight, then writes the newest state once more. */
    async flush(): Promise<void> {
        while (this.running !== undefined) {
            await this.running.catch(() => undefined);
        }
        await this.save();
    }
}
