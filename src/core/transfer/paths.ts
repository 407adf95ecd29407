/**
 * Where files land, and the guard that keeps them there. File paths come from the NGC API, i.e. from whoever
 * uploaded the version: a path such as `../../.bashrc`, `/etc/passwd`, `C:\x` or one carrying a NUL byte must never
 * be written, whatever the server says.
 */
import path from 'node:path';

/** The hidden folder in `DEST/NAME_vVERSION` that holds partial data until a file is verified (see store.ts). */
export const STAGING_DIR = '.ngc-staging';
/** Names earlier releases kept beside the files: never accepted from the API either. */
const PARTIAL_SUFFIX = '.ngc-partial';
const STATE_SUFFIX = '.ngc-partial.json';
/** Where earlier releases kept the record of verified files (migrated into the cache by store.ts). */
export const LEGACY_MANIFEST_NAME = '.ngc-download.json';

export class UnsafePathError extends Error {
    override readonly name = 'UnsafePathError';
    constructor(
        readonly filePath: string,
        readonly reason: string,
    ) {
        super(`refusing file path ${JSON.stringify(filePath)} from the API: ${reason}`);
    }

    static is(error: unknown): error is UnsafePathError {
        return error instanceof UnsafePathError;
    }
}

/**
 * Validates an API file path and returns it normalised (`./` and empty segments dropped). Rejects absolute paths,
 * `..` segments, NUL and other control characters, backslashes and Windows drive letters (a path meant for one OS
 * must not become a traversal on another), and names that collide with our own bookkeeping files.
 */
export function safeRelativePath(filePath: string): string {
    const fail = (reason: string): never => {
        throw new UnsafePathError(filePath, reason);
    };
    if (filePath.length === 0) {
        fail('empty path');
    }
    if (/[\u0000-\u001f\u007f]/.test(filePath)) {
        fail('control character (NUL or similar) in the path');
    }
    if (filePath.includes('\\')) {
        fail('backslash in the path');
    }
    if (/^[A-Za-z]:/.test(filePath)) {
        fail('Windows drive letter');
    }
    if (filePath.startsWith('/')) {
        fail('absolute path');
    }
    const segments = filePath.split('/').filter((s) => s !== '' && s !== '.');
    if (segments.length === 0) {
        fail('no file name');
    }
    if (segments.some((s) => s === '..')) {
        fail('".." segment escapes the destination');
    }
    const normalised = segments.join('/');
    if (
        normalised.endsWith(PARTIAL_SUFFIX) ||
        normalised.endsWith(STATE_SUFFIX) ||
        normalised === LEGACY_MANIFEST_NAME ||
        segments[0] === STAGING_DIR
    ) {
        fail('name collides with the download bookkeeping files');
    }
    return normalised;
}

/** Absolute target of `relative` under `root`, re-checked after resolution as a second line of defence. */
export function resolveInside(root: string, relative: string): string {
    const safe = safeRelativePath(relative);
    const target = path.resolve(root, ...safe.split('/'));
    const rel = path.relative(root, target);
    // `..` or `../x` escapes; a file that merely starts with dots (`..data`) does not.
    if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
        throw new UnsafePathError(relative, 'resolves outside the destination');
    }
    return target;
}

/**
 * `NAME_vVERSION`, the NGC CLI's folder layout. A version that already starts with `v` and a digit (helm charts:
 * `v25.3.0`) is not given a second `v`.
 */
export function versionDirName(name: string, version: string): string {
    const folder = /^v\d/.test(version) ? `${name}_${version}` : `${name}_v${version}`;
    // The name comes from the user's argument and the version from the API: both must stay one path segment.
    return safeRelativePath(folder.replace(/[/\\]/g, '_'));
}

/**
 * What a version folder may hold besides the artifact's files: the hidden staging folder of an unfinished run and an
 * earlier release's record. Never part of a signed model (signature checks ignore them).
 */
export const BOOKKEEPING_PATHS: readonly string[] = [STAGING_DIR, LEGACY_MANIFEST_NAME];
