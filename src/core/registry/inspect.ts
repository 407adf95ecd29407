/**
 * What is inside a tag, without pulling it: per platform of the index, the image config's created date, platform,
 * labels and Env (framework versions picked out), layer count and compressed size; and whether the tag is signed.
 */
import { HttpError } from '../http/errors';
import { mapConcurrent } from '../lib/abort';
import type { FetchedManifest, RegistryClient, RepositoryTarget } from './client';
import type { ContentCache } from './configCache';
import { signatureTagOf } from './cosignPayload';
import { envMap, frameworkVersions, MAX_CONFIG_BYTES, parseImageConfig } from './imageConfig';
import { manifestSchema, type Descriptor, type ImageManifest } from './manifests';
import { platformsEqual, PlatformNotFoundError, type Platform } from './platform';
import { formatReference, type ImageReference } from './reference';

export interface PlatformInspection {
    platform: Platform;
    /** The platform's manifest digest (what `FROM --platform=P …@digest` would pin). */
    digest: string;
    configDigest: string;
    created?: string;
    labels: Record<string, string>;
    /** Every `Env` entry of the config. */
    env: Record<string, string>;
    /** The framework and CUDA versions found in {@link env} (`PYTORCH_VERSION`, `CUDA_VERSION`, …). */
    frameworks: Record<string, string>;
    layers: number;
    /** Config plus layers, compressed: what NGC's `compressedSize` reports and a pull downloads. */
    compressedSize: number;
}

export interface ImageInspection {
    /** `REGISTRY/REPO[:TAG]@sha256:…` of what was inspected (the index for a multi-platform tag). */
    reference: string;
    registry: string;
    repository: string;
    tag?: string;
    digest: string;
    mediaType: string;
    /** True when a cosign `sha256-<hex>.sig` tag exists for {@link digest}; undefined when not asked. */
    signed?: boolean;
    platforms: PlatformInspection[];
}

export interface InspectOptions {
    /** Only this platform (PlatformNotFoundError when the index has none). */
    platform?: Platform;
    /** Configs and per-platform manifests by digest; a hit costs no request. */
    cache?: ContentCache;
    /** Look for the cosign signature tag (one manifest request); default true. */
    signature?: boolean;
    /** Resolve the tag even when the reference also has a digest (is the pin current?); default: the digest wins. */
    byTag?: boolean;
    signal?: AbortSignal;
}

/** The Docker/BuildKit annotation that marks an index entry as an attestation (provenance, SBOM), not an image. */
const REFERENCE_TYPE = 'vnd.docker.reference.type';

/** Index entries that are images: BuildKit's attestation manifests (`unknown/unknown`) are not platforms. */
export function imageEntries(manifests: readonly Descriptor[]): Descriptor[] {
    return manifests.filter(
        (m) =>
            m.platform !== undefined &&
            m.platform.os !== 'unknown' &&
            m.platform.architecture !== 'unknown' &&
            m.annotations?.[REFERENCE_TYPE] !== 'attestation-manifest',
    );
}

/**
 * Inspects `ref`: one manifest request for the tag (or none when `ref` is a digest and the cache has it), then per
 * platform the manifest and config by digest, each served from `cache` when present (they are immutable) and
 * checked against their digest either way, plus one request for the signature tag. nvcr.io serves Docker manifest
 * lists for most images and OCI indexes for some, and BuildKit-built indexes carry attestation entries; a tag may
 * also point straight at a single manifest (single-arch images), which is then its only platform.
 */
