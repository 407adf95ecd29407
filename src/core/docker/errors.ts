/**
 * The Docker layer's typed errors, in a module of their own (no zod, no dockerode) so that core's failure map
 * (`diagnose/coreErrors.ts`), which the extension loads at activation, does not load the Docker code with them.
 * `daemon.ts` and `endpoint.ts` re-export them.
 */

export type DockerUnavailableReason = 'notRunning' | 'permissionDenied' | 'timeout' | 'notDocker';

/** The daemon could not be reached or is not a Docker API. The message says which and what to do. */
export class DockerUnavailableError extends Error {
    override readonly name = 'DockerUnavailableError';
    constructor(
        readonly reason: DockerUnavailableReason,
        readonly endpoint: string,
        message: string,
    ) {
        super(message);
    }
    static is(error: unknown, reason?: DockerUnavailableReason): error is DockerUnavailableError {
        return error instanceof DockerUnavailableError && (reason === undefined || error.reason === reason);
    }
}

/** `DOCKER_HOST` (or a context's host) that we cannot speak to: ssh, fd, a typo. */
export class UnsupportedDockerHostError extends Error {
    override readonly name = 'UnsupportedDockerHostError';
    constructor(
        readonly host: string,
        detail: string,
    ) {
        super(`cannot use the Docker host "${host}": ${detail}`);
    }
    static is(error: unknown): error is UnsupportedDockerHostError {
        return error instanceof UnsupportedDockerHostError;
    }
}
