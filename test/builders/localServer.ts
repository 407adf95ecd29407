import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
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
    const sockets = new Set<Socket>();
    const state = { closedSockets: 0 };
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
    server.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => {
            sockets.delete(socket);
            state.closedSockets++;
        });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    return {
        url: `http://127.0.0.1:${port}`,
        requests,
        get closedSockets() {
            return state.closedSockets;
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
