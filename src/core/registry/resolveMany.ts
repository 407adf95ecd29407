import type { PinRequest } from '../dockerfile/pin';
import { isCancellationError, mapConcurrent } from '../lib/abort';
import type { RegistryClient } from './client';
import { formatPlatform, type Platform } from './platform';
import { resolvePlatforms } from './resolve';

export interface ResolveManyOptions {
    /** Manifest requests in flight at once (default 8). */
    concurrency?: number;
    signal?: AbortSignal;
    /** Called as each unique image finishes, for progress. */
    onResolved?: (imageKey: string, done: number, total: number) => void;
}

export interface ResolveFailure {
    imageKey: string;
    /** The requests that could not be resolved (every line that uses this image). */
    keys: string[];
    error: unknown;
}

export interface ResolveManyResult {
    /** Request key → digest. */
    digests: Map<string, string>;
    failures: ResolveFailure[];
}

/**
 * Resolves the pin requests of any number of Dockerfiles with at most one manifest request per unique image
 * (`registry/repo:tag`): requests are grouped by image first; a group that needs no platform costs one HEAD, a
 * group that needs platforms one GET of the index whose digest also serves the lines pinned to the index. Groups
 * run with bounded concurrency; a failure is recorded per image (every file and line that uses it can be named)
 * and does not stop the others. Cancellation does stop everything.
 */
export async function resolvePinRequests(
    client: RegistryClient,
    requests: readonly PinRequest[],
    options: ResolveManyOptions = {},
): Promise<ResolveManyResult> {
    const groups = new Map<string, { request: PinRequest; platforms: Map<string, Platform>; keys: Set<string> }>();
    for (const request of requests) {
        let group = groups.get(request.imageKey);
        if (!group) {
            group = { request, platforms: new Map(), keys: new Set() };
            groups.set(request.imageKey, group);
        }
        group.keys.add(request.key);
        if (request.platform) {
            group.platforms.set(formatPlatform(request.platform), request.platform);
        }
    }
    const digests = new Map<string, string>();
    const failures: ResolveFailure[] = [];
    let done = 0;
    const all = [...groups.values()];
    await mapConcurrent(all, options.concurrency ?? 8, async (group) => {
        try {
            const result = await resolvePlatforms(client, group.request.reference, [...group.platforms.values()], {
                byTag: true,
                signal: options.signal,
            });
            digests.set(group.request.imageKey, result.indexDigest);
            for (const [name, digest] of result.platformDigests) {
                digests.set(`${group.request.imageKey} ${name}`, digest);
            }
        } catch (error) {
            if (isCancellationError(error)) {
                throw error;
            }
            failures.push({ imageKey: group.request.imageKey, keys: [...group.keys], error });
        }
        options.onResolved?.(group.request.imageKey, ++done, all.length);
    });
    return { digests, failures };
}
