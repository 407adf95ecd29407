/**
 * An HTTP forwarder on 127.0.0.1 in front of a real registry: it records every request (method, path, headers, body
 * bytes) so tests can count the bytes a client sent and check which credentials reached the host, and it can kill
 * one upload part-way (both sockets destroyed after N body bytes went through), the way a dropped connection does.
 * The `Host` header is passed on unchanged, so the registry's `Location`s point back at the proxy.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { listenOnLoopback } from '../builders/localServer';

export interface ProxiedRequest {
    method: string;
    path: string;
    headers: IncomingHttpHeaders;
    bodyBytes: number;
    status?: number;
}

export interface RecordingProxy {
    host: string;
    requests: ProxiedRequest[];
    /** Kills the first PUT or PATCH to an upload session whose body reaches `afterBytes`, once it went through. */
    killNextUpload(afterBytes: number): void;
    /** Body bytes of blob uploads (PUT/PATCH to `/blobs/uploads/`). */
    uploadBytes(): number;
    close(): Promise<void>;
}

export async function startRecordingProxy(upstream: string): Promise<RecordingProxy> {
    const target = new URL(upstream);
    const requests: ProxiedRequest[] = [];
    let kill: number | undefined;
    const server = createServer((req, res) => {
        const seen: ProxiedRequest = {
            method: req.method ?? '',
            path: req.url ?? '/',
            headers: req.headers,
            bodyBytes: 0,
        };
        requests.push(seen);
        const isUpload = (seen.method === 'PUT' || seen.method === 'PATCH') && seen.path.includes('/blobs/uploads/');
        const killAt = isUpload ? kill : undefined;
        const out = httpRequest(
            { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
            (upstreamRes) => {
                seen.status = upstreamRes.statusCode;
                res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
                upstreamRes.pipe(res);
            },
        );
        out.on('error', () => res.destroy());
        req.on('data', (chunk: Buffer) => {
            if (killAt !== undefined && kill === killAt && seen.bodyBytes + chunk.length >= killAt) {
                kill = undefined;
                const room = killAt - seen.bodyBytes;
                seen.bodyBytes += room;
                out.write(chunk.subarray(0, room), () => {
                    out.destroy();
                    req.socket.destroy();
                });
                req.pause();
                return;
            }
            seen.bodyBytes += chunk.length;
            out.write(chunk);
        });
        req.on('end', () => out.end());
    });
    const listening = await listenOnLoopback(server);
    return {
        host: listening.host,
        requests,
        killNextUpload: (afterBytes) => (kill = afterBytes),
        uploadBytes: () =>
            requests
                .filter((r) => (r.method === 'PUT' || r.method === 'PATCH') && r.path.includes('/blobs/uploads/'))
                .reduce((n, r) => n + r.bodyBytes, 0),
        close: () => listening.close(),
    };
}
