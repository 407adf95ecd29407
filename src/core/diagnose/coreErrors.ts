import { DockerUnavailableError, UnsupportedDockerHostError } from '../docker/errors';
import { DockerPullError, type PullFailureReason } from '../docker/pullErrors';
import { ArtifactRefError } from '../ngc/artifactRef';
import { MirrorTargetError, type MirrorFailureReason } from '../registry/copy/errors';
import { TrustMaterialError } from '../modelsign/errors';
import { CredentialFileError, DigestMismatchError, InvalidPublicKeyError } from '../registry/errors';
import { InvalidPlatformError, PlatformNotFoundError } from '../registry/platform';
import { InvalidReferenceError } from '../registry/reference';
import { TransferError, type TransferErrorReason } from '../transfer/errors';
import { UnsafePathError } from '../transfer/paths';
import { VerificationError } from '../transfer/errors';
import { SET_KEY_CLI, type Cause, type Remedy } from './remedies';

/** A core failure that is not an HTTP one, explained: what `diagnose()` returns for it, minus the detail. */
export interface CoreExplanation extends Remedy {
    cause: Cause;
}

/**
 * Every typed error core throws, explained once: cause, title, what to do (core's own message, which already names
 * the file, image or daemon and the fix), the button the editor offers, the command the CLI prints, and the exit
 * code. HTTP failures are not here: their meaning depends on the status and on who asked (`diagnose.ts`).
 * Undefined for anything else.
 */
export function explainCoreError(error: unknown): CoreExplanation | undefined {
    if (
        InvalidReferenceError.is(error) ||
        InvalidPlatformError.is(error) ||
        ArtifactRefError.is(error) ||
        InvalidPublicKeyError.is(error)
    ) {
        return { cause: 'badInput', title: 'Invalid input', remedy: capital(error.message), exitCode: 2 };
    }
    if (PlatformNotFoundError.is(error)) {
        return {
            cause: 'platformNotFound',
            title: 'No image for this platform',
            remedy: `${capital(error.message)}. Choose one of the available platforms.`,
            exitCode: 5,
        };
    }
    if (DigestMismatchError.is(error)) {
        return {
            cause: 'digestMismatch',
            title: 'Content does not match its digest',
            remedy: capital(error.message),
            exitCode: 6,
        };
    }
    if (VerificationError.is(error)) {
        return {
            cause: 'verificationFailed',
            title: 'Downloaded files failed verification',
            remedy: capital(error.message),
            exitCode: 6,
        };
    }
    if (UnsafePathError.is(error)) {
        return {
            cause: 'unsafePath',
            title: 'Refused an unsafe file path',
            remedy: capital(error.message),
            exitCode: 1,
        };
    }
    if (TransferError.is(error)) {
        return transferExplanation(error.reason, error.message);
    }
    if (UnsupportedDockerHostError.is(error)) {
        return {
            cause: 'dockerUnavailable',
            title: 'DOCKER_HOST is not usable',
            remedy: capital(error.message),
            exitCode: 1,
        };
    }
    if (DockerUnavailableError.is(error)) {
        return dockerUnavailable(error);
    }
    if (DockerPullError.is(error)) {
        return pullExplanation(error);
    }
    if (MirrorTargetError.is(error)) {
        return { ...MIRROR[error.reason], cause: 'mirrorTarget', remedy: capital(error.message) };
    }
    if (TrustMaterialError.is(error)) {
        return {
            cause: 'badInput',
            title: 'Unusable model-signing trust',
            remedy: capital(error.message),
            exitCode: 1,
        };
    }
    if (CredentialFileError.is(error)) {
        return {
            cause: 'badInput',
            title: 'Unusable registry credentials',
            remedy: capital(error.message),
            exitCode: 1,
        };
    }
    return localFileExplanation(error);
}

const TRANSFER: Record<TransferErrorReason, { cause: Cause; title: string }> = {
    'not-ready': { cause: 'versionNotReady', title: 'This version is not ready for download' },
    'disk-space': { cause: 'diskFull', title: 'Not enough free space' },
    'disk-full': { cause: 'diskFull', title: 'The disk filled up' },
    destination: { cause: 'destination', title: 'The destination cannot be used' },
    'unsafe-path': { cause: 'unsafePath', title: 'Refused an unsafe file path' },
    'no-files': { cause: 'noFiles', title: 'No files to download' },
    incomplete: { cause: 'incomplete', title: 'The download did not complete' },
    'local-file': { cause: 'localFile', title: 'A local file operation failed' },
};

function transferExplanation(reason: TransferErrorReason, message: string): CoreExplanation {
    const { cause, title } = TRANSFER[reason];
    return {
        cause,
        title,
        remedy: capital(message),
        exitCode: 1,
        ...(reason === 'incomplete' ? { action: 'retry' as const } : {}),
    };
}

