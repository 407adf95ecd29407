import { Agent } from 'undici';
import { HttpClient } from '../../../../src/core/http/client';
import { NgcClient } from '../../../../src/core/ngc/client';
import { startLocalServer, sendJson, type LocalServer } from '../../../builders/localServer';

export type Route = (
    url: URL,
    headers: Record<string, string | string[] | undefined>,
) => { status?: number; body: unknown } | undefined;

/** A local server that answers from `routes` (first match wins; 404 otherwise), and an NgcClient pointed at it. */
export async function fakeNgc(routes: Route[]) {
    const server: LocalServer = await startLocalServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://x');
        for (const route of routes) {
            const answer = route(url, req.headers);
            if (answer) {
                sendJson(res, answer.status ?? 200, answer.body);
                return;
            }
        }
        sendJson(res, 404, { requestStatus: { statusCode: 'NOT_FOUND', requestId: 'r-404' } });
    });
    const dispatcher = new Agent({ keepAliveTimeout: 10 });
    const http = new HttpClient({ dispatcher, retry: { attempts: 1 } });
    const endpoints = { apiUrl: server.url, authUrl: server.url, registry: '127.0.0.1:1', helmUrl: server.url };
    return {
        server,
        client: (apiKey?: string, extra: { org?: string; now?: () => number } = {}) =>
            new NgcClient({ http, endpoints, apiKey, ...extra }),
        async close() {
            await server.close();
            await dispatcher.close();
        },
    };
}

/** Matches a path exactly (query ignored). */
export function at(path: string, body: unknown, status = 200): Route {
    return (url) => (url.pathname === path ? { status, body } : undefined);
}
