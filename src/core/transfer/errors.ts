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
    | 'incomplete';

export class TransferError extends Error {
    override readonly name = 'TransferError';

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