function dockerUnavailable(error: DockerUnavailableError): CoreExplanation {
    const base = { cause: 'dockerUnavailable' as const, remedy: capital(error.message), exitCode: 1 as const };
    switch (error.reason) {
        case 'notRunning':
            return { ...base, title: 'Docker is not running' };
        case 'permissionDenied':
            return { ...base, title: 'No permission to use Docker', cli: 'sudo usermod -aG docker "$USER"' };
        case 'timeout':
            return {
                ...base,
                title: 'Docker does not answer',
                remedy: `${base.remedy}: check that the daemon is healthy, then retry.`,
                cli: 'docker info',
            };
        case 'notDocker':
            return { ...base, title: 'Not a Docker Engine' };
    }
}

/** A mirror target's refusal: a credential is missing or refused (3), pushing is denied (4), no repository (5). */
const MIRROR: Record<MirrorFailureReason, Pick<CoreExplanation, 'title' | 'exitCode'>> = {
    noCredential: { title: 'No credential for the target registry', exitCode: 3 },
    credentialRejected: { title: 'The target registry refused the credential', exitCode: 3 },
    denied: { title: 'Not permitted to push to the target', exitCode: 4 },
    repositoryMissing: { title: 'The target repository does not exist', exitCode: 5 },
    quota: { title: 'The target registry is out of space or over quota', exitCode: 1 },
    rejected: { title: 'The target registry refused the content', exitCode: 1 },
};

const PULL: Record<PullFailureReason, { cause: Cause; title: string }> = {
    notAuthenticated: { cause: 'invalidKey', title: 'Not authenticated to the registry' },
    notPermitted: { cause: 'notEntitled', title: 'Not permitted to pull this image' },
    notFound: { cause: 'notFound', title: 'Image or tag not found' },
    platformNotFound: { cause: 'platformNotFound', title: 'No image for this platform' },
    diskFull: { cause: 'dockerDiskFull', title: 'Docker ran out of disk space' },
    digestMismatch: { cause: 'digestMismatch', title: 'Pulled image does not match the registry' },
    registry: { cause: 'server', title: 'The registry or the daemon failed' },
    daemon: { cause: 'dockerDaemon', title: 'Docker refused the pull' },
};

/**
 * A pull the daemon refused. Refused credentials on the NGC registry offer "set a key"; a refusal there offers the
 * catalog page, where entitlements and licences are handled. The message quotes the daemon.
 */
function pullExplanation(error: DockerPullError): CoreExplanation {
    const { cause, title } = PULL[error.reason];
    const explanation: CoreExplanation = { cause, title, remedy: capital(error.message), exitCode: error.exitCode };
    if (error.ngc && error.reason === 'notAuthenticated') {
        return { ...explanation, action: 'setApiKey', cli: SET_KEY_CLI };
    }
    if (error.ngc && error.reason === 'notPermitted') {
        return { ...explanation, action: 'openLicense' };
    }
    return error.reason === 'diskFull' ? { ...explanation, cli: 'docker system prune' } : explanation;
}

/** Node's errno codes of local file-system failures: never a network problem, never "retry later". */
const LOCAL_ERRNO: Record<string, string> = {
    ENOENT: 'a file or folder does not exist',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'the disk quota is exceeded',
    EROFS: 'the file system is read-only',
    ENAMETOOLONG: 'a file name is too long for the file system',
    ELOOP: 'too many symbolic links',
    EISDIR: 'a folder is in the way of a file',
    ENOTDIR: 'a file is in the way of a folder',
    EEXIST: 'a file already exists',
    EMFILE: 'too many open files',
};

function localFileExplanation(error: unknown): CoreExplanation | undefined {
    const errno = errnoOf(error);
    if (!errno || !(errno.code in LOCAL_ERRNO)) {
        return undefined;
    }
    const where = errno.path ? ` (${errno.path})` : '';
    return {
        cause: 'localFile',
        title: `Local file error: ${LOCAL_ERRNO[errno.code]}`,
        remedy: `${errno.code}${where}: check the path, its permissions and the free space, then run it again.`,
        exitCode: 1,
    };
}

function errnoOf(error: unknown): { code: string; path?: string } | undefined {
    for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
        const { code, path, syscall, cause } = e as {
            code?: unknown;
            path?: unknown;
            syscall?: unknown;
            cause?: unknown;
        };
        if (typeof code === 'string' && (typeof syscall === 'string' || typeof path === 'string')) {
            return { code, ...(typeof path === 'string' ? { path } : {}) };
        }
        e = cause;
    }
    return undefined;
}

function capital(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
