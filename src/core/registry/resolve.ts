import { HttpError } from '../http/errors';
import type { RegistryClient, RepositoryTarget } from './client';
import { imageConfigSchema } from './manifests';
import {
    formatPlatform,
    platformsEqual,
    platformsOf,
    PlatformNotFoundError,
    selectPlatform,
    type Platform,
} from './platform';
import { formatReference, type ImageReference } from './reference';

/** What a tag (or digest) points at. */
export interface ResolvedImage {
    /** `REGISTRY/REPO[:TAG]@sha256:…`, pinned to {@link platformDigest} when a platform was asked for, else to the index. */
    reference: string;
    registry: string;
    repository: string;
    tag?: string;
    /** The digest the tag points at: an OCI index / Docker manifest list, or a single manifest. */
    indexDigest: string;
    /** The per-platform manifest digest, when a platform was asked for. */
    platformDigest?: string;
    /** Media type of what the tag points at. */
    mediaType: string;
    /** Platforms the image offers; empty when only a HEAD was needed (no platform asked for). */
    platforms: Platform[];
}

export interface ResolveOptions {
    platform?: Platform;
    /** Resolve the tag even when the reference also has a digest (refreshing a pin); default: the digest wins. */
    byTag?: boolean;
    signal?: AbortSignal;
}

/** The result for several platforms at once: one manifest request however many platforms. */
export interface MultiPlatformResolution {
    indexDigest: string;
    mediaType: string;
    platforms: Platform[];
    /** `formatPlatform(wanted)` → digest of that platform's manifest. */
    platformDigests: Map<string, string>;
}

/**
 * Resolves a reference to digests. Without a platform this is one `HEAD` (the index digest is the
 * `Docker-Content-Digest`); with one, one `GET` of the index to pick the platform's manifest. A single-arch image
 * has no index to choose from, so its config blob is read to check the platform matches (a wrong-arch pin would
 * otherwise go unnoticed until `docker run`).
 */
export async function resolveImage(
    client: RegistryClient,
    ref: ImageReference,
    options: ResolveOptions = {},
): Promise<ResolvedImage> {
    const wanted = options.platform ? [options.platform] : [];
    const result = await resolvePlatforms(client, ref, wanted, options);
    const platformDigest = options.platform ? result.platformDigests.get(formatPlatform(options.platform)) : undefined;
    const tag = ref.tag;
    return {
        reference: formatReference({
            registry: ref.registry,
            repository: ref.repository,
            tag,
            digest: platformDigest ?? result.indexDigest,
        }),
        registry: ref.registry,
        repository: ref.repository,
        ...(tag === undefined ? {} : { tag }),
        indexDigest: result.indexDigest,
        ...(platformDigest === undefined ? {} : { platformDigest }),
        mediaType: result.mediaType,
        platforms: result.platforms,
    };
}

/** Like {@link resolveImage} for several platforms of one reference, with a single manifest request. */
export async function resolvePlatforms(
    client: RegistryClient,
    ref: ImageReference,
    wanted: readonly Platform[],
    options: { byTag?: boolean; signal?: AbortSignal } = {},
): Promise<MultiPlatformResolution> {
    const target: RepositoryTarget = { registry: ref.registry, repository: ref.repository };
    const selector = options.byTag && ref.tag !== undefined ? ref.tag : (ref.digest ?? ref.tag ?? 'latest');
    const name = `${ref.registry}/${ref.repository}${selector.includes(':') ? '@' : ':'}${selector}`;
    if (wanted.length === 0) {
        const head = await client.headManifest(target, selector, options.signal);
        return { indexDigest: head.digest, mediaType: head.mediaType, platforms: [], platformDigests: new Map() };
    }
    const top = await client.getManifest(target, selector, options.signal);
    const platformDigests = new Map<string, string>();
    if (top.index) {
        const platforms = platformsOf(top.index.manifests);
        for (const platform of wanted) {
            const entry = selectPlatform(top.index.manifests, platform);
            if (!entry) {
                throw new PlatformNotFoundError(name, platform, platforms);
            }
            platformDigests.set(formatPlatform(platform), entry.digest);
        }
        return { indexDigest: top.digest, mediaType: top.mediaType, platforms, platformDigests };
    }
    const platform = await singleImagePlatform(client, target, top.manifest?.config.digest, options.signal);
    for (const p of wanted) {
        if (platform === undefined || !platformsEqual(platform, p)) {
            throw new PlatformNotFoundError(name, p, platform ? [platform] : []);
        }
        platformDigests.set(formatPlatform(p), top.digest);
    }
    return {
        indexDigest: top.digest,
        mediaType: top.mediaType,
        platforms: platform ? [platform] : [],
        platformDigests,
    };
}

/** Image configs are a few KiB; 1 MiB is generous. */
const MAX_CONFIG_BYTES = 1024 * 1024;

async function singleImagePlatform(
    client: RegistryClient,
    target: RepositoryTarget,
    configDigest: string | undefined,
    signal?: AbortSignal,
): Promise<Platform | undefined> {
    if (configDigest === undefined) {
        return undefined;
    }
    const bytes = await client.fetchBlob(target, configDigest, MAX_CONFIG_BYTES, signal);
    let json: unknown;
    try {
        json = JSON.parse(bytes.toString('utf8'));
    } catch {
        throw new HttpError({
            kind: 'format',
            url: `http://${target.registry}/v2/${target.repository}/blobs/${configDigest}`,
            description: 'the image config is not JSON',
        });
    }
    const config = imageConfigSchema.safeParse(json);
    if (!config.success) {
        return undefined; // an artefact (cosign signature, helm chart): it has no platform
    }
    const { os, architecture, variant } = config.data;
    return { os, architecture, ...(variant ? { variant } : {}) };
}
