import { request as undiciRequest, type Dispatcher } from 'undici';
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import { CancelledError, isCancellationError, sleep } from '../lib/abort';
import { nullLog, type Log } from '../lib/log';
import { hasCredentials, mayCarryCredentials } from './credentials';
import { HttpError, safeUrl } from './errors';
import { headersForRedirect, methodForRedirect, REDIRECT_STATUSES } from './redirects';
import {
    Backoff,
    defaultRetryPolicy,
    isRetryableStatus,
    isTransientError,
    parseRetryAfter,
    type RetryPolicy,
} from './retry';
import { parseJsonBody, readCapped, readErrorDetails } from './body';

export interface HttpRequest {
    url: string | URL;
    method?: string;
    headers?: Record<string, string>;
    /** A stream body (a blob upload) is sent once: never retried, and a redirect that would resend it fails. */
    body?: string | Buffer | Readable;
    signal?: AbortSignal;
    /** Retry 429/5xx/resets. Defaults to true for GET/HEAD, false otherwise. */
    retry?: boolean;
    /** Follow redirects (dropping credentials across origins). Default true. */
    followRedirects?: boolean;
    /** Overall deadline of a {@link HttpClient.json}/{@link HttpClient.text} call, retries included (ms). */
    deadlineMs?: number;
}

export interface HttpResponse {
    status: number;
    headers: Record<string, string>;
    /** The URL that produced this response, after redirects. */
    url: string;
    body: Readable;
    text(): Promise<string>;
    dump(): Promise<void>;
}

export interface HttpClientOptions {
    dispatcher: Dispatcher;
    log?: Log;
    userAgent?: string;
    retry?: Partial<RetryPolicy>;
    maxRedirects?: number;
    /** Largest body `text()` reads (and so the largest JSON answer); default {@link DEFAULT_MAX_BODY_BYTES}. */
    maxBodyBytes?: number;
    /** Overall deadline of one API call (`json`/`text`), retries included; default {@link DEFAULT_API_DEADLINE_MS}. */
    deadlineMs?: number;
}

/** 32 MiB: NGC's largest lists are a few MiB a page; a 200 MB "JSON" answer is not one. */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * 90 s for one API call, retries included. The dispatcher's idle timeouts (60 s without headers or without a byte)
 * do not stop a server that drips one byte every few seconds, nor a silent one retried four times: this does.
 */
export const DEFAULT_API_DEADLINE_MS = 90_000;

/**
 * The one HTTP client of core: undici underneath, with retries, safe redirects, cancellation that closes the
 * socket, and failures as {@link HttpError}. Non-2xx responses are returned by {@link send} and thrown by
 * {@link json}/{@link text}.
 */
export class HttpClient {
    private readonly log: Log;
    private readonly policy: RetryPolicy;
    private readonly maxRedirects: number;
    private readonly maxBodyBytes: number;
    private readonly deadlineMs: number;
    readonly userAgent: string;

    constructor(private readonly options: HttpClientOptions) {
        this.log = options.log ?? nullLog;
        this.policy = { ...defaultRetryPolicy, ...options.retry };
        this.maxRedirects = options.maxRedirects ?? 5;
        this.userAgent = options.userAgent ?? 'ngc-explorer';
        this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
        this.deadlineMs = options.deadlineMs ?? DEFAULT_API_DEADLINE_MS;
    }

    /** Sends a request and returns the final response whatever its status (after retries and redirects). */
    async send(req: HttpRequest): Promise<HttpResponse> {
        const method = (req.method ?? 'GET').toUpperCase();
        const retry = req.retry ?? (method === 'GET' || method === 'HEAD');
        const backoff = new Backoff(retry ? this.policy : { ...this.policy, attempts: 1 });
        for (;;) {
            let response: HttpResponse;
            try {
                response = await this.sendFollowingRedirects(req, method);
            } catch (error) {
                const delay = isTransientError(error) && !req.signal?.aborted ? backoff.next() : undefined;
                if (delay === undefined) {
                    throw error;
                }
                this.log.debug(
                    `${method} ${safeUrl(req.url)}: ${String((error as Error).message)}; retry ${backoff.failures} in ${delay} ms`,
                );
                await sleep(delay, req.signal);
                continue;
            }
            if (!isRetryableStatus(response.status)) {
                return response;
            }
            const delay = backoff.next(parseRetryAfter(response.headers['retry-after']));
            if (delay === undefined) {
                return response;
            }
            this.log.debug(
                `${method} ${safeUrl(req.url)}: HTTP ${response.status}; retry ${backoff.failures} in ${delay} ms`,
            );
            await response.dump();
            await sleep(delay, req.signal);
        }
    }

    /** Sends, requires a 2xx, parses JSON and validates it with `schema` (tolerant schemas: unknown fields pass). */
    async json<S extends z.ZodType>(req: HttpRequest, schema: S): Promise<z.infer<S>> {
        return this.withDeadline(req, async (bounded) => {
            const response = await this.send({ ...bounded, headers: { accept: 'application/json', ...req.headers } });
            await this.ensureOk(response, bounded);
            return parseJsonBody(response, schema, req.method ?? 'GET');
        });
    }

    /** Sends, requires a 2xx and returns the body as text. */
    async text(req: HttpRequest): Promise<string> {
        return this.withDeadline(req, async (bounded) => {
            const response = await this.send(bounded);
            await this.ensureOk(response, bounded);
            return response.text();
        });
    }

