import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import { z } from 'zod';
import { CancelledError } from '../lib/abort';
import { nullLog, type Log } from '../lib/log';
import { describeEndpoint, dockerEndpointFrom, type DockerEndpoint } from './endpoint';
import { DockerUnavailableError, type DockerUnavailableReason } from './errors';

export { DockerUnavailableError, type DockerUnavailableReason };

/** What answered on the Docker socket. */
export interface DaemonInfo {
    /** `docker` for Docker Engine, `podman` for Podman's Docker-compatible API (pulls work; see environment.md §5). */
    engine: 'docker' | 'podman';
    version: string;
    apiVersion: string;
    os: string;
    arch: string;
    /** Where we connected, for messages. */
    endpoint: string;
}

/**
 * `GET /version`. Podman's compatible API answers with `Components[].Name` "Podman Engine" and no Docker
 * `Platform.Name`; Docker Engine says "Docker Engine - Community" or, for Debian's docker.io, nothing in Platform.
 */
const versionSchema = z.object({
    Version: z.string().optional(),
    ApiVersion: z.string().optional(),
    Os: z.string().optional(),
    Arch: z.string().optional(),
    Platform: z.object({ Name: z.string().optional() }).nullish(),
    Components: z.array(z.object({ Name: z.string().optional() })).nullish(),
});

/**
 * `GET /images/{name}/json`, reduced to what a pull checks. `RepoDigests` is `null` on images that were built or
 * loaded rather than pulled, and Podman omits `Variant`.
 */
const imageInspectSchema = z.object({
    Id: z.string(),
    RepoTags: z.array(z.string()).nullish(),
    RepoDigests: z.array(z.string()).nullish(),
    Os: z.string().optional(),
    Architecture: z.string().optional(),
    Variant: z.string().optional(),
});
export interface LocalImage {
    id: string;
    repoTags: string[];
    repoDigests: string[];
    os: string | undefined;
    architecture: string | undefined;
    variant: string | undefined;
}

export interface ConnectOptions {
    /** Defaults to `process.env` (DOCKER_HOST, DOCKER_CONTEXT, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH). */
    env?: NodeJS.ProcessEnv;
    log?: Log;
    /** How long a ping may take before the daemon is called unresponsive. Default 10 s. */
    pingTimeoutMs?: number;
}

/**
 * The local Docker daemon through dockerode, which is imported only when first needed (it is large, and the
 * extension activates without it). Construct with {@link DockerDaemon.connect}; call {@link ping} before use to get a
 * clear message when the daemon is absent, not permitted, or is Podman.
 */
export class DockerDaemon {
    private constructor(
        /** The dockerode client, for operations this wrapper does not cover. */
        readonly api: Dockerode,
        readonly endpoint: DockerEndpoint,
        private readonly log: Log,
        private readonly pingTimeoutMs: number,
    ) {}

    static async connect(options: ConnectOptions = {}): Promise<DockerDaemon> {
        const env = options.env ?? process.env;
        const endpoint = dockerEndpointFrom(env);
        const { default: Docker } = await import('dockerode');
        return new DockerDaemon(
            new Docker(dockerodeOptions(endpoint)),
            endpoint,
            options.log ?? nullLog,
            options.pingTimeoutMs ?? 10_000,
        );
    }

    /** `GET /_ping` then `GET /version`. Throws {@link DockerUnavailableError} with a message for people. */
    async ping(signal?: AbortSignal): Promise<DaemonInfo> {
        const where = describeEndpoint(this.endpoint);
        try {
            await withTimeout(this.api.ping(), this.pingTimeoutMs, signal);
            const version = versionSchema.parse(await withTimeout(this.api.version(), this.pingTimeoutMs, signal));
            const podman =
                (version.Components ?? []).some((c) => /podman/i.test(c.Name ?? '')) ||
                /podman/i.test(version.Platform?.Name ?? '');
            const info: DaemonInfo = {
                engine: podman ? 'podman' : 'docker',
                version: version.Version ?? 'unknown',
                apiVersion: version.ApiVersion ?? 'unknown',
                os: version.Os ?? 'linux',
                arch: version.Arch ?? 'amd64',
                endpoint: where,
            };
            this.log.debug(
                `${info.engine} ${info.version} (API ${info.apiVersion}, ${info.os}/${info.arch}) at ${where}`,
            );
            return info;
        } catch (error) {
            throw unavailable(error, where);
        }
    }

