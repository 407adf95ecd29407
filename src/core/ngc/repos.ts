import type { z } from 'zod';
import { dropUndefined } from '../lib/object';
import { isSignatureTag } from '../registry/tags';
import { formatArtifactRef, orgPrefix, parseArtifactRef, ArtifactRefError, type ArtifactRef } from './artifactRef';
import { seg, type NgcClient } from './client';
import { fetchAllPages, fetchPage, type Page } from './paging';
import {
    imagesPageSchema,
    reposPageSchema,
    repositorySchema,
    tagDetailsSchema,
    type architectureVariantSchema,
} from './schemas/repos';

/** A container repository `org/[team/]repo`. */
export type RepoRef = ArtifactRef;
export type Repository = z.infer<typeof repositorySchema>;

/** A platform of a tag: `linux/amd64`, `linux/arm64/v8`, with its manifest digest. */
export interface TagPlatform {
    os: string;
    architecture: string;
    digest?: string;
    compressedSize?: number;
}

/** One tag of a repository, cosign signature tags excluded. */
export interface ImageTag {
    tag: string;
    sizeInBytes?: number;
    updatedDate?: string;
    signed: boolean;
    platforms: TagPlatform[];
}

export interface RepoOptions {
    signal?: AbortSignal;
    pageSize?: number;
    concurrency?: number;
    /** For one page: the items the earlier pages held, when the caller counted them (servers cap page sizes). */
    seen?: number;
}

/** Parses `org/[team/]repo` (no tag); a `:tag` is rejected with a message saying so. */
export function parseRepoRef(text: string): RepoRef {
    const ref = parseArtifactRef(text, 'ORG/[TEAM/]REPO');
    if (ref.version !== undefined) {
        throw new ArtifactRefError(`"${text}" names a tag; expected ORG/[TEAM/]REPO without ":${ref.version}"`);
    }
    return { org: ref.org, ...(ref.team ? { team: ref.team } : {}), name: ref.name };
}

/**
 * Repository paths: authenticated `/v2/org/{org}[/team/{team}]/repos/{repo}`, guest `/v2/repos/{org}[/{team}]/{repo}`
 * (ngcsdk `GuestImageAPI`).
 */
export function repoPath(ref: RepoRef, guest: boolean): string {
    return guest
        ? `/v2/repos/${seg(ref.org)}${ref.team ? `/${seg(ref.team)}` : ''}/${seg(ref.name)}`
        : `${orgPrefix(ref)}/repos/${seg(ref.name)}`;
}

/** One page of the repositories in an org or team (for the tree's "Load more"); guests see public ones only. */
export async function listReposPage(
    client: NgcClient,
    scope: { org: string; team?: string },
    page: number,
    opts: RepoOptions = {},
): Promise<Page<Repository>> {
    return fetchPage(reposLoader(client, scope, opts), page, opts.pageSize, opts.seen);
}

/** Every repository in an org or team, pages fetched concurrently after the first. */
export async function listRepos(
    client: NgcClient,
    scope: { org: string; team?: string },
    opts: RepoOptions = {},
): Promise<Repository[]> {
    return fetchAllPages(reposLoader(client, scope, opts), opts);
}

function reposLoader(client: NgcClient, scope: { org: string; team?: string }, opts: RepoOptions) {
    const path = client.hasKey
        ? `${orgPrefix(scope)}/repos`
        : `/v2/repos/${seg(scope.org)}${scope.team ? `/${seg(scope.team)}` : ''}`;
    return async (page: number, pageSize: number) => {
        const body = await client.getJson(path, reposPageSchema, {
            query: { 'page-size': pageSize, 'page-number': page },
            signal: opts.signal,
            org: scope.org,
            team: scope.team,
            operation: 'list',
        });
        return { items: body.repositories, paginationInfo: body.paginationInfo };
    };
}

/** `GET .../repos/{repo}?resolve-labels=false`: the Repository object (at the top level of the body). */
export async function getRepo(client: NgcClient, ref: RepoRef, opts: RepoOptions = {}): Promise<Repository> {
    return client.getJson(repoPath(ref, !client.hasKey), repositorySchema, {
        query: { 'resolve-labels': 'false' },
        signal: opts.signal,
        org: ref.org,
        team: ref.team,
        operation: 'read',
        artifact: formatArtifactRef(ref),
    });
}

/**
 * Every tag of a repository (`.../images`, all pages), newest first by `updatedDate`, cosign `.sig`/`.att`/`.sbom`
 * tags removed. `signed` is false when NGC omits `isSigned`.
 */
export async function listTags(client: NgcClient, ref: RepoRef, opts: RepoOptions = {}): Promise<ImageTag[]> {
    const path = `${repoPath(ref, !client.hasKey)}/images`;
    const images = await fetchAllPages(async (page, pageSize) => {
        const body = await client.getJson(path, imagesPageSchema, {
            query: { 'page-size': pageSize, 'page-number': page },
            signal: opts.signal,
            org: ref.org,
            team: ref.team,
            operation: 'read',
            artifact: formatArtifactRef(ref),
        });
        return { items: body.images, paginationInfo: body.paginationInfo };
    }, opts);
    const tags = images
        .filter((i) => !isSignatureTag(i.tag))
        .map((i, index) => ({
            index,
            tag: dropUndefined({
                tag: i.tag,
                sizeInBytes: i.size,
                updatedDate: i.updatedDate,
                signed: i.isSigned === true,
                platforms: i.architectureVariants.map(toPlatform),
            }) as ImageTag,
        }));
    const time = (t: ImageTag) => (t.updatedDate ? Date.parse(t.updatedDate) || 0 : 0);
    return tags.sort((a, b) => time(b.tag) - time(a.tag) || a.index - b.index).map((t) => t.tag);
}

/** `GET .../repos/{repo}/tags/{tag}` (MetaImageDetails): signing, scan status and per-platform digests of one tag. */
export async function getTag(
    client: NgcClient,
    ref: RepoRef,
    tag: string,
    opts: RepoOptions = {},
): Promise<ImageTag & { malwareScanStatus?: string }> {
    const body = await client.getJson(`${repoPath(ref, !client.hasKey)}/tags/${seg(tag)}`, tagDetailsSchema, {
        signal: opts.signal,
        org: ref.org,
        team: ref.team,
        operation: 'read',
        artifact: `${formatArtifactRef(ref)}:${tag}`,
    });
    return dropUndefined({
        tag: body.tag ?? tag,
        updatedDate: body.updatedDate,
        signed: body.isSigned === true,
        platforms: body.architectureVariants.map(toPlatform),
        malwareScanStatus: body.malwareScanStatus,
    });
}

/** `amd64` / `arm64/v8` → `{ os, architecture }`; the variant stays in `architecture` as NGC writes it. */
function toPlatform(v: z.infer<typeof architectureVariantSchema>): TagPlatform {
    return dropUndefined({
        os: v.os ?? 'linux',
        architecture: v.architecture ?? 'unknown',
        digest: v.digest,
        compressedSize: v.compressedSize,
    });
}
