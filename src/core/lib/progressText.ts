import { formatBytes } from './format';

/** What a transfer knows of itself at one moment (the fields of the transfer engine's `bytes` event). */
export interface TransferProgress {
    /** Bytes on disk, including skipped and resumed bytes. */
    bytesDone: number;
    bytesTotal: number;
    /** Bytes per second over the last few seconds; 0 until measured. */
    rate: number;
    /** Seconds left at the current rate; undefined while the rate is unknown. */
    etaSeconds: number | undefined;
    filesDone: number;
    filesTotal: number;
}

/**
 * One line of download progress for a person: `120 KiB of 201 KiB · 40 KiB/s · 2 s left · 1 of 3 files`. Each part
 * appears only once it is known: before the first byte only the size and the file count (`201 KiB · 3 files`), the
 * rate once measured, the time left once there is a rate, the file count only when there is more than one file.
 * Never an empty part, a `0 B/s` or a `NaN`.
 */
export function transferProgressText(p: TransferProgress): string {
    const total = known(p.bytesTotal) && p.bytesTotal > 0 ? p.bytesTotal : undefined;
    const files = known(p.filesTotal) && p.filesTotal > 1 ? p.filesTotal : undefined;
    if (!known(p.bytesDone) || p.bytesDone <= 0) {
        const parts = [
            total === undefined ? undefined : formatBytes(total),
            files === undefined ? undefined : `${files} files`,
        ];
        return ['starting…', ...parts].filter(present).join(' · ');
    }
    const rate = known(p.rate) && p.rate > 0 ? p.rate : undefined;
    const eta = rate !== undefined && p.etaSeconds !== undefined ? formatTimeLeft(p.etaSeconds) : undefined;
    return [
        total === undefined
            ? formatBytes(p.bytesDone)
            : `${formatBytes(Math.min(p.bytesDone, total))} of ${formatBytes(total)}`,
        rate === undefined ? undefined : `${formatBytes(rate)}/s`,
        eta,
        files === undefined ? undefined : `${Math.min(p.filesDone, files)} of ${files} files`,
    ]
        .filter(present)
        .join(' · ');
}

/** `12 s left`, `4 min left`, `1 h 5 min left`; undefined for a value that is not a time. */
export function formatTimeLeft(seconds: number): string | undefined {
    if (!known(seconds) || seconds < 0) {
        return undefined;
    }
    const s = Math.ceil(seconds);
    if (s < 60) {
        return `${Math.max(1, s)} s left`;
    }
    const minutes = Math.ceil(s / 60);
    if (minutes < 60) {
        return `${minutes} min left`;
    }
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    return `${hours} h${rest ? ` ${rest} min` : ''} left`;
}

function known(n: number): boolean {
    return typeof n === 'number' && Number.isFinite(n);
}

function present(part: string | undefined): part is string {
    return typeof part === 'string' && part !== '';
}
