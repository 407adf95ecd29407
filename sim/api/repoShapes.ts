/**
 * REST JSON for container repositories (ngc-api.md 4.2-4.4), derived from the same built images the registry serves,
 * so `architectureVariants[].digest` equals the per-platform manifest digest nvcr.io returns.
 */
import type { PlatformImage, TagImage } from '../catalog/images.js';
import { repoImages, tagDate } from '../catalog/images.js';
import type { RepoSeed } from '../catalog/types.js';
import { fullName } from '../catalog/types.js';

function variant(p: PlatformImage, date: string): Record<string, unknown> {
    return {
        architecture:
            p.platform.variant === undefined
                ? p.platform.architecture
                : `${p.platform.architecture}/${p.platform.variant}`,
        os: p.platform.os,
        digest: p.manifest.digest,
        compressedSize: p.compressedSize,
        createdDate: date,
        rating: 'AAA',
        scanStatus: 'SCAN_COMPLETE',
    };
}

/** The Repository object (4.2). `full` adds the long description. Generated repos skip building their images. */
export function repositoryJson(repo: RepoSeed, full: boolean): Record<string, unknown> {
    const latest = latestTag(repo);
    const signed = repo.signing !== 'none';
    const out: Record<string, unknown> = {
        name: repo.name,
        namespace: repo.team === undefined ? repo.org : `${repo.org}/${repo.team}`,
        orgName: repo.org,
        ...(repo.team === undefined ? {} : { teamName: repo.team }),
        displayName: repo.displayName,
        shortDescription: repo.shortDescription,
        publisher: repo.publisher,
        builtBy: repo.publisher,
        logo: '',
        labels: repo.labels,
        systemLabels: signed ? ['signed images'] : [],
        productNames: repo.productNames,
        sharedWithTeams: repo.team === undefined ? [] : [`${repo.org}/${repo.team}`],
        accessType: repo.isPublic || repo.productNames.length > 0 ? 'LISTED' : 'NOT_LISTED',
        isPublic: repo.isPublic,
        canGuestPull: repo.isPublic,
        canPublicList: repo.isPublic || repo.productNames.length > 0,
        isReadOnly: true,
        isMultiArchitecture: repo.platforms.length > 1,
        hasSignedTag: signed,
        scanEnabled: true,
        latestTag: latest?.tag ?? '',
        latestImageSize: latest?.size ?? 0,
        latestArchitectureVariants: latest?.platforms.map((p) => variant(p, latest.updatedDate)) ?? [],
        tags: repo.tags,
        updatedDate: tagDate(repo, 0),
        createdDate: tagDate(repo, repo.tags.length - 1),
        licenseTerms: [],
    };
    if (full) {
        out.description = repo.description;
    }
    return out;
}

function latestTag(repo: RepoSeed): TagImage | undefined {
    const newest = repo.tags[0];
    return newest === undefined ? undefined : repoImages(repo).tags.get(newest);
}

/** An `images[]` item (4.3); `isSigned` only when signed, as ngcsdk documents. */
export function imageJson(repo: RepoSeed, image: TagImage): Record<string, unknown> {
    return {
        tag: image.tag,
        size: image.size,
        updatedDate: image.updatedDate,
        ...(repo.signing === 'none' ? {} : { isSigned: true }),
        architectureVariants: image.platforms.map((p) => ({
            architecture:
                p.platform.variant === undefined
                    ? p.platform.architecture
                    : `${p.platform.architecture}/${p.platform.variant}`,
            os: p.platform.os,
            digest: p.manifest.digest,
        })),
        policy: [],
    };
}

/** MetaImageDetails for `/repos/{repo}/tags/{tag}` (4.4). */
export function tagDetailsJson(repo: RepoSeed, image: TagImage): Record<string, unknown> {
    return {
        tag: image.tag,
        name: fullName(repo),
        isSigned: repo.signing !== 'none',
        policy: [],
        updatedDate: image.updatedDate,
        malwareScanStatus: 'SCAN_COMPLETE',
        malwareScanDate: image.updatedDate,
        architectureVariants: image.platforms.map((p) => variant(p, image.updatedDate)),
    };
}
