// Longer than the ~300-line guideline on purpose: every operation below shares one request path (first-contact
// probe, challenge, token retry, digest check) and the per-registry probe state; split apart, that state would have
// to be passed between files.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { HttpClient, HttpResponse } from '../http/client';
import { parseJsonBody } from '../http/body';
import { HttpError } from '../http/errors';
import { attachContext } from '../diagnose/context';
import { raceAbort } from '../lib/abort';
import { nullLog, type Log } from '../lib/log';
import { registryBaseUrl } from '../ngc/endpoints';
import { pullScope, RegistryAuth, type CredentialsProvider } from './auth';
import { DigestMismatchError, unexpectedResponse } from './errors';
import {
    indexSchema,
    isIndexMediaType,
    isManifestMediaType,
    MANIFEST_ACCEPT,
    manifestSchema,
    tagListSchema,
    type ImageIndex,
    type ImageManifest,
} from './manifests';
import { nextLink, isSignatureTag } from './tags';

/** Which repository on which registry. */
export interface RepositoryTarget {
    registry: string;
    repository: string;
}

/** What a manifest HEAD tells: enough to pin, nothing to choose a platform with. */
export interface ManifestHead {
    digest: string;
    mediaType: string;
    size: number | undefined;
}

/** A fetched manifest, digest-checked, with its parsed body. */
export interface FetchedManifest extends ManifestHead {
    bytes: Buffer;
    /** Set for an OCI index or a Docker manifest list. */
    index?: ImageIndex;
    /** Set for an OCI or Docker image manifest. */
    manifest?: ImageManifest;
}

export interface RegistryClientOptions {
    http: HttpClient;
    credentials?: CredentialsProvider;
    log?: Log;
    now?: () => number;
    /** `host[:port]` → base URL; defaults to {@link registryBaseUrl} (loopback over http, others https). */
    baseUrl?: (registry: string) => string;
}

/** Request counters (the `pin` benchmark and the "one request per reference" tests read them). */
export interface RegistryStats {
    manifestRequests: number;
    blobRequests: number;
    tagPages: number;
}

/** distribution refuses manifests over 4 MiB; a larger body is not a manifest. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/**
 * An OCI distribution client for nvcr.io and any other registry (a mirror on 127.0.0.1:5000, Harbor, ECR, …).
 * Every request goes through the shared HttpClient (retries, proxy, redirects that drop credentials) and through
 * {@link RegistryAuth} (challenge → token, once more on a 401 because nvcr.io moves its realm after expiry).
 */
export class RegistryClient {
    readonly auth: RegistryAuth;
    readonly stats: RegistryStats = { manifestRequests: 0, blobRequests: 0, tagPages: 0 };
    private readonly http: HttpClient;
    private readonly log: Log;
    private readonly baseUrl: (registry: string) => string;
    /**
     * Who this client is for each registry: handed on (never copied elsewhere) to the Docker daemon's
     * `X-Registry-Auth` for a pull through it. Undefined: anonymous everywhere.
     */
    readonly credentials: CredentialsProvider | undefined;
    private readonly probed = new Set<string>();
    private readonly probing = new Map<string, Promise<void>>();

    constructor(options: RegistryClientOptions) {
        this.http = options.http;
        this.credentials = options.credentials;
        this.log = options.log ?? nullLog;
        this.baseUrl = options.baseUrl ?? registryBaseUrl;
        this.auth = new RegistryAuth(options.http, {
            credentials: options.credentials,
            log: this.log,
            now: options.now,
        });
    }

    /**
     * `HEAD /v2/<name>/manifests/<ref>` with the full Accept list. Falls back to a GET when the registry's HEAD
     * fails (some mirrors answer 405, and a HEAD error carries no `errors[]` body to explain itself) or omits
     * `Docker-Content-Digest`/`Content-Type`.
     */
    async headManifest(target: RepositoryTarget, reference: string, signal?: AbortSignal): Promise<ManifestHead> {
        this.stats.manifestRequests++;
        const response = await this.send(target, `manifests/${reference}`, {
            method: 'HEAD',
            accept: MANIFEST_ACCEPT,
            signal,
        });
        if (response.status === 401) {
            await this.ensureOk(response, target, reference); // a GET would be refused the same way
        }
        await response.dump();
        const digest = response.headers['docker-content-digest'];
        const mediaType = mediaTypeOf(response);
        if (response.status === 200 && digest && (isIndexMediaType(mediaType) || isManifestMediaType(mediaType))) {
            if (reference.includes(':') && digest !== reference) {
                throw new DigestMismatchError(`${target.repository}@${reference}`, reference, digest);
            }
            const length = Number(response.headers['content-length']);
            return { digest, mediaType: mediaType as string, size: Number.isFinite(length) ? length : undefined };
        }
        if (response.status === 200 && mediaType?.includes('html')) {
            throw unexpectedResponse(response.url, 'HEAD', 200, response.headers['content-type'], 'a manifest');
        }
        this.log.debug(`HEAD ${target.repository}:${reference} -> ${response.status}; asking with GET`);
        const {
            bytes: _bytes,
            index: _index,
            manifest: _manifest,
            ...head
        } = await this.getManifest(target, reference, signal);
        return head;
    }

