/**
 * A scripted registry for the blob upload protocol (OCI distribution spec, "Pushing blobs"), with the quirks real
 * registries have switchable: monolithic PUT refused (413, as an nginx front does), `OCI-Chunk-Min-Length`, ECR's
 * 201 to PATCH, a connection killed part-way through a PATCH body after keeping some bytes. Stores blobs in memory by
 * repository and checks each committed blob's sha256 itself.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './localServer';

export interface UploadRegistryOptions {
    refuseMonolithic?: boolean;
    chunkMinLength?: number;
    /** Status answered to a PATCH (202 by the spec, 201 on ECR). */
    patchStatus?: number;
    /** Kill the connection of PATCH number `patch` (1-based) after keeping `keepBytes` of its body. */
    killPatch?: { patch: number; keepBytes: number };
    /** Kill the connection of the monolithic PUT after keeping `keepBytes` of its body. */
    killPut?: { keepBytes: number };
    /** Answer 507 Insufficient Storage to every blob commit once this many blobs are stored. */
    storageFullAfterBlobs?: number;
}

export interface SeenUpload {
    method: string;
    path: string;
    contentRange?: string;
    bodyBytes: number;
}

export interface UploadRegistry {
    host: string;
    requests: SeenUpload[];
    /** `repository` → digest → bytes. */
    blobs: Map<string, Map<string, Buffer>>;
    /** `repository:reference` (tag or digest) → manifest bytes. */
    manifests: Map<string, Buffer>;
    /** Bytes received in request bodies in all. */
    bytesReceived(): number;
    close(): Promise<void>;
}

const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

