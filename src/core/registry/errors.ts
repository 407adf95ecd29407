import { HttpError } from '../http/errors';

/**
 * The bytes a registry served do not hash to the digest it claimed (`Docker-Content-Digest`) or to the digest we
 * asked for: a corrupting proxy, a broken mirror, or tampering. Maps to the CLI's "verification failed".
 */
export class DigestMismatchError extends Error {
    override readonly name = 'DigestMismatchError';
    constructor(
        readonly what: string,
        readonly expected: string,
        readonly actual: string,
    ) {
        super(`${what}: content hashes to ${actual}, but ${expected} was expected; the registry or a proxy altered it`);
    }
    static is(error: unknown): error is DigestMismatchError {
        return error instanceof DigestMismatchError;
    }
}

/**
 * A 2xx whose body is not what a registry serves: an HTML page from a captive portal or SSO proxy, or JSON of
 * the wrong shape. An HttpError of kind `format` so diagnosis treats it like any unexpected response.
 */
export function unexpectedResponse(
    url: string,
    method: string,
    status: number,
    contentType: string | undefined,
    what: string,
): HttpError {
    const html = contentType?.toLowerCase().includes('text/html') === true;
    return new HttpError({
        kind: 'format',
        url,
        method,
        status,
        description: html
            ? `expected ${what} but got an HTML page (${contentType}); a proxy or login page may be in the way`
            : `expected ${what} but got ${contentType ? `"${contentType}"` : 'no Content-Type'}`,
    });
}

/** A public key that could not be read (not PEM, not a public key). */
export class InvalidPublicKeyError extends Error {
    override readonly name = 'InvalidPublicKeyError';
    constructor(
        readonly source: string,
        detail: string,
    ) {
        super(`the cosign public key from ${source} is not usable: ${detail}`);
    }
    static is(error: unknown): error is InvalidPublicKeyError {
        return error instanceof InvalidPublicKeyError;
    }
}

/** A credentials file that cannot be used; the message names the file and the field, never a secret. */
export class CredentialFileError extends Error {
    override readonly name = 'CredentialFileError';
    constructor(
        readonly file: string,
        reason: string,
    ) {
        super(`registry credentials file ${file}: ${reason}`);
    }
    static is(error: unknown): error is CredentialFileError {
        return error instanceof CredentialFileError;
    }
}