    /**
     * `GET /v2/<name>/manifests/<ref>`: reads the body (≤ 4 MiB), checks its sha256 against `Docker-Content-Digest`
     * and against `ref` when it is a digest, and parses it as an index or a manifest. The media type comes from
     * `Content-Type`, or from the body when a registry sends `application/json`.
     */
    async getManifest(target: RepositoryTarget, reference: string, signal?: AbortSignal): Promise<FetchedManifest> {
        this.stats.manifestRequests++;
        const response = await this.send(target, `manifests/${reference}`, {
            method: 'GET',
            accept: MANIFEST_ACCEPT,
            signal,
        });
        await this.ensureOk(response, target, reference);
        const contentType = mediaTypeOf(response);
        if (contentType?.includes('html')) {
            await response.dump();
            throw unexpectedResponse(
                response.url,
                'GET',
                response.status,
                response.headers['content-type'],
                'a manifest',
            );
        }
        const bytes = await readLimited(response.body, MAX_MANIFEST_BYTES, response.url);
        const actual = sha256(bytes);
        const claimed = response.headers['docker-content-digest'];
        const what = `${target.registry}/${target.repository}@${reference}`;
        if (claimed && claimed.startsWith('sha256:') && claimed !== actual) {
            throw new DigestMismatchError(what, claimed, actual);
        }
        if (reference.startsWith('sha256:') && reference !== actual) {
            throw new DigestMismatchError(what, reference, actual);
        }
        const bodyResponse = {
            status: response.status,
            url: response.url,
            headers: response.headers,
            text: async () => bytes.toString('utf8'),
        };
        const probe = await parseJsonBody(bodyResponse, manifestTypeProbe, 'GET');
        const mediaType =
            isIndexMediaType(contentType) || isManifestMediaType(contentType)
                ? (contentType as string)
                : (probe.mediaType ?? guessMediaType(probe));
        const result: FetchedManifest = { digest: actual, mediaType, size: bytes.length, bytes };
        if (isIndexMediaType(mediaType)) {
            result.index = await parseJsonBody(bodyResponse, indexSchema, 'GET');
        } else {
            result.manifest = await parseJsonBody(bodyResponse, manifestSchema, 'GET');
        }
        return result;
    }

    /** `GET /v2/<name>/blobs/<digest>`, streamed (redirects to storage drop credentials). The caller verifies. */
    async getBlob(
        target: RepositoryTarget,
        digest: string,
        signal?: AbortSignal,
    ): Promise<{ stream: Readable; size: number | undefined }> {
        this.stats.blobRequests++;
        const response = await this.send(target, `blobs/${digest}`, { method: 'GET', signal });
        await this.ensureOk(response, target, digest);
        const length = Number(response.headers['content-length']);
        return { stream: response.body, size: Number.isFinite(length) ? length : undefined };
    }

    /** A small blob (an image config, a cosign payload) read whole and checked against its digest. */
    async fetchBlob(target: RepositoryTarget, digest: string, maxBytes: number, signal?: AbortSignal): Promise<Buffer> {
        const { stream } = await this.getBlob(target, digest, signal);
        const bytes = await readLimited(
            stream,
            maxBytes,
            `${this.baseUrl(target.registry)}/v2/${target.repository}/blobs/${digest}`,
        );
        if (digest.startsWith('sha256:') && sha256(bytes) !== digest) {
            throw new DigestMismatchError(`${target.registry}/${target.repository} blob`, digest, sha256(bytes));
        }
        return bytes;
    }

    /**
     * Every tag of a repository: `GET /v2/<name>/tags/list?n=1000`, following `Link: <…>; rel="next"` (whether
     * nvcr.io pages is unknown, ngc-api.md §9.3; distribution does). Cosign artefact tags (`sha256-<hex>.sig`,
     * `.att`, `.sbom`) are left out unless asked for.
     */
    async listTags(
        target: RepositoryTarget,
        options: { pageSize?: number; includeSignatures?: boolean; signal?: AbortSignal } = {},
    ): Promise<string[]> {
        const tags: string[] = [];
        const seen = new Set<string>();
        let path: string | undefined = `tags/list?n=${options.pageSize ?? 1000}`;
        while (path !== undefined) {
            if (seen.has(path)) {
                throw new HttpError({
                    kind: 'format',
                    url: `${this.baseUrl(target.registry)}/v2/${target.repository}/${path}`,
                    description: 'the tags Link header loops',
                });
            }
            seen.add(path);
            this.stats.tagPages++;
            const response = await this.send(target, path, {
                method: 'GET',
                accept: 'application/json',
                signal: options.signal,
            });
            await this.ensureOk(response, target, undefined);
            const link = response.headers['link'];
            const page = await parseJsonBody(response, tagListSchema, 'GET');
            tags.push(...(page.tags ?? []));
            path = nextLink(link, this.baseUrl(target.registry), target.repository);
        }
        return options.includeSignatures ? tags : tags.filter((t) => !isSignatureTag(t));
    }

