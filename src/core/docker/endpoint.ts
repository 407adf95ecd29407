import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { UnsupportedDockerHostError } from './errors';

export { UnsupportedDockerHostError };

/** Where the Docker Engine API listens. */
export type DockerEndpoint =
    | { kind: 'unix'; socketPath: string; source: string }
    | { kind: 'npipe'; socketPath: string; source: string }
    | { kind: 'tcp'; host: string; port: number; protocol: 'http' | 'https'; source: string; certPath?: string };

/**
 * A Docker context's `meta.json` (`$DOCKER_CONFIG/contexts/meta/<sha256(name)>/meta.json`). Only the docker
 * endpoint's `Host` matters; Docker Desktop adds `SkipTLSVerify` and other fields, which pass.
 */
const contextMetaSchema = z.object({
    Name: z.string().optional(),
    Endpoints: z.object({ docker: z.object({ Host: z.string().optional() }).optional() }).optional(),
});

/**
 * Parses a Docker host URL the way the docker CLI does: `unix:///path`, `npipe:////./pipe/name`,
 * `tcp://host:port` (and `http(s)://`); a bare `host:port` means tcp. TLS follows `DOCKER_TLS_VERIFY=1` or port 2376,
 * as the CLI's defaults do. `ssh://` and `fd://` are refused with a message rather than guessed at.
 */
export function parseDockerHost(host: string, env: NodeJS.ProcessEnv = {}, source = 'DOCKER_HOST'): DockerEndpoint {
    const value = host.trim();
    if (value.startsWith('unix://')) {
        const socketPath = value.slice('unix://'.length);
        if (!socketPath) {
            throw new UnsupportedDockerHostError(value, 'no socket path after unix://');
        }
        return { kind: 'unix', socketPath, source };
    }
    if (value.startsWith('npipe://')) {
        const pipe = value.slice('npipe://'.length) || '//./pipe/docker_engine';
        return { kind: 'npipe', socketPath: pipe, source };
    }
    if (/^(ssh|fd):\/\//.test(value)) {
        throw new UnsupportedDockerHostError(
            value,
            'ssh:// and fd:// hosts are not supported; forward the socket or use tcp://',
        );
    }
    let url: URL;
    try {
        url = new URL(/^[a-z]+:\/\//i.test(value) ? value : `tcp://${value}`);
    } catch {
        throw new UnsupportedDockerHostError(value, 'expected unix://PATH, npipe://PATH or tcp://HOST:PORT');
    }
    if (!['tcp:', 'http:', 'https:'].includes(url.protocol) || !url.hostname) {
        throw new UnsupportedDockerHostError(value, 'expected unix://PATH, npipe://PATH or tcp://HOST:PORT');
    }
    const tls = url.protocol === 'https:' || env['DOCKER_TLS_VERIFY'] === '1' || url.port === '2376';
    const port = Number(url.port || (tls ? 2376 : 2375));
    const certPath = env['DOCKER_CERT_PATH'];
    return {
        kind: 'tcp',
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port,
        protocol: tls ? 'https' : 'http',
        source,
        ...(tls && certPath ? { certPath } : {}),
    };
}

/**
 * Which daemon to talk to, as the docker CLI decides: `DOCKER_HOST` first, then the context named by
 * `DOCKER_CONTEXT` (read from its `meta.json`; the `default` context is the platform socket), else
 * `/var/run/docker.sock` or `//./pipe/docker_engine`. The context stored as current in `~/.docker/config.json`
 * is deliberately not read: we never touch that file.
 */
export function dockerEndpointFrom(
    env: NodeJS.ProcessEnv,
    platform: NodeJS.Platform = process.platform,
): DockerEndpoint {
    const host = env['DOCKER_HOST']?.trim();
    if (host) {
        return parseDockerHost(host, env, 'DOCKER_HOST');
    }
    const context = env['DOCKER_CONTEXT']?.trim();
    if (context && context !== 'default') {
        const contextHost = dockerContextHost(context, env['DOCKER_CONFIG'] ?? join(homedir(), '.docker'));
        if (contextHost) {
            return parseDockerHost(contextHost, env, `docker context "${context}"`);
        }
    }
    return platform === 'win32'
        ? { kind: 'npipe', socketPath: '//./pipe/docker_engine', source: 'default' }
        : { kind: 'unix', socketPath: '/var/run/docker.sock', source: 'default' };
}

/** The docker endpoint host of a named context, or undefined when the context does not exist or has none. */
export function dockerContextHost(name: string, configDir: string): string | undefined {
    const id = createHash('sha256').update(name).digest('hex');
    let text: string;
    try {
        text = readFileSync(join(configDir, 'contexts', 'meta', id, 'meta.json'), 'utf8');
    } catch {
        return undefined;
    }
    try {
        const meta = contextMetaSchema.safeParse(JSON.parse(text));
        return meta.success ? meta.data.Endpoints?.docker?.Host : undefined;
    } catch {
        return undefined;
    }
}

/** For messages: `unix:///run/docker.sock` (from DOCKER_HOST). */
export function describeEndpoint(endpoint: DockerEndpoint): string {
    const where =
        endpoint.kind === 'tcp'
            ? `${endpoint.protocol === 'https' ? 'tcp+tls' : 'tcp'}://${endpoint.host}:${endpoint.port}`
            : `${endpoint.kind}://${endpoint.socketPath}`;
    return endpoint.source === 'default' ? where : `${where} (from ${endpoint.source})`;
}
