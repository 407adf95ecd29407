/**
 * Failures of the transfer engine that are not HTTP failures: each names its reason so the CLI can pick an exit
 * code and the extension a remedy, and carries a message written for people.
 */
export type TransferErrorReason =
    /** The version exists but is not `UPLOAD_COMPLETE` (still uploading, failed upload). */
    | 'not-ready'
    /** Not enough free space for the bytes still to download. */
    | 'disk-space'
    /** The disk filled up during the transfer (ENOSPC/EDQUOT); partials are kept for a resume. */
    | 'disk-full'
    /** The destination cannot be used: it is a file, or not writable. */
    | 'destination'
    /** The API listed a file path that would escape the destination. */
    | 'unsafe-path'
    /** The version has no files left after include/exclude filtering. */
    | 'no-files'
    /** One or more files could not be transferred after retries (network, server). */
    | 'incomplete'
    /** A local file operation failed for another reason (ENAMETOOLONG, ELOOP, EISDIR...): see LocalFileError. */
    | 'local-file';

export class TransferError extends Error {
    override readonly name: string = 'TransferError';

    constructor(
        readonly reason: TransferErrorReason,
        message: string,
        options?: { cause?: unknown },
    ) {
        super(message, options);
    }

    static is(error: unknown, reason?: TransferErrorReason): error is TransferError {
        return error instanceof TransferError && (reason === undefined || error.reason === reason);
    }
}

/** The disk refused a write or an open: never retried (a full disk does not empty itself). */
export class WriteFailure extends Error {
    override readonly name = 'WriteFailure';
    constructor(readonly error: unknown) {
        super(error instanceof Error ? error.message : String(error), { cause: error });
    }
    static is(error: unknown): error is WriteFailure {
        return error instanceof WriteFailure;
    }
}

/**
 * A local file-system operation failed or was refused (a symbolic link in the destination): never a network failure
 * and never worth a retry. Reasons: `disk-full` (ENOSPC/EDQUOT/EFBIG), `destination` (a file in the way, no
 * permission, read-only, a link), `local-file` (anything else: ENAMETOOLONG, ELOOP, EISDIR, EMFILE, EIO...).
 * `code` is Node's errno code when the system gave one, `path` the file or folder concerned.
 */
export class LocalFileError extends TransferError {
    override readonly name = 'LocalFileError';

    constructor(
        reason: 'disk-full' | 'destination' | 'local-file',
        message: string,
        readonly path: string,
        readonly code: string | undefined,
        options?: { cause?: unknown },
    ) {
        super(reason, message, options);
    }

    static override is(error: unknown): error is LocalFileError {
        return error instanceof LocalFileError;
    }
}

/** True for an error from a file-system call (errno code and the path it was about; sockets carry no path). */
export function isFileSystemError(error: unknown): error is NodeJS.ErrnoException & { path: string } {
    const e = error as { code?: unknown; path?: unknown } | undefined;
    return error instanceof Error && typeof e?.code === 'string' && typeof e.path === 'string';
}

const WHY: Record<string, string> = {
    ENOTDIR: 'part of the path is a file, not a folder',
    EEXIST: 'part of the path is a file, not a folder',
    EACCES: 'permission denied (the folder is not writable)',
    EPERM: 'permission denied (the folder is not writable)',
    EROFS: 'the file system is read-only',
    ENAMETOOLONG: 'a file or folder name is too long for this file system',
    ELOOP: 'a symbolic link is in the way (links inside the destination are never followed)',
    EISDIR: 'a folder is in the way of a file',
    EMFILE: 'too many open files',
};

/** Explains a local file-system failure about `target` in words a person can act on. */
export function localFileError(target: string, error: unknown): LocalFileError {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const options = { cause: error };
    if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG') {
        return new LocalFileError(
            'disk-full',
            `the disk is full (writing ${target}); the bytes received so far are kept, free some space and rerun ` +
                'the same command to resume',
            target,
            code,
            options,
        );
    }
    const why = (code && WHY[code]) ?? (error instanceof Error ? error.message : String(error));
    const reason = code === 'ENOTDIR' || code === 'EEXIST' || code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
    return new LocalFileError(
        reason ? 'destination' : 'local-file',
        `cannot write to ${target}: ${why}${code ? ` (${code})` : ''}`,
        target,
        code,
        options,
    );
}

/** Refuses a symbolic link found at `link` inside the destination: nothing is written through it. */
export function linkRefusal(link: string): LocalFileError {
    return new LocalFileError(
        'destination',
        `refusing to write through the symbolic link ${link} inside the destination (links there are never ` +
            'followed); remove it or choose another destination folder. Nothing was written.',
        link,
        undefined,
    );
}

export interface VerificationFailure {
    path: string;
    kind: 'checksum' | 'size';
    expected: string;
    actual: string;
}

/** A file's bytes are not what the API promised. The CLI exits 6 for it. */
export class VerificationError extends Error {
    override readonly name = 'VerificationError';

    constructor(readonly failures: readonly VerificationFailure[]) {
        super(VerificationError.describe(failures));
    }

    static is(error: unknown): error is VerificationError {
        return error instanceof VerificationError;
    }

    private static describe(failures: readonly VerificationFailure[]): string {
        const lines = failures.map((f) => `${f.path}: ${describeFailure(f)}`);
        const head =
            failures.length === 1
                ? 'verification failed for 1 file'
                : `verification failed for ${failures.length} files`;
        return `${head}; the bad data was deleted, a rerun downloads it again:\n  ${lines.join('\n  ')}`;
    }
}

/** `SHA-256 mismatch (expected …, got …)` or `size mismatch (…)`, without the path. */
export function describeFailure(f: VerificationFailure): string {
    return f.kind === 'checksum'
        ? `SHA-256 mismatch (expected ${f.expected}, got ${f.actual})`
        : `size mismatch (expected ${f.expected} bytes, got ${f.actual})`;
}
