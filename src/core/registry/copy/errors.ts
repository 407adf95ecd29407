import type { HttpResponse } from '../../http/client';
import { readErrorDetails } from '../../http/body';
import { HttpError } from '../../http/errors';

/**
 * Why a mirror target refused: what the CLI turns into exit codes and the extension into remedies.
 * - `noCredential`: anonymous access refused and no credential is configured for the host (exit 3);
 * - `credentialRejected`: the configured credential was refused (exit 3);
 * - `denied`: authenticated, but not allowed to push there (exit 4);
 * - `repositoryMissing`: `NAME_UNKNOWN` on push; ECR wants the repository created first (exit 5);
 * - `quota`: out of space or over a storage quota (HTTP 507, Harbor's "quota exceeded"); nothing was tagged (exit 1);
 * - `rejected`: the target refused content (a manifest type it does not support, say) (exit 1).
 */
export type MirrorFailureReason =
    'noCredential' | 'credentialRejected' | 'denied' | 'repositoryMissing' | 'quota' | 'rejected';

export class MirrorTargetError extends Error {
    override readonly name = 'MirrorTargetError';
    constructor(
        readonly reason: MirrorFailureReason,
        /** `host[:port]` of the target registry. */
        readonly host: string,
        message: string,
        readonly status?: number,
        readonly code?: string,
    ) {
        super(message);
    }
    static is(error: unknown, reason?: MirrorFailureReason): error is MirrorTargetError {
        return error instanceof MirrorTargetError && (reason === undefined || error.reason === reason);
    }
}

/** What to tell someone who has no credential for `host`: the two places the CLI reads (DESIGN.md). */
export function howToAddCredential(host: string): string {
    return (
        `add one to the JSON file named by NGC_REGISTRY_CREDENTIALS ` +
        `([{"hostname": "${host}", "secret": "<base64 of username:password>", "kind": "generic"}]), ` +
        `or run docker login ${host}`
    );
}

/** An HttpError from a target response that is not 2xx (registry `errors[0]` code and message kept). */
export async function responseError(response: HttpResponse, method: string): Promise<HttpError> {
    const details = await readErrorDetails(response);
    return new HttpError({
        kind: 'status',
        url: response.url,
        method,
        status: response.status,
        ...details,
        challenge: response.headers['www-authenticate'],
    });
}

const QUOTA = /quota|insufficient storage|no space|storage limit|disk full|storage.*exceed/i;

/**
 * Classifies a target failure. Quota first: Harbor says "quota exceeded" with 403 or 412, distribution on a full
 * disk answers 500 with "no space left on device", WebDAV-style servers 507.
 */
export function classifyTargetError(error: unknown, host: string, hasCredential: boolean): unknown {
    if (!HttpError.is(error) || error.kind !== 'status') {
        return error;
    }
    const words = `${error.code ?? ''} ${error.description ?? ''}`;
    const detail = error.description ? ` (${error.description})` : '';
    if (error.status === 507 || QUOTA.test(words)) {
        return new MirrorTargetError(
            'quota',
            host,
            `${host} is out of space or over its storage quota${detail}; nothing was tagged, free space or raise the quota and run again`,
            error.status,
            error.code,
        );
    }
    if (error.status === 401) {
        return hasCredential
            ? new MirrorTargetError(
                  'credentialRejected',
                  host,
                  `${host} rejected the registry credential configured for it${detail}; check the username and password (or token) for ${host}`,
                  401,
                  error.code,
              )
            : new MirrorTargetError(
                  'noCredential',
                  host,
                  `no registry credential for hostname ${host}, and it refuses anonymous pushes: ${howToAddCredential(host)}`,
                  401,
                  error.code,
              );
    }
    if (error.status === 403) {
        return new MirrorTargetError('denied', host, `${host} denied the push${detail}`, 403, error.code);
    }
    if (error.code === 'NAME_UNKNOWN') {
        return new MirrorTargetError(
            'repositoryMissing',
            host,
            `${host} does not know the repository${detail}; registries such as Amazon ECR need the repository created first (aws ecr create-repository)`,
            error.status,
            error.code,
        );
    }
    return error;
}
