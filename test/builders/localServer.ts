import {
    createServer,
    type IncomingHttpHeaders,
    type IncomingMessage,
    type Server,
    type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request as a test server saw it. */
export interface SeenRequest {
    method: string;
    url: string;
    headers: IncomingHttpHeaders;
    body: string;
}

export interface LocalServer {
    /** `http://127.0.0.1:PORT` */
    url: string;
    requests: SeenRequest[];
    /** Sockets that closed, for cancellation tests. */
    closedSockets: number;
    /** Sockets still open right now. */
    openSockets: number;
    close(): Promise<void>;
}

export type Handler = (
    req: IncomingMessage & { body: string },
    res: ServerResponse,
    index: number,
) => void | Promise<void>;

/** A plain node:http server on 127.0.0.1 with a random port that records every request it handles. */
export async function startLocalServer(handler: Handler): Promise<LocalServer> {
    const requests: SeenRequest[] = [];
    const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8');
            const index = requests.length;
            requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body });
            Promise.resolve(handler(Object.assign(req, { body }), res, index)).catch((error: unknown) => {
                res.statusCode = 500;
                res.end(String(error));
            });
        });
    });
    const listening = await listenOnLoopback(server);
    return {
        url: `http://${listening.host}`,
        requests,
        get closedSockets() {
            return listening.closedSockets;
        },
        get openSockets() {
            return listening.openSockets;
        },
        close: () => listening.close(),
    };
}

export interface Listening {
    /** `127.0.0.1:PORT` */
    host: string;
    /** Sockets that closed so far. */
    readonly closedSockets: number;
    /** Sockets still open right now. */
    readonly openSockets: number;
    /** Destroys the open sockets (keep-alive ones would hold `server.close()` up) and closes the server. */
    close(): Promise<void>;
}

/**
 * Starts `server` at a free port of `hostname` (a loopback address), keeping count of its sockets so `close()` need
 * not wait on clients.
 */
export async function listenOnLoopback(server: Server, hostname = '127.0.0.1'): Promise<Listening> {
    const sockets = new Set<Socket>();
    let closedSockets = 0;
    server.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => {
            sockets.delete(socket);
            closedSockets++;
        });
    });
    await new Promise<void>((resolve) => server.listen(0, hostname, resolve));
    const port = (server.address() as AddressInfo).port;
    return {
        host: `${hostname}:${port}`,
        get closedSockets() {
            return closedSockets;
        },
        get openSockets() {
            return sockets.size;
        },
        async close() {
            for (const socket of sockets) {
                socket.destroy();
            }
            await new Promise<void>((resolve) => server.close(() => resolve()));
        },
    };
}

/** Sends `value` as JSON with `status`. */
export function sendJson(
    res: ServerResponse,
    status: number,
    value: unknown,
    headers: Record<string, string> = {},
): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(value));
}
