/**
 * Container images behind each repository tag, built deterministically on first use: per platform a gzipped tar layer,
 * a config JSON and a Docker v2 or OCI manifest; for multi-arch repos a Docker manifest list or OCI index on top.
 * nvcr.io serves manifest lists for multi-arch images and OCI indexes where they were pushed (ngc-api.md 9.2); the
 * per-platform manifest digests here are the `architectureVariants[].digest` the REST API reports.
 */
import { seededBytes, digestOf } from './content.js';
import { gzip, tar } from '../core/tar.js';
import { imageEnv } from './imageEnv.js';
import type { Platform, RepoSeed } from './types.js';
import { fullName } from './types.js';

export const MEDIA = {
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    dockerConfig: 'application/vnd.docker.container.image.v1+json',
    dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    ociConfig: 'application/vnd.oci.image.config.v1+json',
    ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const;

/** A manifest as stored: its exact bytes, media type and digest. */
export interface StoredManifest {
    mediaType: string;
    bytes: Buffer;
    digest: string;
}

export interface PlatformImage {
    platform: Platform;
    manifest: StoredManifest;
    /** Compressed size: config + layers, as NGC's `compressedSize`. */
    compressedSize: number;
}

export interface TagImage {
    tag: string;
    /** What the tag points at: the index/list for multi-arch repos, else the single manifest. */
    top: StoredManifest;
    platforms: PlatformImage[];
    /** Size reported by the REST API for the tag (the amd64 image). */
    size: number;
    updatedDate: string;
}

/** All manifests and blobs of one repository, keyed by digest. */
export interface RepoImages {
    tags: Map<string, TagImage>;
    manifests: Map<string, StoredManifest>;
    blobs: Map<string, Buffer>;
}

const DAY_MS = 86_400_000;

/** The updated date of the tag at `index` (0 = newest). */
export function tagDate(repo: RepoSeed, index: number): string {
    return new Date(Date.parse(repo.newestDate) - index * 3 * DAY_MS).toISOString();
}

const built = new WeakMap<RepoSeed, RepoImages>();
const shared = new Map<string, RepoImages>();

/** Every tag's images of `repo`, built on first use and cached (per repo, or per `sharedImageKey`). */
export function repoImages(repo: RepoSeed): RepoImages {
    let images = repo.sharedImageKey === undefined ? built.get(repo) : shared.get(repo.sharedImageKey);
    if (images === undefined) {
        images = { tags: new Map(), manifests: new Map(), blobs: new Map() };
        repo.tags.forEach((tag, i) => buildTag(repo, tag, i, images as RepoImages));
        if (repo.sharedImageKey === undefined) {
            built.set(repo, images);
        } else {
            shared.set(repo.sharedImageKey, images);
        }
    }
    return images;
}

function buildTag(repo: RepoSeed, tag: string, index: number, into: RepoImages): void {
    const oci = repo.format === 'oci';
    const date = tagDate(repo, index);
    const platforms = repo.platforms.map((platform) => buildPlatform(repo, tag, date, platform, into));
    let top: StoredManifest;
    const first = platforms[0];
    if (platforms.length === 1 && first !== undefined) {
        top = first.manifest;
    } else {
        const mediaType = oci ? MEDIA.ociIndex : MEDIA.dockerList;
        const doc = {
            schemaVersion: 2,
            mediaType,
            manifests: platforms.map((p) => ({
                mediaType: p.manifest.mediaType,
                size: p.manifest.bytes.length,
                digest: p.manifest.digest,
                platform: p.platform,
            })),
        };
        top = store(into, mediaType, Buffer.from(JSON.stringify(doc, null, 3)));
    }
    const amd64 = platforms.find((p) => p.platform.architecture === 'amd64') ?? first;
    into.tags.set(tag, { tag, top, platforms, size: amd64?.compressedSize ?? 0, updatedDate: date });
}

function buildPlatform(repo: RepoSeed, tag: string, date: string, platform: Platform, into: RepoImages): PlatformImage {
    const oci = repo.format === 'oci';
    const name = repo.sharedImageKey ?? fullName(repo);
    const archName =
        platform.variant === undefined ? platform.architecture : `${platform.architecture}/${platform.variant}`;
    const seed = hashSeed(`${name}:${tag}:${archName}`);
    const layerTar = tar([
        { name: 'etc/ngc-sim-release', content: Buffer.from(`${name}:${tag} linux/${archName}\n`) },
        { name: 'opt/ngc-sim/payload.bin', content: seededBytes(seed, repo.layerKiB * 1024) },
    ]);
    const layer = gzip(layerTar);
    const layerDigest = digestOf(layer);
    into.blobs.set(layerDigest, layer);
    const facts = imageEnv(repo, tag, platform);
    const config = Buffer.from(
        JSON.stringify({
            architecture: platform.architecture,
            ...(platform.variant === undefined ? {} : { variant: platform.variant }),
            os: platform.os,
            created: date,
            config: { Env: facts.env, Cmd: ['/bin/sh'], Labels: facts.labels },
            rootfs: { type: 'layers', diff_ids: [digestOf(layerTar)] },
            history: [{ created: date, created_by: 'ngc-sim build' }],
        }),
    );
    const configDigest = digestOf(config);
    into.blobs.set(configDigest, config);
    const mediaType = oci ? MEDIA.ociManifest : MEDIA.dockerManifest;
    const doc = {
        schemaVersion: 2,
        mediaType,
        config: { mediaType: oci ? MEDIA.ociConfig : MEDIA.dockerConfig, size: config.length, digest: configDigest },
        layers: [{ mediaType: oci ? MEDIA.ociLayer : MEDIA.dockerLayer, size: layer.length, digest: layerDigest }],
    };
    const manifest = store(into, mediaType, Buffer.from(JSON.stringify(doc, null, 3)));
    return { platform, manifest, compressedSize: config.length + layer.length };
}

function store(into: RepoImages, mediaType: string, bytes: Buffer): StoredManifest {
    const manifest = { mediaType, bytes, digest: digestOf(bytes) };
    into.manifests.set(manifest.digest, manifest);
    return manifest;
}

/** A small stable integer from a string (FNV-1a). */
export function hashSeed(text: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h;
}
