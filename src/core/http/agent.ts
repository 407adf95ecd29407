import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';

/**
 * One undici dispatcher per process (or per extension host), shared by every client so connections are pooled.
 * Proxy: an explicit proxy (VS Code's `http.proxy`) wins; otherwise HTTP(S)_PROXY / NO_PROXY from the environment.
 */
export interface AgentOptions {
    proxyUrl?: string;
    noProxy?: string;
    /** VS Code's `http.proxyStrictSSL`; defaults to true. */
    rejectUnauthorized?: boolean;
    connectTimeoutMs?: number;
    headersTimeoutMs?: number;
    bodyTimeoutMs?: number;
}

export function createDispatcher(options: AgentOptions = {}, env: NodeJS.ProcessEnv = process.env): Dispatcher {
    const base = {
        connect: {
            timeout: options.connectTimeoutMs ?? 15_000,
            rejectUnauthorized: options.rejectUnauthorized ?? true,
        },
        headersTimeout: options.headersTimeoutMs ?? 60_000,
        bodyTimeout: options.bodyTimeoutMs ?? 60_000,
        keepAliveTimeout: 10_000,
        connections: 64,
    };
    const envProxy = env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy;
    if (options.proxyUrl || envProxy) {
        return new EnvHttpProxyAgent({
            ...base,
            httpProxy: options.proxyUrl ?? env.HTTP_PROXY ?? env.http_proxy ?? envProxy,
            httpsProxy: options.proxyUrl ?? envProxy,
            noProxy: options.noProxy ?? env.NO_PROXY ?? env.no_proxy ?? '',
        });
    }
    return new Agent(base);
}
