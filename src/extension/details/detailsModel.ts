import { DIGEST_PATTERN, type DetailsModel } from '../../protocol/details';
import type { CatalogSource, ImageTag, VersionInfo } from '../../core/catalog/catalogSource';
import { formatArtifactRef, type CatalogRef } from '../../core/ngc/artifactRef';
import { imageRepository } from '../../core/catalog/catalogUrls';
import { mergePage } from '../tree/mergePage';
import type { TagVerification } from '../tree/nodes';

type TagRow = DetailsModel['tags'][number];
type VersionRow = DetailsModel['versions'][number];

/** The signature check of `ref:tag` made in this session (the tree model keeps them). */
export type VerificationLookup = (ref: CatalogRef, tag: string) => TagVerification | undefined;

/**
 * The loaded tags or versions of one panel and the next page to ask for. Immutable: {@link loadNextPage} returns a
 * new listing. Rows are kept without verification; {@link tagRows} adds it at every post, so a verdict reached after
 * the rows were fetched is never lost when the table is re-rendered.
 */
export interface DetailsListing {
    tags: ImageTag[];
    versions: VersionInfo[];
    /** 0-based page to load next; undefined when everything is loaded. */
    nextPage: number | undefined;
}

/** Gathers what the details panel shows: the artifact and its first page of tags or versions. */
export async function buildDetailsModel(
    source: CatalogSource,
    ref: CatalogRef,
    registry: string,
    signal?: AbortSignal,
    verificationOf: VerificationLookup = () => undefined,
    versionVerificationOf: VersionVerificationLookup = () => undefined,
): Promise<{ model: DetailsModel; listing: DetailsListing }> {
    // Both at once (the panel's first paint waits for them); a failure of the artifact itself is the one reported.
    const [detailsResult, listingResult] = await Promise.allSettled([
        source.details(ref, signal),
        loadNextPage(source, ref, { tags: [], versions: [], nextPage: 0 }, signal),
    ]);
    if (detailsResult.status === 'rejected') {
        throw detailsResult.reason;
    }
    if (listingResult.status === 'rejected') {
        throw listingResult.reason;
    }
    const details = detailsResult.value;
    const listing = listingResult.value;
    const isContainer = ref.kind === 'container';
    const model: DetailsModel = {
        ref: ref.team
            ? { kind: ref.kind, org: ref.org, team: ref.team, name: ref.name }
            : { kind: ref.kind, org: ref.org, name: ref.name },
        title: details.displayName ?? details.name,
        reference: isContainer ? imageRepository(registry, ref) : formatArtifactRef(ref),
        description: details.description,
        markdown: details.markdown,
        publisher: details.publisher,
        labels: details.labels,
        productNames: details.productNames,
        signed: details.signed,
        locked: details.locked,
        isPublic: details.isPublic,
        latest: details.latest,
        registry,
        tags: tagRows(ref, listing.tags, verificationOf),
        versions: versionRows(ref, listing.versions, versionVerificationOf),
        more: listing.nextPage !== undefined,
    };
    return { model, listing };
}

/**
 * Fetches `listing.nextPage` of the artifact's tags (containers) or versions and merges it: duplicates of rows
 * already shown are dropped; the source's order (newest first) is kept. A listing with nothing more to load is
 * returned as is.
 */
export async function loadNextPage(
    source: CatalogSource,
    ref: CatalogRef,
    listing: DetailsListing,
    signal?: AbortSignal,
): Promise<DetailsListing> {
    const page = listing.nextPage;
    if (page === undefined) {
        return listing;
    }
    if (ref.kind === 'container') {
        const result = await source.tags(ref, page, signal);
        const tags = mergePage(listing.tags, result.items, (t) => t.tag);
        return { ...listing, tags, nextPage: result.hasMore ? page + 1 : undefined };
    }
    const result = await source.versions(ref, page, signal);
    const versions = mergePage(listing.versions, result.items, (v) => v.version);
    return { ...listing, versions, nextPage: result.hasMore ? page + 1 : undefined };
}

/**
 * Tag rows as the protocol carries them: platform digests that are missing or not sha256 are dropped (the schema
 * refuses them), and each row carries this session's signature check, if any. Cosign tags never get here (core
 * removes them).
 */
export function tagRows(ref: CatalogRef, tags: readonly ImageTag[], verificationOf: VerificationLookup): TagRow[] {
    return tags.map((t) => {
        const v = verificationOf(ref, t.tag);
        return {
            tag: t.tag,
            size: t.sizeInBytes,
            updated: t.updatedDate,
            signed: t.signed,
            platforms: t.platforms.flatMap((p) =>
                p.digest !== undefined && DIGEST_PATTERN.test(p.digest)
                    ? [{ os: p.os, architecture: p.architecture, digest: p.digest }]
                    : [],
            ),
            ...(v && DIGEST_PATTERN.test(v.digest)
                ? { verification: { state: v.state, digest: v.digest, summary: v.summary } }
                : {}),
        };
    });
}

/** The model signature check of `ref:version` made after a download in this session. */
export type VersionVerificationLookup = (
    ref: CatalogRef,
    version: string,
) => { state: 'verified' | 'failed'; summary: string } | undefined;

/** Version rows as the protocol carries them, each with this session's signature check of a model version, if any. */
export function versionRows(
    ref: CatalogRef,
    versions: readonly VersionInfo[],
    verificationOf: VersionVerificationLookup = () => undefined,
): VersionRow[] {
    return versions.map((v) => {
        const checked = ref.kind === 'model' ? verificationOf(ref, v.version) : undefined;
        return checked ? { ...v, verification: { state: checked.state, summary: checked.summary } } : { ...v };
    });
}

/** The command behind a diagnosis action button in the webview. */
export function fixCommandFor(action: string): string | undefined {
    switch (action) {
        case 'setApiKey':
            return 'ngc.auth.setApiKey';
        case 'switchOrg':
            return 'ngc.org.switch';
        case 'openLicense':
            return 'ngc.catalog.openLicense';
        case 'checkSettings':
            return 'ngc.catalog.openSettings';
        case 'openCatalogPage':
            return 'ngc.catalog.openCatalogPage';
        default:
            return undefined;
    }
}
