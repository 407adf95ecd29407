/**
 * Retry policy: 429 and 5xx responses, connection resets and timeouts are retried with full-jitter exponential
 * backoff; a `Retry-After` from the server (seconds or an HTTP date) takes precedence, capped so a hostile value
 * cannot park a request for hours. 4xx other than 429 are never retried (a 403 stays a 403).
 */
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
]);

export function isRetryableStatus(status: number): boolean {
    return RETRYABLE_STATUS.has(status);
}

export function isRetryableNetworkError(error: unknown): boolean {
    let current: unknown = error;
    for (let depth = 0; current instanceof Error && depth < 4; depth++) {
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