export async function startUploadRegistry(options: UploadRegistryOptions = {}): Promise<UploadRegistry> {
    const requests: SeenUpload[] = [];
    const blobs = new Map<string, Map<string, Buffer>>();
    const manifests = new Map<string, Buffer>();
    let stored = 0;
    const uploads = new Map<string, Buffer>();
    let patches = 0;
    let next = 0;
    const repoBlobs = (repo: string) => {
        const map = blobs.get(repo) ?? new Map<string, Buffer>();
        blobs.set(repo, map);
        return map;
    };
    const send = (res: ServerResponse, status: number, headers: Record<string, string> = {}, body = '') => {
        res.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers });
        res.end(body);
    };
    const error = (res: ServerResponse, status: number, code: string) =>
        send(
            res,
            status,
            { 'content-type': 'application/json' },
            JSON.stringify({ errors: [{ code, message: code }] }),
        );
    /** Reads the body; with `keep`, stores only the first `keep` bytes and kills the socket. */
    const readBody = (req: IncomingMessage, into: (chunk: Buffer) => void, keep?: number) =>
        new Promise<boolean>((resolve) => {
            let kept = 0;
            req.on('data', (chunk: Buffer) => {
                if (keep !== undefined) {
                    const room = keep - kept;
                    if (room > 0) {
                        into(chunk.subarray(0, room));
                        kept += Math.min(room, chunk.length);
                    }
                    if (kept >= keep) {
                        req.socket.destroy();
                        resolve(false);
                    }
                    return;
                }
                into(chunk);
            });
            req.on('end', () => resolve(true));
            req.on('close', () => resolve(false));
        });
    const server = createServer((req, res) => {
        void handle(req, res);
    });
    const handle = async (req: IncomingMessage, res: ServerResponse) => {
        const url = new URL(req.url ?? '/', 'http://x');
        const seen: SeenUpload = { method: req.method ?? '', path: url.pathname + url.search, bodyBytes: 0 };
        if (req.headers['content-range']) {
            seen.contentRange = String(req.headers['content-range']);
        }
        requests.push(seen);
        const count = (c: Buffer) => (seen.bodyBytes += c.length);
        const manifest = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
        if (manifest) {
            const key = `${manifest[1]}:${manifest[2]}`;
            if (req.method === 'PUT') {
                const parts: Buffer[] = [];
                await readBody(req, (c) => (count(c), parts.push(c)));
                const bytes = Buffer.concat(parts);
                manifests.set(key, bytes);
                manifests.set(`${manifest[1]}:${sha256(bytes)}`, bytes);
                return send(res, 201, { 'docker-content-digest': sha256(bytes) });
            }
            const bytes = manifests.get(key);
            return bytes
                ? send(res, 200, { 'docker-content-digest': sha256(bytes) })
                : error(res, 404, 'MANIFEST_UNKNOWN');
        }
        const blob = /^\/v2\/(.+)\/blobs\/(sha256:[0-9a-f]{64})$/.exec(url.pathname);
        const start = /^\/v2\/(.+)\/blobs\/uploads\/$/.exec(url.pathname);
        const session = /^\/v2\/(.+)\/blobs\/uploads\/([0-9]+)$/.exec(url.pathname);
        if (blob && req.method === 'HEAD') {
            const bytes = repoBlobs(blob[1] ?? '').get(blob[2] ?? '');
            return bytes ? send(res, 200, { 'docker-content-digest': blob[2] ?? '' }) : send(res, 404);
        }
        if (start && req.method === 'POST') {
            const repo = start[1] ?? '';
            const mount = url.searchParams.get('mount');
            const from = url.searchParams.get('from');
            const held = mount && from ? repoBlobs(from).get(mount) : undefined;
            if (mount && held) {
                repoBlobs(repo).set(mount, held);
                return send(res, 201, { location: `/v2/${repo}/blobs/${mount}`, 'docker-content-digest': mount });
            }
            const id = String(++next);
            uploads.set(id, Buffer.alloc(0));
            const headers: Record<string, string> = { location: `/v2/${repo}/blobs/uploads/${id}`, range: '0-0' };
            if (options.chunkMinLength) {
                headers['oci-chunk-min-length'] = String(options.chunkMinLength);
            }
            return send(res, 202, headers);
        }
        if (!session) {
            return error(res, 404, 'NOT_FOUND');
        }
        const repo = session[1] ?? '';
        const id = session[2] ?? '';
        const current = uploads.get(id);
        if (current === undefined) {
            return error(res, 404, 'BLOB_UPLOAD_UNKNOWN');
        }
        const range = (size: number) => (size === 0 ? '0-0' : `0-${size - 1}`);
        const location = `/v2/${repo}/blobs/uploads/${id}`;
        if (req.method === 'GET') {
            return send(res, 204, { location, range: range(current.length) });
        }
        if (req.method === 'PATCH') {
            patches++;
            const parts: Buffer[] = [current];
            const kill = options.killPatch?.patch === patches ? options.killPatch.keepBytes : undefined;
            const complete = await readBody(req, (c) => (count(c), parts.push(c)), kill);
            const updated = Buffer.concat(parts);
            const [from, to] = String(req.headers['content-range'] ?? '')
                .split('-')
                .map(Number);
            if (!complete) {
                uploads.set(id, updated);
                return;
            }
            if (from !== current.length || to !== updated.length - 1) {
                return error(res, 416, 'BLOB_UPLOAD_INVALID');
            }
            chunkLengths.set(id, [...(chunkLengths.get(id) ?? []), updated.length - current.length]);
            uploads.set(id, updated);
            return send(res, options.patchStatus ?? 202, { location, range: range(updated.length) });
        }
        if (req.method === 'PUT') {
            const digest = url.searchParams.get('digest') ?? '';
            const parts: Buffer[] = [current];
            const withBody = Number(req.headers['content-length'] ?? '0') > 0;
            if (withBody && options.refuseMonolithic) {
                await readBody(req, count);
                return error(res, 413, 'SIZE_REFUSED');
            }
            const complete = await readBody(req, (c) => (count(c), parts.push(c)), options.killPut?.keepBytes);
            const whole = Buffer.concat(parts);
            if (!complete) {
                uploads.set(id, whole);
                options.killPut = undefined;
                return;
            }
            // Every chunk but the last must reach OCI-Chunk-Min-Length.
            const min = options.chunkMinLength ?? 0;
            if ((chunkLengths.get(id) ?? []).slice(0, -1).some((length) => length < min)) {
                return error(res, 416, 'CHUNK_TOO_SMALL');
            }
            if (sha256(whole) !== digest) {
                return error(res, 400, 'DIGEST_INVALID');
            }
            if (options.storageFullAfterBlobs !== undefined && stored >= options.storageFullAfterBlobs) {
                return error(res, 507, 'INSUFFICIENT_STORAGE');
            }
            stored++;
            uploads.delete(id);
            repoBlobs(repo).set(digest, whole);
            return send(res, 201, { location: `/v2/${repo}/blobs/${digest}`, 'docker-content-digest': digest });
        }
        return error(res, 405, 'UNSUPPORTED');
    };
    const chunkLengths = new Map<string, number[]>();
    const listening = await listenOnLoopback(server);
    return {
        host: listening.host,
        requests,
        blobs,
        manifests,
        bytesReceived: () => requests.reduce((n, r) => n + r.bodyBytes, 0),
        close: () => listening.close(),
    };
}