    /**
     * Runs one whole API call (send, retries, body) under an overall deadline: when it passes, the request is
     * aborted (its socket closed) and the call fails as a `timeout` HttpError that states the limit. The caller's
     * own cancellation stays a cancellation. Public for calls that parse their own body (the registry's token
     * exchange).
     */
    async withDeadline<T>(req: HttpRequest, work: (req: HttpRequest) => Promise<T>): Promise<T> {
        const ms = req.deadlineMs ?? this.deadlineMs;
        if (!Number.isFinite(ms) || ms <= 0) {
            return work(req);
        }
        const controller = new AbortController();
        let expired = false;
        const timer = setTimeout(() => {
            expired = true;
            controller.abort(new CancelledError());
        }, ms);
        const forward = () => controller.abort(req.signal?.reason);
        if (req.signal?.aborted) {
            forward();
        }
        req.signal?.addEventListener('abort', forward, { once: true });
        try {
            return await work({ ...req, signal: controller.signal });
        } catch (error) {
            if (expired && !req.signal?.aborted) {
                const method = (req.method ?? 'GET').toUpperCase();
                throw new HttpError({
                    kind: 'timeout',
                    url: String(req.url),
                    method,
                    description: `no complete answer within ${ms / 1000} s, the limit for one API call`,
                    message: `${method} ${safeUrl(req.url)} gave no complete answer within ${ms / 1000} s (the limit for one API call)`,
                    cause: error,
                });
            }
            throw error;
        } finally {
            clearTimeout(timer);
            req.signal?.removeEventListener('abort', forward);
        }
    }

    /** Throws an HttpError built from the body (NGC requestStatus or registry errors[]) when status is not 2xx. */
    async ensureOk(response: HttpResponse, req: HttpRequest): Promise<void> {
        if (response.status >= 200 && response.status < 300) {
            return;
        }
        const details = await readErrorDetails(response);
        throw new HttpError({
            kind: 'status',
            url: response.url,
            method: req.method ?? 'GET',
            status: response.status,
            ...details,
            retryAfterMs: parseRetryAfter(response.headers['retry-after']),
            challenge: response.headers['www-authenticate'],
        });
    }

    private async sendFollowingRedirects(req: HttpRequest, method: string): Promise<HttpResponse> {
        let url = new URL(String(req.url));
        let headers: Record<string, string> = { 'user-agent': this.userAgent, ...lowerKeys(req.headers ?? {}) };
        let body = req.body;
        for (let hop = 0; ; hop++) {
            const response = await this.sendOnce(url, method, headers, body, req.signal);
            const location = response.headers['location'];
            if (req.followRedirects === false || !REDIRECT_STATUSES.has(response.status) || !location) {
                return response;
            }
            await response.dump();
            if (hop >= this.maxRedirects) {
                throw new HttpError({
                    kind: 'format',
                    url: url.toString(),
                    method,
                    description: `more than ${this.maxRedirects} redirects`,
                });
            }
            const next = new URL(location, url);
            headers = headersForRedirect(headers, url, next);
            method = methodForRedirect(response.status, method);
            if (method === 'GET') {
                body = undefined;
            }
            this.log.trace(`redirect ${response.status} ${safeUrl(url)} -> ${safeUrl(next)}`);
            url = next;
        }
    }

    private async sendOnce(
        url: URL,
        method: string,
        headers: Record<string, string>,
        body: string | Buffer | Readable | undefined,
        signal: AbortSignal | undefined,
    ): Promise<HttpResponse> {
        if (signal?.aborted) {
            throw new CancelledError();
        }
        if (!mayCarryCredentials(url) && hasCredentials(headers)) {
            // Checked on every hop: a same-origin redirect keeps the header, so the first URL is not enough.
            throw new HttpError({
                kind: 'format',
                url: url.toString(),
                method,
                description: 'refusing to send credentials over plain HTTP to a host that is not loopback',
                message:
                    `refusing to send credentials to ${safeUrl(url)} over plain HTTP: use an https:// URL ` +
                    '(or a loopback address for a local mirror) in the endpoint settings',
            });
        }
        const started = Date.now();
        let raw: Dispatcher.ResponseData;
        try {
            raw = await undiciRequest(url, {
                method: method as Dispatcher.HttpMethod,
                headers,
                body,
                signal,
                dispatcher: this.options.dispatcher,
            });
        } catch (error) {
            if (isCancellationError(error) || signal?.aborted) {
                throw new CancelledError();
            }
            const code = (error as { code?: string }).code ?? '';
            const kind = code.includes('TIMEOUT') ? 'timeout' : 'network';
            throw new HttpError({ kind, url: url.toString(), method, cause: error });
        }
        this.log.debug(`${method} ${safeUrl(url)} -> ${raw.statusCode} (${Date.now() - started} ms)`);
        const responseHeaders = flattenHeaders(raw.headers);
        const stream = raw.body;
        return {
            status: raw.statusCode,
            headers: responseHeaders,
            url: url.toString(),
            body: stream,
            text: () =>
                readCapped(stream, this.maxBodyBytes, { url: url.toString(), method, headers: responseHeaders }),
            dump: async () => {
                await stream.dump().catch(() => undefined);
            },
        };
    }
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
        if (value !== undefined) {
            out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
        }
    }
    return out;
}
