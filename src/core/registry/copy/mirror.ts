import type { Readable } from 'node:stream';
import { mapConcurrent, throwIfAborted } from '../../lib/abort';
import { nullLog, type Log } from '../../lib/log';
import type { RegistryClient, RepositoryTarget } from '../client';
import { DigestMismatchError } from '../errors';
import { MANIFEST_ACCEPT, type Descriptor } from '../manifests';
import type { Platform } from '../platform';
import { formatReference } from '../reference';
import { classifyTargetError, responseError } from './errors';
import { BlobLocations, emptyStats, type MirrorEvent, type MirrorStats } from './events';
import { planCopy, type CopyPlan, type ManifestNode } from './plan';
import type { RegistrySession } from './session';
import { pushBlob } from './upload';

export interface MirrorOptions {
    /** Reads the source (the NGC registry, with the NGC credential only). */
    source: RegistryClient;
    sourceRepository: RepositoryTarget;
    /** A tag or a digest. */
    sourceReference: string;
    /** The source as a session, for the OCI referrers API; without it referrers are not looked for. */
    sourceSession?: RegistrySession;
    /** Writes the target (with the target's credential only). */
    target: RegistrySession;
    targetRepository: string;
    /** The tag to write last; without it the image is pushed by digest only. */
    targetTag?: string;
    platforms?: readonly Platform[];
    /** Copy cosign tags and referrers (default true). */
    signatures?: boolean;
    /** Read and compare only: nothing is written to the target. */
    dryRun?: boolean;
    /** Blobs in flight at once (default 3). */
    concurrency?: number;
    chunkSize?: number;
    /** Upload in PATCH chunks from the start (registries that require PATCH, such as some Artifactory set-ups). */
    chunked?: boolean;
    /** Shared across copies in one process so later repositories mount instead of uploading. */
    blobLocations?: BlobLocations;
    onEvent?: (event: MirrorEvent) => void;
    signal?: AbortSignal;
    log?: Log;
}

export interface MirrorResult {
    /** `TARGET_REPO[:TAG]@sha256:…` */
    reference: string;
    /** What the target tag points at (equals {@link sourceDigest} unless a platform subset was asked for). */
    digest: string;
    sourceDigest: string;
    subset: boolean;
    platforms: string[];
    /** Cosign/referrers tags copied (`sha256-<hex>.sig`, …). */
    artifactTags: string[];
    /** Referrers copied by digest. */
    referrers: number;
    manifests: number;
    blobs: number;
    /** With `dryRun`: bytes the target lacks, i.e. what a real run would send. */
    bytesToSend?: number;
    dryRun: boolean;
    warnings: string[];
    stats: MirrorStats;
}

/**
 * Copies an image from the source registry to a target registry with its digest intact (DESIGN.md, `mirror`):
 * blobs first (never re-sent when the target has them: {@link pushBlob}), then manifests children first, byte for
 * byte as the source served them, each checked against the target's `Docker-Content-Digest`; then the cosign tags
 * and referrers; the target tag is written last, so a failure part-way (a full disk, a quota, a cancel) never leaves
 * the tag pointing at an incomplete image. Manifests the target already holds (by digest) are not walked again.
 */
export async function mirrorImage(options: MirrorOptions): Promise<MirrorResult> {
    const log = options.log ?? nullLog;
    const plan = await planCopy({
        source: options.source,
        target: options.sourceRepository,
        reference: options.sourceReference,
        platforms: options.platforms,
        signatures: options.signatures,
        referrers: options.sourceSession,
        signal: options.signal,
        log,
    });
    const stats = emptyStats();
    stats.bytesTotal = [...plan.blobs.values()].reduce((n, b) => n + (b.size ?? 0), 0);
    options.onEvent?.({
        type: 'planned',
        manifests: plan.manifests.length,
        blobs: plan.blobs.size,
        bytes: stats.bytesTotal,
        artifacts: plan.artifacts.length,
        sourceDigest: plan.sourceDigest,
    });
    const hasCredential = await options.target.hasCredential();
    try {
        return await new Mirror(options, plan, stats, log).run();
    } catch (error) {
        throw targetFailure(error, options.target, hasCredential);
    }
}

class Mirror {
    private readonly locations: BlobLocations;
    private readonly scope: string;

    constructor(
        private readonly options: MirrorOptions,
        private readonly plan: CopyPlan,
        private readonly stats: MirrorStats,
        private readonly log: Log,
    ) {
        this.locations = options.blobLocations ?? new BlobLocations();
        this.scope = `repository:${options.targetRepository}:pull,push`;
    }

    async run(): Promise<MirrorResult> {
        const { plan, options } = this;
        const nodes = [...plan.manifests, ...plan.artifacts];
        const present = new Set<string>();
        for (const node of nodes) {
            if (await this.hasManifest(node.digest)) {
                present.add(node.digest);
            }
        }
        const needed = new Map<string, Descriptor>();
        for (const node of nodes.filter((n) => !present.has(n.digest))) {
            for (const blob of node.blobs) {
                needed.set(blob.digest, blob);
            }
        }
        this.stats.blobsExisting += plan.blobs.size - needed.size;
        let bytesToSend: number | undefined;
        if (options.dryRun) {
            bytesToSend = await this.missingBytes([...needed.values()]);
        } else {
            await mapConcurrent([...needed.values()], options.concurrency ?? 3, (blob) => this.copyBlob(blob));
            const top = plan.top;
            for (const node of [...plan.manifests.filter((m) => m !== top), ...plan.artifacts]) {
                await this.putManifest(node, node.tag ?? node.digest, present.has(node.digest) && !node.tag);
            }
            const finalRef = options.targetTag ?? top.digest;
            await this.putManifest(top, finalRef, present.has(top.digest) && options.targetTag === undefined);
        }
        const reference = formatReference({
            registry: options.target.registry,
            repository: options.targetRepository,
            tag: options.targetTag,
            digest: plan.top.digest,
        });
        if (!options.dryRun) {
            options.onEvent?.({ type: 'tagged', reference, digest: plan.top.digest });
        }
        return {
            reference,
            digest: plan.top.digest,
            sourceDigest: plan.sourceDigest,
            subset: plan.subset,
            platforms: plan.platforms,
            artifactTags: plan.artifacts.flatMap((a) => (a.tag ? [a.tag] : [])),
            referrers: plan.artifacts.filter((a) => !a.tag).length,
            manifests: plan.manifests.length,
            blobs: plan.blobs.size,
            ...(bytesToSend === undefined ? {} : { bytesToSend }),
            dryRun: options.dryRun === true,
            warnings: plan.warnings,
            stats: this.stats,
        };
    }

