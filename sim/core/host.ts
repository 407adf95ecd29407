/**
 * One simulated host: a `node:http` server on 127.0.0.1 that records each request, consults the fault rules, calls the
 * route handler and writes its response (streaming bodies with back-pressure, honouring HEAD).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiError } from './envelope.js';
import type { Fault, FaultSet } from './faults.js';
import { isStreamBody, jsonResponse, textResponse } from './types.js';
import type { Handler, HostName, ResponseBody, SimRequest, SimResponse } from './types.js';

export interface RecordedRequest {
    host: HostName;
    method: string;
    url: string;
    headers: Record<string, string>;
    time: number;
}

export interface HostDeps {
    faults: FaultSet;
    requests: RecordedRequest[];
    now: () => number;
}

export interface RunningHost {
    server: http.Server;
    port: number;
    origin: string;
}

/** Starts a host on `port` (0 = any free port). */
export async function startHost(name: HostName, handler: Handler, deps: HostDeps, port = 0): Promise<RunningHost> {
    const server = http.createServer((req, res) => {
        handle(name, handler, deps, req, res).catch((error: unknown) => {
            if (!res.headersSent) {
                const message = error instanceof Error ? error.message : String(error);
                res.writeHead(500, { 'content-type': 'text/plain' }).end(`ngc-sim internal error: ${message}`);
            } else {
                res.destroy();
            }
        });
    });
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address() as AddressInfo;
    return { server, port: address.port, origin: `http://127.0.0.1:${address.port}` };
}

/** Stops a host, cutting idle keep-alive connections so `close` resolves promptly. */
export function stopHost(host: RunningHost): Promise<void> {
    return new Promise((resolve) => {
        host.server.close(() => resolve());
        host.server.closeAllConnections();
    });
}

async function handle(
    name: HostName,
    handler: Handler,
    deps: HostDeps,
    req: http.IncomingMessage,
    res: http.ServerResponse,
): Promise<void> {
    const headers = lowercaseHeaders(req);
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    deps.requests.push({ host: name, method, url: rawUrl, headers, time: deps.now() });
    const body = await readBody(req);
    const url = new URL(rawUrl, `http://${headers.host ?? '127.0.0.1'}`);
    const fault = deps.faults.take(name, method, url.pathname, rawUrl);

    if (fault?.kind === 'drop' && fault.afterBytes === undefined) {
        req.socket.destroy();
        return;
    }
    if (fault?.kind === 'status') {
        await send(res, method, statusFaultResponse(fault), undefined);
        return;
    }
    if (fault?.kind === 'html') {
        const html =
            '<html><head><title>Error</title></head><body><h1>Service temporarily unavailable</h1></body></html>';
        await send(res, method, textResponse(200, html, 'text/html; charset=utf-8'), undefined);
        return;
    }
    const simReq: SimRequest = { host: name, method, url, segments: splitPath(url.pathname), headers, body };
    let response = await handler(simReq);
    if (fault?.kind === 'json') {
        const text = typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body);
        response = textResponse(fault.status ?? response.status, text, 'application/json');
    }
    await send(res, method, response, fault);
}

function statusFaultResponse(fault: Extract<Fault, { kind: 'status' }>): SimResponse {
    const headers = fault.headers ?? {};
    if (fault.body === undefined) {
        return {
            ...apiError(fault.status, http.STATUS_CODES[fault.status] ?? 'Injected fault'),
            status: fault.status,
            headers: { 'content-type': 'application/json', ...headers },
        };
    }
    if (typeof fault.body === 'string') {
        return textResponse(fault.status, fault.body, headers['content-type'] ?? 'text/plain; charset=utf-8', headers);
    }
    return jsonResponse(fault.status, fault.body, headers);
}

/** Decoded, non-empty path segments. */
export function splitPath(pathname: string): string[] {
    return pathname
        .split('/')
        .filter((s) => s !== '')
        .map((s) => {
            try {
                return decodeURIComponent(s);
            } catch {
                return s;
            }
        });
}

function lowercaseHeaders(req: http.IncomingMessage): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) {
            out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
        }
    }
    return out;
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
        chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
}

/** Writes headers and (unless HEAD) the body, applying a body-level fault. */
async function send(
    res: http.ServerResponse,
    method: string,
    response: SimResponse,
    fault: Fault | undefined,
): Promise<void> {
    const body: ResponseBody = response.body ?? Buffer.alloc(0);
    const length = isStreamBody(body) ? body.length : body.length;
    const headers: Record<string, string> = { ...(response.headers ?? {}) };
    if (headers['content-length'] === undefined) {
        headers['content-length'] = String(length);
    }
    res.writeHead(response.status, headers);
    if (method === 'HEAD' || response.status === 204 || response.status === 304) {
        res.end();
        return;
    }
    res.flushHeaders();
    await writeBody(res, body, fault);
}

async function writeBody(res: http.ServerResponse, body: ResponseBody, fault: Fault | undefined): Promise<void> {
    const limit = fault?.kind === 'truncate' ? fault.bytes : fault?.kind === 'drop' ? fault.afterBytes : undefined;
    const slow = fault?.kind === 'slow' ? Math.max(1, fault.bytesPerSecond) : undefined;
    let sent = 0;
    const source = isStreamBody(body) ? body.chunks() : single(body);
    for await (const original of source) {
        if (res.destroyed) {
            return;
        }
        let chunk = fault?.kind === 'corrupt' ? corrupt(original) : original;
        if (limit !== undefined && sent + chunk.length >= limit) {
            chunk = chunk.subarray(0, limit - sent);
            await write(res, chunk, slow);
            await new Promise<void>((resolve) => res.write(Buffer.alloc(0), () => resolve()));
            cut(res, fault?.kind === 'drop');
            return;
        }
        await write(res, chunk, slow);
        sent += chunk.length;
    }
    if (limit !== undefined) {
        cut(res, fault?.kind === 'drop');
        return;
    }
    res.end();
}

async function* single(buffer: Buffer): AsyncIterable<Buffer> {
    yield buffer;
}

/** Flips one byte in every 4 KiB (and always at least one), keeping the length. */
function corrupt(chunk: Buffer): Buffer {
    const copy = Buffer.from(chunk);
    for (let i = Math.floor(copy.length / 2) % 4096; i < copy.length; i += 4096) {
        copy[i] = (copy[i] ?? 0) ^ 0xff;
    }
    return copy;
}

/** Ends (truncate) or destroys (drop) the connection after what was written so far has been flushed. */
function cut(res: http.ServerResponse, destroy: boolean): void {
    const socket = res.socket;
    if (socket === null) {
        return;
    }
    if (destroy) {
        socket.destroy();
    } else {
        socket.end();
    }
}

async function write(res: http.ServerResponse, chunk: Buffer, bytesPerSecond: number | undefined): Promise<void> {
    if (bytesPerSecond === undefined) {
        if (!res.write(chunk)) {
            await drained(res);
        }
        return;
    }
    const slice = Math.max(1, Math.floor(bytesPerSecond / 20));
    for (let offset = 0; offset < chunk.length && !res.destroyed; offset += slice) {
        const part = chunk.subarray(offset, offset + slice);
        res.write(part);
        await new Promise((resolve) => setTimeout(resolve, (part.length / bytesPerSecond) * 1000));
    }
}

function drained(res: http.ServerResponse): Promise<void> {
    return new Promise((resolve) => {
        const done = (): void => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
        };
        res.once('drain', done);
        res.once('close', done);
    });
}
