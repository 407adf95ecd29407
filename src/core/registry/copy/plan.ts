import { createHash } from 'node:crypto';
import { HttpError } from '../../http/errors';
import { throwIfAborted } from '../../lib/abort';
import { nullLog, type Log } from '../../lib/log';
import type { FetchedManifest, RegistryClient, RepositoryTarget } from '../client';
import { imageConfigSchema, indexSchema, type Descriptor } from '../manifests';
import { formatPlatform, platformsEqual, PlatformNotFoundError, platformsOf, type Platform } from '../platform';
import { formatReference } from '../reference';
import type { RegistrySession } from './session';

/** A manifest to push, byte for byte as the source served it (or as built for a platform subset). */
export interface ManifestNode {
    digest: string;
    mediaType: string;
    bytes: Buffer;
    /** Blobs this manifest names (config and layers; foreign layers left out). */
    blobs: Descriptor[];
    /** Digests of the manifests an index names (pushed before it). */
    children: string[];
    /** Pushed under this tag (cosign `sha256-<hex>.sig`, the referrers fallback tag); else by digest. */
    tag?: string;
}

/** Everything a mirror copies, in push order. */
export interface CopyPlan {
    /** What the source reference points at. */
    sourceDigest: string;
    /** What the target tag will point at: the source digest, or a new index for a platform subset. */
    top: ManifestNode;
    /** True when only some platforms are copied, which makes a new index with a new digest. */
    subset: boolean;
    /** Platforms copied (`os/arch[/variant]`); empty for a single-platform image. */
    platforms: string[];
    /** Image manifests, children before parents, the top last. */
    manifests: ManifestNode[];
    /** Cosign tags (`.sig`, `.att`, `.sbom`), the referrers fallback tag and OCI referrers, children before parents. */
    artifacts: ManifestNode[];
    /** Every distinct blob, by digest. */
    blobs: Map<string, Descriptor>;
    warnings: string[];
}

export interface PlanOptions {
    source: RegistryClient;
    target: RepositoryTarget;
    /** A tag or a digest. */
    reference: string;
    platforms?: readonly Platform[];
    /** Copy cosign tags and referrers (default true). */
    signatures?: boolean;
    /** The source registry as a session, for the referrers API (`GET /v2/<name>/referrers/<digest>`). */
    referrers?: RegistrySession;
    signal?: AbortSignal;
    log?: Log;
}

const DIGEST_TAG_SUFFIXES = ['.sig', '.att', '.sbom', ''];
/** Nested indexes deeper than this are not images. */
const MAX_DEPTH = 4;

/**
 * Reads what a mirror must copy from the source: the manifest or index the reference names, every child manifest
 * (recursively), their blobs, and, unless told not to, the cosign digest tags (`sha256-<hex>.sig`/`.att`/`.sbom`,
 * the referrers fallback tag `sha256-<hex>`) and the OCI referrers of each of those digests. With platforms, the
 * index is rebuilt with only the matching entries (their bytes untouched); that index is new, so its digest differs
 * from the source's and the source index's signature does not cover it, which the plan's warnings say.
 */
