/**
 * Typed HTTP failures. Messages are for people and never contain secrets (URLs are reduced to origin + path);
 * the fields carry what code and diagnosis need: status, NGC's `requestStatus` code and `requestId`.
 */
export type HttpErrorKind = 'status' | 'network' | 'timeout' | 'format';

export interface HttpErrorInit {
    kind: HttpErrorKind;
    url: string;
    method?: string;
    status?: number;
    /** NGC `requestStatus.statusCode`, e.g. `UNAUTHORIZED`, or a registry `errors[0].code`. */
    code?: string;
    /** NGC `requestStatus.statusDescription` or a registry error message. */
    description?: string;
    requestId?: string;
    /** Milliseconds the server asked us to wait (`Retry-After`). */
    retryAfterMs?: number;
    /** `WWW-Authenticate` of a 401, kept for registry challenge handling. */
    challenge?: string;
    cause?: unknown;
    message?: string;
}

/** Strips query strings and userinfo so a URL is safe to show (presigned URLs carry signatures in the query). */
export function safeUrl(url: string | URL): string {
    try {
        const u = new URL(String(url));
        return `${u.protocol}//${u.host}${u.pathname}`;
    } catch {
        return '(invalid URL)';
    }
}

export class HttpError extends Error {
    override readonly name = 'HttpError';
    readonly kind: HttpErrorKind;
    readonly url: string;
    readonly method: string;
    readonly status: number | undefined;
    readonly code: string | undefined;
    readonly description: string | undefined;
    readonly requestId: string | undefined;
    readonly retryAfterMs: number | undefined;
    readonly challenge: string | undefined;

    constructor(init: HttpErrorInit) {
        super(init.message ?? HttpError.describe(init), init.cause === undefined ? undefined : { cause: init.cause });
        this.kind = init.kind;
        this.url = safeUrl(init.url);
        this.method = init.method ?? 'GET';
        this.status = init.status;
        this.code = init.code;
        this.description = init.description;
        this.requestId = init.requestId;
        this.retryAfterMs = init.retryAfterMs;
        this.challenge = init.challenge;
    }

    /** Type guard, optionally narrowed to a kind or an HTTP status. */
    static is(error: unknown, kindOrStatus?: HttpErrorKind | number): error is HttpError {
        if (!(error instanceof HttpError)) {
            return false;
        }
        if (kindOrStatus === undefined) {
            return true;
        }
        return typeof kindOrStatus === 'number' ? error.status === kindOrStatus : error.kind === kindOrStatus;
    }

    private static describe(init: HttpErrorInit): string {
        const where = `${init.method ?? 'GET'} ${safeUrl(init.url)}`;
        switch (init.kind) {
            case 'status': {
                const detail = init.description ?? init.code;
                const id = init.requestId ? ` (request id ${init.requestId})` : '';
                return `${where} failed with HTTP ${init.status}${detail ? `: ${detail}` : ''}${id}`;
            }
            case 'timeout':
                return `${where} timed out`;
            case 'network':
                return `${where} failed: ${networkReason(init.cause)}`;
            case 'format':
                return `${where} returned an unexpected response${init.description ? `: ${init.description}` : ''}`;
        }
    }
}

function networkReason(cause: unknown): string {
    if (cause instanceof Error) {
        const code = (cause as { code?: string }).code;
        switch (code) {
            case 'ECONNREFUSED':
                return 'connection refused (is the host reachable and the URL right?)';
            case 'ENOTFOUND':
            case 'EAI_AGAIN':
                return 'host not found (check the URL, your network or proxy settings)';
            case 'ECONNRESET':
            case 'UND_ERR_SOCKET':
                return 'the connection was closed by the server';
            default:
                return code ? `${code}` : cause.message;
        }
    }
    return String(cause);
}
