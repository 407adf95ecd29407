import type { Readable } from 'node:stream';
import { isLoopbackHost } from '../http/credentials';
import { CancelledError, throwIfAborted } from '../lib/abort';
import { nullLog, type Log } from '../lib/log';
import { formatReference, type ImageReference } from '../registry/reference';
import type { DockerDaemon, LocalImage } from './daemon';
import { describeEndpoint, type DockerEndpoint } from './endpoint';
import { DockerPullError, pullError } from './pullErrors';
import {
    pullEventFailure,
    pullEventSchema,
    PullProgressTracker,
    type PullEvent,
    type PullProgress,
} from './pullProgress';
import type { DockerAuthConfig } from './registryAuth';
import { encodeRegistryAuth } from './registryAuth';

export interface PullOptions {
    /** `os/arch[/variant]`, passed to the daemon as `platform`. */
    platform?: string;
    /** Credentials for this one request (`X-Registry-Auth`); undefined pulls anonymously. */
    auth?: DockerAuthConfig;
    /** Layer digests and sizes of the platform manifest: known totals from the first event. */
    layers?: readonly { digest: string; size?: number | undefined }[];
    /** The digest the registry resolved the tag to: the pulled image's RepoDigests must contain it. */
    expectedDigest?: string;
    /** The NGC registry host, so messages about a refused key can name NGC_API_KEY. */
    ngcRegistry?: string;
    signal?: AbortSignal;
    onProgress?: (progress: PullProgress, event: PullEvent) => void;
    log?: Log;
}

export interface PullResult {
    /** What was pulled, as the daemon names it (`host/repo:tag` or `host/repo@sha256:…`). */
    reference: string;
    /** `host/repo@sha256:…`: the repo digest that matched (the expected one when given). */
    repoDigest: string | undefined;
    image: LocalImage;
    progress: PullProgress;
}

/**
 * Pulls `ref` through the daemon (`POST /images/create?fromImage=…&platform=…`), reporting aggregated progress.
 * Every event is checked for `error`/`errorDetail`, because Docker and Podman report failures inside a 200 stream.
 * Aborting `signal` destroys the response stream, which closes the connection; the daemon then cancels the pull
 * (its request context ends), so no image is tagged. After the stream ends the image is inspected and, when
 * `expectedDigest` is given, its RepoDigests must contain it (the tag may have moved since it was resolved).
 */