export async function planCopy(options: PlanOptions): Promise<CopyPlan> {
    const { source, target, signal } = options;
    const log = options.log ?? nullLog;
    const fetched = await source.getManifest(target, options.reference, signal);
    const manifests: ManifestNode[] = [];
    const seen = new Set<string>();
    const warnings: string[] = [];
    const collect = async (manifest: FetchedManifest, depth: number): Promise<ManifestNode> => {
        throwIfAborted(signal);
        const node = nodeOf(manifest);
        if (manifest.index && depth < MAX_DEPTH) {
            for (const entry of manifest.index.manifests) {
                if (!seen.has(entry.digest)) {
                    await collect(await source.getManifest(target, entry.digest, signal), depth + 1);
                }
            }
        }
        if (!seen.has(node.digest)) {
            seen.add(node.digest);
            manifests.push(node);
        }
        return node;
    };
    const wanted = options.platforms ?? [];
    let top: ManifestNode;
    let subset = false;
    if (fetched.index && wanted.length > 0) {
        const kept = keepPlatforms(fetched, wanted, formatReference({ ...target, digest: fetched.digest }));
        subset = kept.manifests.length < fetched.index.manifests.length;
        top = subset ? subsetNode(fetched, kept.raw) : nodeOf(fetched);
        for (const entry of kept.manifests) {
            await collect(await source.getManifest(target, entry.digest, signal), 1);
        }
        manifests.push(top);
        if (subset) {
            warnings.push(
                `only ${wanted.map(formatPlatform).join(', ')} copied: the target gets a new index ` +
                    `${top.digest}, not the source's ${fetched.digest}, and the source index's signature does not cover it`,
            );
        }
    } else {
        if (fetched.manifest && wanted.length > 0) {
            await checkSinglePlatform(source, target, fetched, wanted, signal);
        }
        top = await collect(fetched, 0);
    }
    const platforms = fetched.index
        ? platformsOf(
              (indexSchema.safeParse(JSON.parse(top.bytes.toString('utf8'))).data?.manifests ?? []) as Descriptor[],
          ).map(formatPlatform)
        : [];
    const artifacts: ManifestNode[] = [];
    if (options.signatures !== false) {
        const signed = subset ? manifests.filter((m) => m !== top).map((m) => m.digest) : [...seen];
        artifacts.push(...(await digestTags(options, signed, log)));
        if (options.referrers) {
            artifacts.push(...(await referrers(options, options.referrers, signed, log)));
        }
    }
    const blobs = new Map<string, Descriptor>();
    for (const node of [...manifests, ...artifacts]) {
        for (const blob of node.blobs) {
            blobs.set(blob.digest, blob);
        }
    }
    return { sourceDigest: fetched.digest, top, subset, platforms, manifests, artifacts, blobs, warnings };
}

function nodeOf(manifest: FetchedManifest, tag?: string): ManifestNode {
    const blobs = manifest.manifest
        ? [manifest.manifest.config, ...manifest.manifest.layers].filter(
              (d) => !(d.mediaType ?? '').includes('foreign'),
          )
        : [];
    return {
        digest: manifest.digest,
        mediaType: manifest.mediaType,
        bytes: manifest.bytes,
        blobs,
        children: manifest.index?.manifests.map((m) => m.digest) ?? [],
        ...(tag === undefined ? {} : { tag }),
    };
}

/** The index entries for `wanted`, plus BuildKit attestations that refer to a kept entry. */
function keepPlatforms(
    fetched: FetchedManifest,
    wanted: readonly Platform[],
    image: string,
): { manifests: Descriptor[]; raw: unknown[] } {
    const rawEntries = (JSON.parse(fetched.bytes.toString('utf8')) as { manifests: unknown[] }).manifests;
    const entries = fetched.index?.manifests ?? [];
    const picked = new Set<number>();
    for (const platform of wanted) {
        const at = entries.findIndex(
            (m) => m.platform !== undefined && m.platform.os !== 'unknown' && platformsEqual(m.platform, platform),
        );
        if (at < 0) {
            throw new PlatformNotFoundError(image, platform, platformsOf(entries));
        }
        picked.add(at);
    }
    const keptDigests = new Set([...picked].map((i) => entries[i]?.digest));
    entries.forEach((m, i) => {
        const refers = m.annotations?.['vnd.docker.reference.digest'];
        if (m.platform?.os === 'unknown' && refers !== undefined && keptDigests.has(refers)) {
            picked.add(i);
        }
    });
    const order = [...picked].sort((a, b) => a - b);
    return {
        manifests: order.map((i) => entries[i]).filter((m): m is Descriptor => m !== undefined),
        raw: order.map((i) => rawEntries[i]),
    };
}

/** A new index: the source's JSON with only the kept entries (every other field and each entry kept as is). */
function subsetNode(fetched: FetchedManifest, raw: unknown[]): ManifestNode {
    const body = JSON.parse(fetched.bytes.toString('utf8')) as Record<string, unknown>;
    const bytes = Buffer.from(JSON.stringify({ ...body, manifests: raw }));
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    const children = (raw as { digest: string }[]).map((m) => m.digest);
    return { digest, mediaType: fetched.mediaType, bytes, blobs: [], children };
}