    private async copyBlob(blob: Descriptor): Promise<void> {
        const { options } = this;
        throwIfAborted(options.signal);
        const size = blob.size ?? 0;
        const result = await pushBlob({
            session: options.target,
            repository: options.targetRepository,
            digest: blob.digest,
            size,
            openSource: (signal) => this.openSource(blob.digest, signal),
            mountFrom: this.locations.holders(options.target.registry, blob.digest),
            chunkSize: options.chunkSize,
            chunked: options.chunked,
            onBytes: (sent) => {
                this.stats.bytesSent += sent;
                options.onEvent?.({ type: 'bytes', digest: blob.digest, sent, totalSent: this.stats.bytesSent });
            },
            signal: options.signal,
            log: this.log,
        });
        this.locations.add(options.target.registry, options.targetRepository, blob.digest);
        if (result.outcome === 'exists') {
            this.stats.blobsExisting++;
        } else if (result.outcome === 'mounted') {
            this.stats.blobsMounted++;
        } else {
            this.stats.blobsUploaded++;
        }
        this.stats.chunkedUploads += result.chunked ? 1 : 0;
        this.stats.resumes += result.resumes;
        options.onEvent?.({
            type: 'blob',
            digest: blob.digest,
            size,
            outcome: result.outcome,
            resumes: result.resumes,
        });
    }

    private async openSource(digest: string, signal?: AbortSignal): Promise<Readable> {
        try {
            const { stream } = await this.options.source.getBlob(this.options.sourceRepository, digest, signal);
            return stream;
        } catch (error) {
            throw new SourceFailure(error);
        }
    }

    /** `HEAD` each blob the target may lack (dry run): the sum of the sizes it does not have. */
    private async missingBytes(blobs: Descriptor[]): Promise<number> {
        let missing = 0;
        await mapConcurrent(blobs, this.options.concurrency ?? 3, async (blob) => {
            const { target, targetRepository, signal } = this.options;
            const url = target.url(targetRepository, `blobs/${blob.digest}`);
            const response = await target.request(url, { method: 'HEAD', scope: this.scope, signal });
            if (response.status !== 200 && response.status !== 404) {
                throw await responseError(response, 'HEAD');
            }
            await response.dump();
            if (response.status === 404) {
                missing += blob.size ?? 0;
            } else {
                this.stats.blobsExisting++;
            }
        });
        return missing;
    }

    private async hasManifest(digest: string): Promise<boolean> {
        const { target, targetRepository, signal } = this.options;
        const url = target.url(targetRepository, `manifests/${digest}`);
        const response = await target.request(url, {
            method: 'HEAD',
            scope: this.scope,
            headers: { accept: MANIFEST_ACCEPT },
            signal,
        });
        if (response.status !== 200 && response.status !== 404) {
            throw await responseError(response, 'HEAD');
        }
        await response.dump();
        return response.status === 200;
    }

    /** `PUT /v2/<name>/manifests/<ref>` with the exact source bytes; the target must name the same digest. */
    private async putManifest(node: ManifestNode, reference: string, skip: boolean): Promise<void> {
        const { target, targetRepository, signal } = this.options;
        throwIfAborted(signal);
        if (skip) {
            this.stats.manifestsPresent++;
            this.options.onEvent?.({ type: 'manifest', digest: node.digest, present: true });
            return;
        }
        const response = await target.request(target.url(targetRepository, `manifests/${reference}`), {
            method: 'PUT',
            scope: this.scope,
            headers: { 'content-type': node.mediaType },
            body: node.bytes,
            signal,
        });
        if (response.status !== 201 && response.status !== 200 && response.status !== 202) {
            throw await responseError(response, 'PUT');
        }
        await response.dump();
        const claimed = response.headers['docker-content-digest'];
        if (claimed && claimed !== node.digest) {
            throw new DigestMismatchError(`${target.registry}/${targetRepository}:${reference}`, node.digest, claimed);
        }
        this.stats.manifestsPushed++;
        const tag = reference.startsWith('sha256:') ? undefined : reference;
        this.options.onEvent?.({ type: 'manifest', digest: node.digest, ...(tag ? { tag } : {}), present: false });
    }
}

/** A failure reading the source during the copy: passed through as is, never blamed on the target. */
class SourceFailure extends Error {
    constructor(override readonly cause: unknown) {
        super(cause instanceof Error ? cause.message : String(cause));
    }
}

/** Target failures become {@link MirrorTargetError}s; source failures pass through for diagnosis. */
function targetFailure(error: unknown, target: RegistrySession, hasCredential: boolean): unknown {
    if (error instanceof SourceFailure) {
        return error.cause;
    }
    return classifyTargetError(error, target.registry, hasCredential);
}