export async function inspectImage(
    client: RegistryClient,
    ref: ImageReference,
    options: InspectOptions = {},
): Promise<ImageInspection> {
    const target: RepositoryTarget = { registry: ref.registry, repository: ref.repository };
    const selector = options.byTag && ref.tag !== undefined ? ref.tag : (ref.digest ?? ref.tag ?? 'latest');
    const name = `${ref.registry}/${ref.repository}${selector.includes(':') ? '@' : ':'}${selector}`;
    const top = await client.getManifest(target, selector, options.signal);
    const signed = options.signature === false ? undefined : isSigned(client, target, top.digest, options.signal);
    signed?.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
    let platforms: PlatformInspection[];
    if (top.index) {
        let entries = imageEntries(top.index.manifests);
        const wanted = options.platform;
        if (wanted) {
            const entry = entries.find((e) => e.platform && platformsEqual(e.platform, wanted));
            if (!entry) {
                throw new PlatformNotFoundError(name, wanted, entries.map(platformOf));
            }
            entries = [entry];
        }
        platforms = await mapConcurrent(entries, 4, async (entry) => {
            const manifest = await manifestByDigest(client, target, entry.digest, options);
            return inspectPlatform(client, target, entry.digest, manifest, platformOf(entry), options);
        });
    } else if (top.manifest) {
        const one = await inspectPlatform(client, target, top.digest, top.manifest, undefined, options);
        if (options.platform && !platformsEqual(one.platform, options.platform)) {
            throw new PlatformNotFoundError(name, options.platform, [one.platform]);
        }
        platforms = [one];
    } else {
        platforms = [];
    }
    const tag = ref.tag;
    return {
        reference: formatReference({ registry: ref.registry, repository: ref.repository, tag, digest: top.digest }),
        registry: ref.registry,
        repository: ref.repository,
        ...(tag === undefined ? {} : { tag }),
        digest: top.digest,
        mediaType: top.mediaType,
        ...(signed === undefined ? {} : { signed: await signed }),
        platforms,
    };
}

/** True when the cosign signature tag of `digest` exists; a 404 (`MANIFEST_UNKNOWN`) means unsigned. */
export async function isSigned(
    client: Pick<RegistryClient, 'getManifest'>,
    target: RepositoryTarget,
    digest: string,
    signal?: AbortSignal,
): Promise<boolean> {
    try {
        await client.getManifest(target, signatureTagOf(digest), signal);
        return true;
    } catch (error) {
        if (HttpError.is(error, 404)) {
            return false;
        }
        throw error;
    }
}

function platformOf(entry: Descriptor): Platform {
    const p = entry.platform;
    return p
        ? { os: p.os, architecture: p.architecture, ...(p.variant ? { variant: p.variant } : {}) }
        : { os: 'unknown', architecture: 'unknown' };
}

/** A per-platform manifest by digest: from the cache when it parses there, else fetched (digest-checked) and kept. */
async function manifestByDigest(
    client: RegistryClient,
    target: RepositoryTarget,
    digest: string,
    options: InspectOptions,
): Promise<ImageManifest> {
    const cached = await options.cache?.get(digest);
    if (cached !== undefined) {
        const parsed = parseCachedManifest(cached);
        if (parsed !== undefined) {
            return parsed;
        }
    }
    const fetched: FetchedManifest = await client.getManifest(target, digest, options.signal);
    if (!fetched.manifest) {
        throw new HttpError({
            kind: 'format',
            url: `${target.registry}/${target.repository}@${digest}`,
            description: 'an index entry points at another index, not at an image manifest',
        });
    }
    await options.cache?.put(digest, fetched.bytes);
    return fetched.manifest;
}

function parseCachedManifest(bytes: Buffer): ImageManifest | undefined {
    try {
        const parsed = manifestSchema.safeParse(JSON.parse(bytes.toString('utf8')));
        return parsed.success ? parsed.data : undefined;
    } catch {
        return undefined;
    }
}

async function inspectPlatform(
    client: RegistryClient,
    target: RepositoryTarget,
    digest: string,
    manifest: ImageManifest,
    fromIndex: Platform | undefined,
    options: InspectOptions,
): Promise<PlatformInspection> {
    const configDigest = manifest.config.digest;
    let bytes = await options.cache?.get(configDigest);
    if (bytes === undefined) {
        bytes = await client.fetchBlob(target, configDigest, MAX_CONFIG_BYTES, options.signal);
        await options.cache?.put(configDigest, bytes);
    }
    const config = parseImageConfig(bytes, `${target.registry}/${target.repository}@${configDigest}`);
    const env = envMap(config.config?.Env);
    const platform: Platform = {
        os: config.os,
        architecture: config.architecture,
        ...(config.variant ? { variant: config.variant } : fromIndex?.variant ? { variant: fromIndex.variant } : {}),
    };
    const layersSize = manifest.layers.reduce((n, l) => n + (l.size ?? 0), 0);
    return {
        platform,
        digest,
        configDigest,
        ...(config.created && !config.created.startsWith('1970-01-01') ? { created: config.created } : {}),
        labels: { ...(config.config?.Labels ?? {}) },
        env,
        frameworks: frameworkVersions(env),
        layers: manifest.layers.length,
        compressedSize: layersSize + (manifest.config.size ?? bytes.length),
    };
}
