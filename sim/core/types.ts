/**
 * Shared types of the simulator's tiny HTTP framework. Every host (api, auth, registry, helm, files) is a plain
 * `node:http` server whose handler turns a {@link SimRequest} into a {@link SimResponse}; the framework records the
 * request, applies injected faults and writes the response (streaming large bodies, honouring HEAD).
 */

/** The five origins the simulator serves, each on its own loopback port like NGC's separate hosts. */
export type HostName = 'api' | 'auth' | 'registry' | 'helm' | 'files';

/** A parsed incoming request. Header names are lowercase. */
export interface SimRequest {
    host: HostName;
    method: string;
    /** Parsed URL (base is the host's own origin). */
    url: URL;
    /** Path segments of `url.pathname`, percent-decoded, empty segments dropped. */
    segments: string[];
    headers: Record<string, string>;
    body: Buffer;
}

/** A body too large to hold in memory: its length, and a generator of its bytes. */
export interface StreamBody {
    length: number;
    chunks(): AsyncIterable<Buffer>;
}

export type ResponseBody = Buffer | StreamBody;

/** What a handler answers; the framework adds Content-Length and strips the body for HEAD. */
export interface SimResponse {
    status: number;
    headers?: Record<string, string>;
    body?: ResponseBody;
}

export type Handler = (req: SimRequest) => Promise<SimResponse> | SimResponse;

/** Returns true when `body` is a streamed body rather than a buffer. */
export function isStreamBody(body: ResponseBody): body is StreamBody {
    return !Buffer.isBuffer(body);
}

/** A JSON response with `Content-Type: application/json`. */
export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): SimResponse {
    return {
        status,
        headers: { 'content-type': 'application/json', ...headers },
        body: Buffer.from(JSON.stringify(value)),
    };
}

/** A plain-text response. */
export function textResponse(
    status: number,
    text: string,
    contentType = 'text/plain; charset=utf-8',
    headers: Record<string, string> = {},
): SimResponse {
    return { status, headers: { 'content-type': contentType, ...headers }, body: Buffer.from(text) };
}
