import type { ServerResponse } from 'node:http';
import type { HostileRequest, Reply } from './hostileServer';

/**
 * Replies for the hostile server (`hostileServer.ts`): honest ones to build on, and the traps a test scripts.
 * Every reply that keeps writing stops as soon as the client goes away.
 */

/** `status` with a JSON body. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
    return (_req, res) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
    };
}

/** `status` with a text body (an HTML page, a truncated document, raw bytes). */
export function text(status: number, body: string | Buffer, headers: Record<string, string> = {}): Reply {
    return (_req, res) => {
        res.writeHead(status, { 'content-type': 'text/plain', ...headers });
        res.end(body);
    };
}

/** A JSON reply computed from the request (paging, echoes). */
export function jsonFrom(status: number, build: (req: HostileRequest) => unknown): Reply {
    return (req, res) => json(status, build(req))(req, res);
}

/** Never answers: the request waits for headers that do not come (a silent API). */
export function silent(): Reply {
    return () => undefined;
}

/** Closes the connection without an answer. */
export function hangUp(): Reply {
    return (_req, res) => {
        res.socket?.destroy();
    };
}

/**
 * Sends headers, then `body` one byte every `everyMs` (a server that keeps a call alive without ever finishing);
 * with `endless`, starts `body` over when it runs out.
 */
export function drip(body: string, everyMs: number, options: { endless?: boolean; status?: number } = {}): Reply {
    return (_req, res) => {
        res.writeHead(options.status ?? 200, { 'content-type': 'application/json' });
        res.flushHeaders();
        let at = 0;
        const timer = setInterval(() => {
            if (at >= body.length) {
                if (!options.endless) {
                    clearInterval(timer);
                    res.end();
                    return;
                }
                at = 0;
            }
            res.write(body[at++] ?? ' ');
        }, everyMs);
        res.on('close', () => clearInterval(timer));
    };
}

/**
 * A chunked body that never ends: `prefix`, then `chunk` repeated as fast as the client reads (back-pressure
 * respected), until the client closes. Without a client-side cap this grows until memory runs out.
 */
export function endless(prefix: string, chunk: string, status = 200): Reply {
    return (_req, res) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.write(prefix);
        const block = Buffer.from(chunk.repeat(Math.max(1, Math.floor(65536 / Math.max(1, chunk.length)))));
        let open = true;
        res.on('close', () => {
            open = false;
        });
        const pump = (): void => {
            while (open && res.write(block)) {
                // keep writing until the socket buffer is full
            }
            if (open) {
                res.once('drain', pump);
            }
        };
        pump();
    };
}

/** Answers the n-th request on a route with `replies[n]`, the last one repeating. */
export function sequence(...replies: Reply[]): Reply {
    let n = 0;
    return (req, res) => {
        const reply = replies[Math.min(n++, replies.length - 1)];
        return reply?.(req, res);
    };
}

/** The bearer or basic credential the request carried (for replies that echo the key back). */
export function credentialOf(req: HostileRequest): string {
    const header = req.headers['authorization'] ?? '';
    const [scheme, value = ''] = header.split(' ');
    if (scheme?.toLowerCase() === 'basic') {
        const decoded = Buffer.from(value, 'base64').toString('utf8');
        return decoded.slice(decoded.indexOf(':') + 1);
    }
    return value;
}

/** How a scripted NGC list reports its paging. */
export type PagingReport =
    /** `paginationInfo` computed from the size actually served (what a well-behaved capped server says). */
    | 'honest'
    /** `totalPages` computed from the size the client asked for, though fewer items are served (a lie). */
    | 'requestedSize'
    /** `totalResults` only. */
    | 'totalsOnly'
    /** No `paginationInfo` at all. */
    | 'none';

/**
 * An NGC REST list (`page-size`, 0-based `page-number`) that serves at most `cap` items per page whatever the
 * client asks, under `key` (`repositories`, `images`, `modelVersions`, …), reporting its paging as `report` says.
 */
export function cappedList(
    key: string,
    items: readonly unknown[],
    cap: number,
    report: PagingReport = 'honest',
): Reply {
    return jsonFrom(200, (req) => {
        const asked = Number(req.query.get('page-size') ?? '100') || 100;
        const page = Number(req.query.get('page-number') ?? '0') || 0;
        const size = Math.min(asked, cap);
        const served = items.slice(page * size, page * size + size);
        const totalPages = Math.ceil(items.length / (report === 'requestedSize' ? asked : size));
        const info =
            report === 'none'
                ? undefined
                : report === 'totalsOnly'
                  ? { totalResults: items.length }
                  : { index: page, size: served.length, totalPages, totalResults: items.length, nextPage: '' };
        return {
            [key]: served,
            ...(info ? { paginationInfo: info } : {}),
            requestStatus: { statusCode: 'SUCCESS', requestId: `hostile-${page}` },
        };
    });
}

/**
 * NGC's catalog search (`q=<JSON>` with a 0-based `page` and `pageSize`) serving at most `cap` hits of `type` per
 * page; `resultPageTotal` is computed from the size served (`honest`) or from the size asked for (`requestedSize`).
 */
export function cappedSearch(
    type: string,
    resources: readonly Record<string, unknown>[],
    cap: number,
    report: 'honest' | 'requestedSize' = 'honest',
): Reply {
    return jsonFrom(200, (req) => {
        const q = JSON.parse(req.query.get('q') ?? '{}') as { page?: number; pageSize?: number };
        const asked = q.pageSize ?? 25;
        const page = q.page ?? 0;
        const size = Math.min(asked, cap);
        const served = resources.slice(page * size, page * size + size);
        return {
            resultTotal: resources.length,
            resultPageTotal: Math.ceil(resources.length / (report === 'requestedSize' ? asked : size)),
            params: { page, pageSize: size },
            results: [{ groupValue: type, totalCount: resources.length, resources: served }],
        };
    });
}

/** Writes a reply by hand (for a test that needs a header or status no helper has). */
export function raw(write: (res: ServerResponse, req: HostileRequest) => void): Reply {
    return (req, res) => write(res, req);
}