    /** Inspects a local image by reference or id; undefined when the daemon has no such image (404). */
    async inspectImage(reference: string): Promise<LocalImage | undefined> {
        let raw: unknown;
        try {
            raw = await this.api.getImage(reference).inspect();
        } catch (error) {
            if ((error as { statusCode?: number }).statusCode === 404) {
                return undefined;
            }
            throw error;
        }
        const image = imageInspectSchema.parse(raw);
        return {
            id: image.Id,
            repoTags: image.RepoTags ?? [],
            repoDigests: image.RepoDigests ?? [],
            os: image.Os,
            architecture: image.Architecture,
            variant: image.Variant,
        };
    }
}

function dockerodeOptions(endpoint: DockerEndpoint): Dockerode.DockerOptions {
    if (endpoint.kind !== 'tcp') {
        return { socketPath: endpoint.socketPath };
    }
    const options: Dockerode.DockerOptions = { host: endpoint.host, port: endpoint.port, protocol: endpoint.protocol };
    if (endpoint.certPath) {
        options.ca = readFileSync(join(endpoint.certPath, 'ca.pem'));
        options.cert = readFileSync(join(endpoint.certPath, 'cert.pem'));
        options.key = readFileSync(join(endpoint.certPath, 'key.pem'));
    }
    return options;
}

/**
 * Node's socket errors → what the user should do. `EACCES` is the classic "not in the docker group"; `ENOENT`
 * (no socket file) and `ECONNREFUSED` (a stale socket) both mean no daemon. Anything else passes through unchanged.
 */
export function unavailable(error: unknown, where: string): unknown {
    if (error instanceof CancelledError) {
        return error;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') {
        return new DockerUnavailableError(
            'permissionDenied',
            where,
            `permission denied on the Docker socket ${where}: add your user to the "docker" group (then log in again), or point DOCKER_HOST at a socket you may use`,
        );
    }
    if (
        code === 'ENOENT' ||
        code === 'ECONNREFUSED' ||
        code === 'ENOTFOUND' ||
        code === 'EHOSTUNREACH' ||
        code === 'ECONNRESET'
    ) {
        return new DockerUnavailableError(
            'notRunning',
            where,
            `no Docker daemon answers at ${where} (${code}): start Docker, or set DOCKER_HOST to where it listens`,
        );
    }
    if (error instanceof TimeoutError) {
        return new DockerUnavailableError(
            'timeout',
            where,
            `the Docker daemon at ${where} did not answer within ${error.ms / 1000} s`,
        );
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined || error instanceof z.ZodError) {
        return new DockerUnavailableError(
            'notDocker',
            where,
            `${where} does not answer like a Docker Engine API (${status === undefined ? 'unexpected /version' : `HTTP ${status}`})`,
        );
    }
    return error;
}

class TimeoutError extends Error {
    constructor(readonly ms: number) {
        super(`timed out after ${ms} ms`);
    }
}

function withTimeout<T>(work: Promise<T>, ms: number, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
        if (signal?.aborted) {
            reject(new CancelledError());
            return;
        }
        const onAbort = () => finish(() => reject(new CancelledError()));
        const timer = setTimeout(() => finish(() => reject(new TimeoutError(ms))), ms);
        const finish = (settle: () => void) => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
            settle();
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        work.then(
            (value) => finish(() => resolve(value)),
            (error: unknown) => finish(() => reject(error)),
        );
    });
}