    /**
     * Throws the HttpError of a failed response (status plus the registry's `errors[0].code`, e.g.
     * `MANIFEST_UNKNOWN`, `DENIED`), with the context `diagnose()` needs: what was pulled, and whether anonymously.
     */
    private async ensureOk(
        response: HttpResponse,
        target: RepositoryTarget,
        reference: string | undefined,
    ): Promise<void> {
        try {
            await this.http.ensureOk(response, { url: response.url, method: 'GET' });
        } catch (error) {
            const anonymous = (await this.credentials?.(target.registry)) === undefined;
            const separator = reference?.includes(':') ? '@' : ':';
            const artifact = `${target.registry}/${target.repository}${reference === undefined ? '' : `${separator}${reference}`}`;
            throw attachContext(error, {
                artifact,
                operation: 'pull',
                ...(anonymous ? { keyKind: 'none' as const } : {}),
            });
        }
    }

    /** One registry request with authentication: cached credentials first, then one answer to a 401 challenge. */
    private async send(
        target: RepositoryTarget,
        path: string,
        init: { method: 'GET' | 'HEAD'; accept?: string; signal?: AbortSignal },
    ): Promise<HttpResponse> {
        const url = `${this.baseUrl(target.registry)}/v2/${target.repository}/${path}`;
        const scope = pullScope(target.repository);
        const headers: Record<string, string> = init.accept ? { accept: init.accept } : {};
        const attempt = (authorization: string | undefined) =>
            this.http.send({
                url,
                method: init.method,
                headers: authorization ? { ...headers, authorization } : headers,
                signal: init.signal,
            });
        const probe = await this.joinProbe(target.registry, init.signal);
        try {
            const first = await attempt(await this.auth.authorizationFor(target.registry, scope, init.signal));
            if (first.status !== 401) {
                return first;
            }
            const refusal = await first.text().catch(() => '');
            const authorization = await this.auth.answerChallenge(
                target.registry,
                scope,
                first.headers['www-authenticate'],
                init.signal,
            );
            if (authorization === undefined) {
                // Nothing to answer the challenge with (Basic and no credentials): the 401 is the answer.
                return {
                    ...first,
                    body: Readable.from([Buffer.from(refusal)]),
                    text: async () => refusal,
                    dump: async () => undefined,
                };
            }
            return await attempt(authorization);
        } finally {
            probe?.();
        }
    }

    /**
     * The first request to a registry learns its challenge with an anonymous 401. Concurrent first requests (pin
     * resolves many images at once) wait for that one instead of each paying the same 401, so a registry costs
     * one probe per client. Returns the release function when this request is the probe. A waiter's own `signal`
     * ends its wait (the probe belongs to another request and goes on).
     */
    private async joinProbe(registry: string, signal: AbortSignal | undefined): Promise<(() => void) | undefined> {
        if (this.probed.has(registry)) {
            return undefined;
        }
        const pending = this.probing.get(registry);
        if (pending) {
            await raceAbort(pending, signal);
            return undefined;
        }
        let release: () => void = () => undefined;
        this.probing.set(registry, new Promise<void>((resolve) => (release = resolve)));
        return () => {
            this.probed.add(registry);
            this.probing.delete(registry);
            release();
        };
    }
}

/** The media type in `Content-Type`, without parameters. */
function mediaTypeOf(response: HttpResponse): string | undefined {
    return response.headers['content-type']?.split(';')[0]?.trim().toLowerCase() || undefined;
}

/** Just enough of a manifest body to tell an index from a manifest when `Content-Type` is generic. */
const manifestTypeProbe = indexSchema
    .partial()
    .extend({ mediaType: indexSchema.shape.mediaType, config: manifestSchema.shape.config.optional() });

function guessMediaType(probe: { manifests?: unknown; config?: { mediaType?: string } }): string {
    if (probe.manifests !== undefined) {
        return 'application/vnd.oci.image.index.v1+json';
    }
    return probe.config?.mediaType?.startsWith('application/vnd.docker')
        ? 'application/vnd.docker.distribution.manifest.v2+json'
        : 'application/vnd.oci.image.manifest.v1+json';
}

export function sha256(bytes: Buffer): string {
    return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

async function readLimited(stream: Readable, maxBytes: number, url: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of stream) {
        const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
        total += buffer.length;
        if (total > maxBytes) {
            stream.destroy();
            throw new HttpError({ kind: 'format', url, description: `body larger than ${maxBytes} bytes` });
        }
        chunks.push(buffer);
    }
    return Buffer.concat(chunks);
}
