/**
 * The one retry policy of core, used by {@link HttpClient.send} for API calls and by the transfer engine for file
 * parts: 429 and 5xx responses, connection resets, timeouts, bodies cut short and stalled transfers are retried with
 * full-jitter exponential backoff; a `Retry-After` from the server (seconds or an HTTP date) takes precedence, capped
 * so a hostile value cannot park a request for hours. 4xx other than 429 are never retried (a 403 stays a 403).
 */
import { HttpError } from './errors';

export interface RetryPolicy {
    /** Total attempts, including the first. */
    attempts: number;
    baseDelayMs: number;
    maxDelayMs: number;
    maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
    attempts: 4,
    baseDelayMs: 300,
    maxDelayMs: 8_000,
    maxRetryAfterMs: 60_000,
};

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const RETRYABLE_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'UND_ERR_SOCKET',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
    'UND_ERR_CLOSED',
    // A body that ended before its Content-Length, or whose socket closed mid-stream.
    'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
    'ERR_STREAM_PREMATURE_CLOSE',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'ECONNABORTED',
]);

export function isRetryableStatus(status: number): boolean {
    return RETRYABLE_STATUS.has(status);
}

/**
 * Failures worth another attempt: a connection reset, refused or cut short (by code, also when wrapped as a cause),
 * and any {@link HttpError} of kind `timeout`, which includes a transfer that stalled. Cancellation never is.
 */
export function isTransientError(error: unknown): boolean {
    let current: unknown = error;
    for (let depth = 0; current instanceof Error && depth < 4; depth++) {
        if (HttpError.is(current, 'timeout')) {
            return true;
        }
        const code = (current as { code?: string }).code;
        if (code && RETRYABLE_CODES.has(code)) {
            return true;
        }
        current = current.cause;
    }
    return false;
}

/** Parses `Retry-After` (delta-seconds or HTTP-date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
    if (!value) {
        return undefined;
    }
    const trimmed = value.trim();
    if (/^\d+(\.\d+)?$/.test(trimmed)) {
        return Math.round(Number(trimmed) * 1000);
    }
    const date = Date.parse(trimmed);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Delay before retry number `attempt` (1-based): the server's wish if given, else full jitter. */
export function backoffDelay(
    attempt: number,
    policy: RetryPolicy,
    retryAfterMs?: number,
    random: () => number = Math.random,
): number {
    if (retryAfterMs !== undefined) {
        return Math.min(retryAfterMs, policy.maxRetryAfterMs);
    }
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Counts consecutive failures of one operation against a {@link RetryPolicy}: {@link next} gives the delay before the
 * next attempt, or undefined once the attempts are used up; {@link reset} starts counting again (a transfer that made
 * progress since its last failure deserves a fresh budget).
 */
export class Backoff {
    private count = 0;

    constructor(
        private readonly policy: RetryPolicy,
        private readonly random: () => number = Math.random,
    ) {}

    /** Failures since the start or the last {@link reset}. */
    get failures(): number {
        return this.count;
    }

    next(retryAfterMs?: number): number | undefined {
        this.count += 1;
        if (this.count >= this.policy.attempts) {
            return undefined;
        }
        return backoffDelay(this.count, this.policy, retryAfterMs, this.random);
    }

    reset(): void {
        this.count = 0;
    }
}
