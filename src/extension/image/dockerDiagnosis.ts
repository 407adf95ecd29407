import { DockerUnavailableError } from '../../core/docker/daemon';
import { UnsupportedDockerHostError } from '../../core/docker/endpoint';
import { DockerPullError, type PullFailureReason } from '../../core/docker/pullErrors';
import { PlatformNotFoundError } from '../../core/registry/platform';
import type { Diagnosis } from '../tree/nodes';

/** The daemon cannot be used at all: what to tell the user, and a command they can copy when there is one. */
export interface DockerUnavailableProblem {
    title: string;
    remedy: string;
    /** A shell command that fixes it (adding the user to the docker group). */
    fixCommand?: string;
}

/**
 * Docker absent, not permitted, not answering, or DOCKER_HOST unusable → a message that says what to do. Core's
 * messages already name the socket and the remedy; the titles here are what a notification leads with.
 */
export function dockerUnavailableProblem(error: unknown): DockerUnavailableProblem | undefined {
    if (UnsupportedDockerHostError.is(error)) {
        return { title: 'DOCKER_HOST is not usable', remedy: error.message };
    }
    if (!DockerUnavailableError.is(error)) {
        return undefined;
    }
    switch (error.reason) {
        case 'notRunning':
            return { title: 'Docker is not running', remedy: error.message };
        case 'permissionDenied':
            return {
                title: 'No permission to use Docker',
                remedy: error.message,
                fixCommand: 'sudo usermod -aG docker "$USER"',
            };
        case 'timeout':
            return {
                title: 'Docker does not answer',
                remedy: `${error.message}: check that the daemon is healthy (docker info), then retry`,
            };
        case 'notDocker':
            return { title: 'Not a Docker Engine', remedy: error.message };
    }
}

const TITLES: Record<PullFailureReason, string> = {
    notAuthenticated: 'Not authenticated to the registry',
    notPermitted: 'Not permitted to pull this image',
    notFound: 'Image or tag not found',
    platformNotFound: 'No image for this platform',
    diskFull: 'Docker ran out of disk space',
    digestMismatch: 'Pulled image does not match the registry',
    registry: 'The registry or the daemon failed',
    daemon: 'Docker refused the pull',
};

const CAUSES: Record<PullFailureReason, string> = {
    notAuthenticated: 'invalidKey',
    notPermitted: 'notEntitled',
    notFound: 'notFound',
    platformNotFound: 'platformNotFound',
    diskFull: 'dockerDiskFull',
    digestMismatch: 'digestMismatch',
    registry: 'server',
    daemon: 'dockerDaemon',
};

/**
 * A pull failure as the extension's diagnosis display shows it: title, what to do (core's message, which quotes the
 * daemon), and the fix button. Refused credentials on the NGC registry offer "Set API Key"; a refusal there offers
 * the catalog page, where entitlements and licences are handled. Undefined for anything that is not a Docker pull
 * failure (registry HTTP errors go through core's `diagnose()`, which knows NGC's status codes better).
 */
export function pullDiagnosis(error: unknown, ngcRegistry: string): Diagnosis | undefined {
    if (PlatformNotFoundError.is(error)) {
        return {
            cause: 'platformNotFound',
            title: TITLES.platformNotFound,
            remedy: `${error.message}. Pull another platform.`,
            exitCode: 5,
        };
    }
    if (!DockerPullError.is(error)) {
        return undefined;
    }
    const ngc = error.reference.toLowerCase().startsWith(`${ngcRegistry.toLowerCase()}/`);
    const action =
        ngc && error.reason === 'notAuthenticated'
            ? 'setApiKey'
            : ngc && error.reason === 'notPermitted'
              ? 'openLicense'
              : undefined;
    return {
        cause: CAUSES[error.reason],
        title: TITLES[error.reason],
        remedy: error.message,
        ...(action ? { action } : {}),
        exitCode: error.exitCode,
    };
}