async function checkSinglePlatform(
    source: RegistryClient,
    target: RepositoryTarget,
    fetched: FetchedManifest,
    wanted: readonly Platform[],
    signal: AbortSignal | undefined,
): Promise<void> {
    const configDigest = fetched.manifest?.config.digest ?? '';
    const config = imageConfigSchema.safeParse(
        JSON.parse((await source.fetchBlob(target, configDigest, 1024 * 1024, signal)).toString('utf8')),
    );
    if (config.success && !wanted.some((w) => platformsEqual(w, config.data))) {
        throw new PlatformNotFoundError(formatReference({ ...target, digest: fetched.digest }), wanted[0] as Platform, [
            config.data,
        ]);
    }
}

/** Cosign's digest tags for `digests` present in the source: one tag listing, else one probe per candidate. */
async function digestTags(options: PlanOptions, digests: string[], log: Log): Promise<ManifestNode[]> {
    const { source, target, signal } = options;
    const candidates = digests.flatMap((d) => DIGEST_TAG_SUFFIXES.map((s) => `${d.replace(':', '-')}${s}`));
    let present: Set<string> | undefined;
    try {
        present = new Set(await source.listTags(target, { includeSignatures: true, signal }));
    } catch (error) {
        log.debug(`tag listing failed (${(error as Error).message}); probing digest tags one by one`);
    }
    const nodes: ManifestNode[] = [];
    for (const tag of candidates) {
        if (present && !present.has(tag)) {
            continue;
        }
        try {
            const artifact = await source.getManifest(target, tag, signal);
            nodes.push(...(await artifactNodes(source, target, artifact, tag, signal)));
        } catch (error) {
            if (!HttpError.is(error, 404)) {
                throw error;
            }
        }
    }
    return nodes;
}

/** An artifact and, when it is an index (a referrers fallback tag, an attestation list), what it names. */
async function artifactNodes(
    source: RegistryClient,
    target: RepositoryTarget,
    artifact: FetchedManifest,
    tag: string | undefined,
    signal: AbortSignal | undefined,
): Promise<ManifestNode[]> {
    const nodes: ManifestNode[] = [];
    for (const entry of artifact.index?.manifests ?? []) {
        nodes.push(nodeOf(await source.getManifest(target, entry.digest, signal)));
    }
    nodes.push(nodeOf(artifact, tag));
    return nodes;
}

/**
 * OCI 1.1 referrers of `digests`: `GET /v2/<name>/referrers/<digest>` answers an index of descriptors. Registries
 * without the API answer 404 (distribution 2.8, the simulator) or 400/405: then there is nothing to copy this way
 * (the fallback tag, when the source keeps one, was found among the digest tags).
 */
async function referrers(
    options: PlanOptions,
    session: RegistrySession,
    digests: string[],
    log: Log,
): Promise<ManifestNode[]> {
    const { source, target, signal } = options;
    const nodes: ManifestNode[] = [];
    for (const digest of digests) {
        const response = await session.request(session.url(target.repository, `referrers/${digest}`), {
            method: 'GET',
            scope: `repository:${target.repository}:pull`,
            headers: { accept: 'application/vnd.oci.image.index.v1+json' },
            signal,
        });
        if (response.status !== 200) {
            await response.dump();
            log.debug(`referrers of ${digest}: HTTP ${response.status}; none copied`);
            continue;
        }
        const parsed = indexSchema.safeParse(parseJson(await response.text()));
        if (!parsed.success) {
            log.warn(`referrers of ${digest}: the registry's answer is not an index; none copied`);
            continue;
        }
        for (const entry of parsed.data.manifests) {
            const artifact = await source.getManifest(target, entry.digest, signal);
            nodes.push(...(await artifactNodes(source, target, artifact, undefined, signal)));
        }
    }
    return nodes;
}

function parseJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}
