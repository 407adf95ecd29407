import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './localServer';

/**
 * A loopback server that answers whatever a test scripts, to prove the clients hold against a server that is not
 * the simulator: one that lies about page sizes, echoes the key back, names a foreign token realm, sends escape
 * sequences, endless or dripping bodies, or nothing at all. Separate from `sim/` on purpose: nothing here is
 * faithful to NGC unless a test makes it so. Replies live in `hostileReplies.ts`.
 *
 *     const server = await startHostileServer();
 *     server.on('GET', '/v2/orgs', json(200, { organizations: [] }));
 *     server.on('GET', /^\/v2\/org\/[^/]+\/repos$/, (req, res) => json(200, pageFor(req))(req, res));
 */
export interface HostileRequest {
    method: string;
    /** Path and query as sent. */
    url: string;
    /** Path without the query. */
    path: string;
    query: URLSearchParams;
    headers: IncomingHttpHeaders;
    body: string;
}

/** Writes an answer (or deliberately does not). May keep writing until the socket closes. */
export type Reply = (req: HostileRequest, res: ServerResponse) => void | Promise<void>;

export interface HostileServer {
    /** `http://127.0.0.1:PORT` */
    url: string;
    /** `127.0.0.1:PORT` (what a registry setting holds). */
    host: string;
    /** Every request in arrival order, headers included (assert on what reached this host). */
    requests: HostileRequest[];
    /** Sockets open right now. */
    readonly openSockets: number;
    /** Scripts `method` (`*` for any) on `path` (exact path, or a RegExp over the path); later scripts win. */
    on(method: string, path: string | RegExp, reply: Reply): HostileServer;
    /** Removes every script (requests are kept). */
    reset(): void;
    close(): Promise<void>;
}

interface Route {
    method: string;
    path: string | RegExp;
    reply: Reply;
}

/**
 * Starts a hostile server on 127.0.0.1, port 0. Unscripted requests get a 404 with an NGC-shaped body. `close()`
 * destroys every socket, so an endless or dripping reply never keeps a test alive.
 */
export async function startHostileServer(hostname = '127.0.0.1'): Promise<HostileServer> {
    const routes: Route[] = [];
    const requests: HostileRequest[] = [];
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
            const parsed = new URL(req.url ?? '/', 'http://hostile');
            const seen: HostileRequest = {
                method: req.method ?? 'GET',
                url: req.url ?? '/',
                path: parsed.pathname,
                query: parsed.searchParams,
                headers: req.headers,
                body: Buffer.concat(chunks).toString('utf8'),
            };
            requests.push(seen);
            const route = [...routes].reverse().find((r) => matches(r, seen));
            const reply: Reply = route?.reply ?? notScripted;
            Promise.resolve(reply(seen, res)).catch((error: unknown) => {
                if (!res.headersSent) {
                    res.writeHead(500);
                }
                res.end(String(error));
            });
        });
    });
    const listening = await listenOnLoopback(server, hostname);
    const self: HostileServer = {
        url: `http://${listening.host}`,
        host: listening.host,
        requests,
        get openSockets() {
            return listening.openSockets;
        },
        on(method, path, reply) {
            routes.push({ method: method.toUpperCase(), path, reply });
            return self;
        },
        reset() {
            routes.length = 0;
        },
        close: () => listening.close(),
    };
    return self;
}

function matches(route: Route, req: HostileRequest): boolean {
    if (route.method !== '*' && route.method !== req.method) {
        return false;
    }
    return typeof route.path === 'string' ? route.path === req.path : route.path.test(req.path);
}

function notScripted(req: HostileRequest, res: ServerResponse): void {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(
        JSON.stringify({
            requestStatus: { statusCode: 'NOT_FOUND', statusDescription: `not scripted: ${req.method} ${req.path}` },
        }),
    );
}
