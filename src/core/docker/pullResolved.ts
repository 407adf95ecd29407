import type { Log } from '../lib/log';
import type { RegistryClient } from '../registry/client';
import { formatPlatform, type Platform } from '../registry/platform';
import { formatReference, type ImageReference } from '../registry/reference';
import { resolveImage, type ResolvedImage } from '../registry/resolve';
import type { DockerDaemon } from './daemon';
import { pullImage, type PullResult } from './pull';
import type { PullEvent, PullProgress } from './pullProgress';
import { dockerAuthFor } from './registryAuth';

export interface PullResolvedOptions {
    /** The platform to pull; callers default it to the daemon's `os/arch`. */
    platform: Platform;
    ngcRegistry?: string;
    signal?: AbortSignal;
    onProgress?: (progress: PullProgress, event: PullEvent) => void;
    log?: Log;
}

export interface PullResolvedResult extends PullResult {
    resolved: ResolvedImage;
    /** `host/repo[:tag]@sha256:…` of what the tag resolved to (the index for multi-arch images). */
    pinned: string;
}

/**
 * A pull with the registry's word on what it should produce: resolves the reference first (our own client, so a
 * refused key or a missing tag gets the NGC diagnosis before the daemon is bothered), reads the platform manifest for
 * the layer sizes (progress has a known total from the start, even on engines that send no byte counts), pulls with
 * per-request credentials (the registry client's own), and requires the daemon's RepoDigests to contain the resolved digest.
 */
export async function pullResolved(
    daemon: DockerDaemon,
    client: RegistryClient,
    ref: ImageReference,
    options: PullResolvedOptions,
): Promise<PullResolvedResult> {
    const resolved = await resolveImage(client, ref, { platform: options.platform, signal: options.signal });
    const target = { registry: ref.registry, repository: ref.repository };
    const platformManifest = await client.getManifest(
        target,
        resolved.platformDigest ?? resolved.indexDigest,
        options.signal,
    );
    const layers = platformManifest.manifest?.layers.map((l) => ({ digest: l.digest, size: l.size })) ?? [];
    // The daemon gets the same credentials the registry client resolved with, for this one request.
    const auth = await dockerAuthFor(ref.registry, client.credentials);
    // Docker records the digest it pulled by: the one in the reference, else what the tag pointed at (the index).
    const expectedDigest = ref.digest ?? resolved.indexDigest;
    const result = await pullImage(daemon, ref, {
        platform: formatPlatform(options.platform),
        ...(auth ? { auth } : {}),
        layers,
        expectedDigest,
        ...(options.ngcRegistry ? { ngcRegistry: options.ngcRegistry } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.log ? { log: options.log } : {}),
    });
    const pinned = formatReference({
        registry: ref.registry,
        repository: ref.repository,
        tag: ref.tag,
        digest: expectedDigest,
    });
    return { ...result, resolved, pinned };
}
