/**
 * The cloud registries' credential services, beside the NGC stand-ins: an ECR API endpoint (ecrHost.ts) and an ACR
 * token service (acrHost.ts), each on its own loopback port, started only when `SimOptions.cloud` asks for them.
 * Every request is recorded (headers and body) so tests can prove where a secret went and where it did not.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { acrHandler, type AcrStandInOptions } from './acrHost.js';
import { ecrHandler, type EcrStandInOptions } from './ecrHost.js';
import type { CloudRequest, CloudResponse } from './cloudTypes.js';

export interface CloudOptions {
    ecr?: EcrStandInOptions;
    acr?: AcrStandInOptions;
}

export interface RecordedCloudRequest {
    host: 'ecr' | 'acr';
    method: string;
    url: string;
    headers: Record<string, string>;
    body: string;
}

export interface CloudHosts {
    /** Origins (`http://127.0.0.1:PORT`) of the services started. */
    urls: { ecr?: string; acr?: string };
    requests: RecordedCloudRequest[];
    close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

export async function startCloudHosts(options: CloudOptions, now: () => number): Promise<CloudHosts> {
    const requests: RecordedCloudRequest[] = [];
    const servers: Server[] = [];
    const urls: CloudHosts['urls'] = {};
    const close = () =>
        Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())))).then(() => undefined);
    const start = async (name: 'ecr' | 'acr', handler: (req: CloudRequest) => CloudResponse) => {
        const server = createServer((req, res) => {
            const chunks: Buffer[] = [];
            let size = 0;
            req.on('data', (chunk: Buffer) => {
                size += chunk.length;
                if (size > MAX_BODY) {
                    res.writeHead(413).end();
                    req.destroy();
                    return;
                }
                chunks.push(chunk);
            });
            req.on('end', () => {
                const headers: Record<string, string> = {};
                for (const [k, v] of Object.entries(req.headers)) {
                    headers[k] = Array.isArray(v) ? v.join(', ') : (v ?? '');
                }
                const body = Buffer.concat(chunks);
                const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
                requests.push({
                    host: name,
                    method: req.method ?? '',
                    url: req.url ?? '/',
                    headers,
                    body: body.toString(),
                });
                const answer = handler({ method: req.method ?? '', url, headers, body });
                res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
                res.end(answer.body);
            });
        });
        servers.push(server);
        await new Promise<void>((resolve, reject) => {
            server.once('error', reject);
            server.listen(0, '127.0.0.1', () => resolve());
        });
        urls[name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    };
    try {
        if (options.ecr) {
            await start('ecr', ecrHandler(options.ecr, now));
        }
        if (options.acr) {
            await start('acr', acrHandler(options.acr, now));
        }
    } catch (error) {
        await close();
        throw error;
    }
    return { urls, requests, close };
}