export async function pullImage(
    daemon: DockerDaemon,
    ref: ImageReference,
    options: PullOptions = {},
): Promise<PullResult> {
    const log = options.log ?? nullLog;
    const signal = options.signal;
    // A digest wins over a tag (Docker would pull by digest anyway); without either the daemon would pull every tag.
    const reference = ref.digest
        ? formatReference({ registry: ref.registry, repository: ref.repository, digest: ref.digest })
        : formatReference({ registry: ref.registry, repository: ref.repository, tag: ref.tag ?? 'latest' });
    throwIfAborted(signal);
    if (options.auth && !mayReceiveCredentials(daemon.endpoint)) {
        // X-Registry-Auth is the key in base64: over plain TCP to another machine anyone on the path could read it.
        throw new DockerPullError(
            'daemon',
            reference,
            `refusing to send registry credentials to the Docker daemon at ${describeEndpoint(daemon.endpoint)} over plain TCP: ` +
                'enable TLS (DOCKER_TLS_VERIFY=1 with DOCKER_CERT_PATH, port 2376), or reach the daemon through a local socket',
        );
    }
    const tracker = new PullProgressTracker(options.layers);
    let stream: Readable;
    try {
        const params: Record<string, unknown> = { fromImage: reference, abortSignal: signal };
        if (options.platform) {
            params['platform'] = options.platform;
        }
        const auth = options.auth ? { base64: encodeRegistryAuth(options.auth) } : undefined;
        log.debug(
            `pull ${reference}${options.platform ? ` for ${options.platform}` : ''} (${options.auth ? `as ${options.auth.username}` : 'anonymous'})`,
        );
        stream = (await (auth ? daemon.api.createImage(auth, params) : daemon.api.createImage(params))) as Readable;
    } catch (error) {
        if (signal?.aborted) {
            throw new CancelledError();
        }
        const status = (error as { statusCode?: number }).statusCode;
        if (status !== undefined) {
            throw pullError(reference, messageOf(error), status, options.ngcRegistry, options.auth !== undefined);
        }
        throw error;
    }
    await readEvents(stream, signal, (event) => {
        const failure = pullEventFailure(event);
        if (failure !== undefined) {
            throw pullError(reference, failure, undefined, options.ngcRegistry, options.auth !== undefined);
        }
        const progress = tracker.update(event); // outside the optional call: `?.` would skip it without a listener
        options.onProgress?.(progress, event);
    });
    const progress = tracker.finish(); // the stream ended without an error event: every layer is there
    const image = await daemon.inspectImage(reference);
    if (!image) {
        throw new DockerPullError('daemon', reference, `pull ${reference} ended but the daemon has no such image`);
    }
    const expected = options.expectedDigest ?? progress.digest;
    const repoDigest = image.repoDigests.find(
        (d) => d.endsWith(`@${expected}`) && sameRepository(d.split('@')[0] ?? '', ref),
    );
    if (options.expectedDigest && !repoDigest) {
        throw new DockerPullError(
            'digestMismatch',
            reference,
            `pull ${reference}: the daemon's image has repo digests ${image.repoDigests.join(', ') || '(none)'}, not ${options.expectedDigest} as the registry resolved; the tag may have moved during the pull`,
        );
    }
    log.debug(`pulled ${reference}: ${image.id} ${repoDigest ?? ''}`);
    return { reference, repoDigest, image, progress };
}

/** Reads newline-delimited JSON events; stops at the first handler exception; turns an abort into CancelledError. */
async function readEvents(
    stream: Readable,
    signal: AbortSignal | undefined,
    onEvent: (event: PullEvent) => void,
): Promise<void> {
    const onAbort = () => stream.destroy();
    signal?.addEventListener('abort', onAbort, { once: true });
    let pending = '';
    const handleLine = (line: string) => {
        if (line.trim() === '') {
            return;
        }
        let json: unknown;
        try {
            json = JSON.parse(line);
        } catch {
            return; // a partial or non-JSON line from a proxy: not an event
        }
        const event = pullEventSchema.safeParse(json);
        if (event.success) {
            onEvent(event.data);
        }
    };
    try {
        for await (const chunk of stream) {
            pending += Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
            let newline = pending.indexOf('\n');
            while (newline >= 0) {
                handleLine(pending.slice(0, newline));
                pending = pending.slice(newline + 1);
                newline = pending.indexOf('\n');
            }
        }
        handleLine(pending);
    } catch (error) {
        stream.destroy();
        if (signal?.aborted) {
            throw new CancelledError();
        }
        throw error;
    } finally {
        signal?.removeEventListener('abort', onAbort);
    }
    if (signal?.aborted) {
        throw new CancelledError();
    }
}

/** Unix sockets, named pipes, TLS and loopback TCP keep `X-Registry-Auth` on this machine or encrypted. */
function mayReceiveCredentials(endpoint: DockerEndpoint): boolean {
    return endpoint.kind !== 'tcp' || endpoint.protocol === 'https' || isLoopbackHost(endpoint.host);
}

/** `host/repo` from RepoDigests against the reference; Docker Hub entries drop `docker.io/` and `library/`. */
function sameRepository(name: string, ref: ImageReference): boolean {
    const full = `${ref.registry}/${ref.repository}`;
    if (name === full) {
        return true;
    }
    if (ref.registry === 'docker.io') {
        return name === ref.repository || name === ref.repository.replace(/^library\//, '');
    }
    return false;
}

function messageOf(error: unknown): string {
    const json = (error as { json?: { message?: unknown } }).json;
    if (json && typeof json.message === 'string') {
        return json.message;
    }
    return error instanceof Error ? error.message : String(error);
}
