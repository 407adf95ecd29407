/** Why a pull through the daemon failed, as far as the daemon's words tell. */
export type PullFailureReason =
    | 'notAuthenticated'
    | 'notPermitted'
    | 'notFound'
    | 'platformNotFound'
    | 'diskFull'
    | 'digestMismatch'
    | 'registry'
    | 'daemon';

/** CLI exit codes per reason (DESIGN.md: 3 not authenticated, 4 not permitted, 5 not found, 6 verification). */
const EXIT_CODES: Record<PullFailureReason, 1 | 3 | 4 | 5 | 6> = {
    notAuthenticated: 3,
    notPermitted: 4,
    notFound: 5,
    platformNotFound: 5,
    diskFull: 1,
    digestMismatch: 6,
    registry: 1,
    daemon: 1,
};

/**
 * A pull that the daemon refused or abandoned. `daemonMessage` is the daemon's own text (it names the registry URL,
 * never the credentials: those travel in `X-Registry-Auth` only).
 */
export class DockerPullError extends Error {
    override readonly name = 'DockerPullError';
    readonly exitCode: 1 | 3 | 4 | 5 | 6;
    constructor(
        readonly reason: PullFailureReason,
        readonly reference: string,
        message: string,
        readonly daemonMessage?: string,
        readonly statusCode?: number,
        /** True when the image is on the NGC registry (its key and catalog page are the remedies). */
        readonly ngc = false,
    ) {
        super(message);
        this.exitCode = EXIT_CODES[reason];
    }
    static is(error: unknown, reason?: PullFailureReason): error is DockerPullError {
        return error instanceof DockerPullError && (reason === undefined || error.reason === reason);
    }
}

/**
 * Classifies the daemon's words. Docker 20.10 turns registry failures into HTTP errors before the stream (a bad
 * NGC key: **500** "…: unauthorized: incorrect username or password"; a missing tag: 404 "manifest unknown") or into
 * `errorDetail` inside a 200 stream ("unknown blob", "no space left on device"); Podman reports nearly everything
 * in the stream (environment.md §5). The text is all there is, so it is matched here, in one place.
 */
export function classifyPullFailure(
    message: string,
    statusCode?: number,
    withCredentials?: boolean,
): PullFailureReason {
    const text = message.toLowerCase();
    // Docker's wording for a 401/403 from the registry (insufficient scope, denied): nvcr.io answers 401 for
    // private repositories, existing or not, when no key is given (ngc-api.md §2.5).
    if (/pull access denied|may require 'docker login'/.test(text)) {
        return withCredentials === false ? 'notAuthenticated' : withCredentials === true ? 'notPermitted' : 'notFound';
    }
    if (/no space left on device|disk quota exceeded/.test(text)) {
        return 'diskFull';
    }
    if (
        /no matching manifest for|does not match the specified platform|image with reference .* was found but does not match/.test(
            text,
        )
    ) {
        return 'platformNotFound';
    }
    if (
        /unauthorized|authentication required|incorrect username or password|no basic auth credentials|invalid_token|status 401|401 unauthorized/.test(
            text,
        )
    ) {
        return 'notAuthenticated';
    }
    if (/unavailable for legal reasons|status 451|\b451\b/.test(text)) {
        return 'notPermitted';
    }
    if (
        /manifest unknown|not found|name unknown|no such image|repository does not exist/.test(text) ||
        statusCode === 404
    ) {
        return 'notFound';
    }
    if (/denied|forbidden|insufficient_scope|status 403/.test(text)) {
        return 'notPermitted';
    }
    if (/digest mismatch|digest did not match|failed to verify|filesystem layer verification failed/.test(text)) {
        return 'digestMismatch';
    }
    return statusCode !== undefined && statusCode < 500 ? 'daemon' : 'registry';
}

/** The message for people: what failed, then what to do; the daemon's words stay in `daemonMessage`. */
export function pullError(
    reference: string,
    daemonMessage: string,
    statusCode?: number,
    ngcRegistry?: string,
    withCredentials?: boolean,
): DockerPullError {
    const reason = classifyPullFailure(daemonMessage, statusCode, withCredentials);
    const ngc = ngcRegistry !== undefined && reference.toLowerCase().startsWith(`${ngcRegistry.toLowerCase()}/`);
    const words = daemonMessage.replace(/^\(HTTP code \d+\) [a-z ]+ - /i, '').trim();
    const advice: Record<PullFailureReason, string> = {
        notAuthenticated: ngc
            ? 'the registry refused the credentials: use a valid, unrevoked NGC API key; for NVIDIA AI Enterprise images the key also needs the entitlement'
            : 'the registry refused the credentials, or needs some',
        notPermitted:
            'the registry denied access to this image (entitlement, org membership, or a regional restriction)',
        notFound: 'the registry has no such image or tag',
        platformNotFound: 'the image has no variant for the requested platform',
        diskFull:
            'the Docker daemon ran out of disk space: free space in its data root (docker system prune) and retry',
        digestMismatch:
            'the downloaded content did not match its digest; retry, and check for a proxy that alters downloads',
        registry: 'the registry or the daemon failed',
        daemon: 'the Docker daemon refused the request',
    };
    return new DockerPullError(
        reason,
        reference,
        `pull ${reference} failed: ${advice[reason]} (daemon: ${words})`,
        daemonMessage,
        statusCode,
        ngc,
    );
}
