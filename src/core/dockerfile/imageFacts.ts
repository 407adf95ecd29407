/**
 * What the editor knows about base images, fetched once and shared: what a tag points at (one manifest GET per
 * `registry/repo:tag`, which gives the index digest and every platform's digest at once), the dated tags of a
 * repository (one listing per repository, for "newer release" hints), and full inspections for hovers. Answers,
 * failures included, are kept for a while (`ttlMs`), and concurrent askers share one request, so re-analysing a
 * Dockerfile on every edit costs nothing until the cache expires or the user saves.
 */
import { raceAbort } from '../lib/abort';
import type { RegistryClient } from '../registry/client';
import type { ContentCache } from '../registry/configCache';
import { imageEntries, inspectImage, type ImageInspection } from '../registry/inspect';
import type { Platform } from '../registry/platform';
import type { ImageReference } from '../registry/reference';
import type { DatedTag } from './series';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface TagFacts {
    /** What the tag points at: an index / manifest list, or a single manifest. */
    digest: string;
    mediaType: string;
    /** Image entries of the index (attestations left out); empty for a single manifest. */
    platforms: { platform: Platform; digest: string }[];
}

/** A dated tag, with NGC's signing flag and the tag's size (bytes) when the listing has them. */
export type ListedTag = DatedTag & { signed?: boolean; size?: number };

export interface ImageFactsOptions {
    registry: () => Promise<RegistryClient>;
    /** Dated tags of a repository (NGC REST); without it there are no "newer release" hints. */
    listTags?: (repo: { registry: string; repository: string }, signal?: AbortSignal) => Promise<readonly ListedTag[]>;
    /** The repository's description from the NGC catalog (undefined when it has none or is not on NGC). */
    describe?: (repo: { registry: string; repository: string }, signal?: AbortSignal) => Promise<string | undefined>;
    /** Configs and platform manifests by digest (inspections for hovers). */
    cache?: ContentCache;
    /** How long answers are kept; default 10 minutes. Failures are kept for a tenth of it. */
    ttlMs?: number;
    now?: () => number;
}

interface Entry<T> {
    at: number;
    promise: Promise<Outcome<T>>;
}

export class ImageFacts {
    private readonly tags = new Map<string, Entry<TagFacts>>();
    private readonly series = new Map<string, Entry<readonly ListedTag[]>>();
    private readonly inspections = new Map<string, Entry<ImageInspection>>();
    private readonly descriptions = new Map<string, Entry<string | undefined>>();
    private readonly ttl: number;
    private readonly now: () => number;

    constructor(private readonly options: ImageFactsOptions) {
        this.ttl = options.ttlMs ?? 10 * 60_000;
        this.now = options.now ?? Date.now;
    }

    /** What `ref`'s tag points at now (a GET of the tag's manifest; nvcr.io answers the list or the manifest). */
    tag(ref: ImageReference & { tag: string }, signal?: AbortSignal): Promise<Outcome<TagFacts>> {
        const key = `${ref.registry}/${ref.repository}:${ref.tag}`;
        return this.remember(this.tags, key, signal, async () => {
            const client = await this.options.registry();
            const top = await client.getManifest({ registry: ref.registry, repository: ref.repository }, ref.tag);
            const platforms = top.index
                ? imageEntries(top.index.manifests).map((e) => {
                      const p = e.platform as NonNullable<typeof e.platform>;
                      return {
                          platform: {
                              os: p.os,
                              architecture: p.architecture,
                              ...(p.variant ? { variant: p.variant } : {}),
                          },
                          digest: e.digest,
                      };
                  })
                : [];
            return { digest: top.digest, mediaType: top.mediaType, platforms };
        });
    }

    /** The repository's dated tags (empty when no lister was given). */
    tagsOf(
        repo: { registry: string; repository: string },
        signal?: AbortSignal,
    ): Promise<Outcome<readonly ListedTag[]>> {
        const lister = this.options.listTags;
        return this.remember(this.series, `${repo.registry}/${repo.repository}`, signal, async () =>
            lister ? lister(repo) : [],
        );
    }

    /**
     * The repository's catalog description, for a hover: one request per repository, kept like the other answers and
     * across saves (a save changes the Dockerfile, not the catalog).
     */
    description(
        repo: { registry: string; repository: string },
        signal?: AbortSignal,
    ): Promise<Outcome<string | undefined>> {
        const describe = this.options.describe;
        return this.remember(this.descriptions, `${repo.registry}/${repo.repository}`, signal, async () =>
            describe ? describe(repo) : undefined,
        );
    }

    /** A full inspection of `ref` (by tag), for a hover. */
    inspect(ref: ImageReference & { tag: string }, signal?: AbortSignal): Promise<Outcome<ImageInspection>> {
        const key = `${ref.registry}/${ref.repository}:${ref.tag}`;
        return this.remember(this.inspections, key, signal, async () =>
            inspectImage(await this.options.registry(), ref, { byTag: true, cache: this.options.cache }),
        );
    }

    /** Forgets tag answers and listings (a save, or the user asked): the next analysis asks the registry again. */
    forget(): void {
        this.tags.clear();
        this.series.clear();
        this.inspections.clear();
    }

    private remember<T>(
        map: Map<string, Entry<T>>,
        key: string,
        signal: AbortSignal | undefined,
        work: () => Promise<T>,
    ): Promise<Outcome<T>> {
        const now = this.now();
        const hit = map.get(key);
        if (hit !== undefined && now - hit.at < this.ttl) {
            return raceAbort(hit.promise, signal);
        }
        // The work is shared by every asker, so it does not take one asker's signal; each waits with its own.
        const promise = work().then(
            (value): Outcome<T> => ({ ok: true, value }),
            (error: unknown): Outcome<T> => ({ ok: false, error }),
        );
        const entry = { at: now, promise };
        map.set(key, entry);
        void promise.then((outcome) => {
            if (!outcome.ok && map.get(key) === entry) {
                entry.at = now - this.ttl + this.ttl / 10; // failures expire sooner
            }
        });
        return raceAbort(promise, signal);
    }
}
