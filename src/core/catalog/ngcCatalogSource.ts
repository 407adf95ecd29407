import type { Log } from '../lib/log';
import { isVersionedKind, type VersionedKind } from '../ngc/artifactRef';
import { getArtifact, listFiles, listVersions } from '../ngc/artifacts';
import type { NgcClient } from '../ngc/client';
import { getRepo, listReposPage, listTags, type ImageTag, type Repository } from '../ngc/repos';
import { listTeams } from '../ngc/users';
import { catalogPageUrl } from './catalogUrls';
import { ClientPager } from './clientPager';
import { PageOffsets } from './pageOffsets';
import type {
    ArtifactDetails,
    ArtifactKind,
    ArtifactSummary,
    CatalogPage,
    CatalogRef,
    CatalogScope,
    CatalogSource,
    FileInfo,
    Identity,
    SearchQuery,
    VersionInfo,
} from './catalogSource';
import { searchArtifacts } from './ngcSearch';

/**
 * The catalog over core's NGC client. Everything here is mapping; the protocol work is in `src/core/ngc`. NGC pages
 * tags and versions in no useful order, so core fetches one repository's worth whole, newest first (cosign tags
 * removed), and this source serves it a page at a time from that one snapshot.
 */
export class NgcCatalogSource implements CatalogSource {
    private readonly tagPager = new ClientPager<ImageTag>();
    private readonly versionPager = new ClientPager<VersionInfo>();
    /** Items served before each page of the server-paged lists (repositories, search): servers cap page sizes. */
    private readonly offsets = new PageOffsets();

    constructor(
        private readonly client: NgcClient,
        private readonly log: Log,
    ) {}

    async identity(signal?: AbortSignal): Promise<Identity | undefined> {
        if (!this.client.hasKey) {
            return undefined;
        }
        const id = await this.client.identity(signal);
        return { kind: id.kind, user: id.user, orgs: id.orgs, teams: id.teams, roles: id.roles, products: id.products };
    }

    async teams(org: string, signal?: AbortSignal): Promise<string[]> {
        const mine = (await this.identity(signal).catch(() => undefined))?.teams
            .filter((t) => t.startsWith(`${org}/`))
            .map((t) => t.slice(org.length + 1));
        try {
            const listed = (await listTeams(this.client, org, signal)).map((t) => t.name);
            return [...new Set([...(mine ?? []), ...listed])].sort();
        } catch (error) {
            if (mine && mine.length > 0) {
                this.log.debug(`listing teams of ${org} failed; showing the key's own teams`);
                return mine.sort();
            }
            throw error;
        }
    }

    async artifacts(
        scope: CatalogScope,
        kind: ArtifactKind,
        page: number,
        signal?: AbortSignal,
    ): Promise<CatalogPage<ArtifactSummary>> {
        if (kind === 'container' && scope.org) {
            const listKey = `repos:${scope.org}/${scope.team ?? ''}`;
            const result = await listReposPage(this.client, { org: scope.org, team: scope.team }, page, {
                signal,
                pageSize: 50,
                seen: this.offsets.before(listKey, page),
            });
            this.offsets.record(listKey, page, result.items.length);
            return {
                items: result.items.map((r) => repoSummary(r, scope)),
                page,
                hasMore: result.hasMore,
                totalResults: result.totalResults,
            };
        }
        return searchArtifacts(this.client, { text: '', kind, scope, page }, signal, this.offsets);
    }

    tags(ref: CatalogRef, page: number, signal?: AbortSignal): Promise<CatalogPage<ImageTag>> {
        return this.tagPager.page(key(ref), page, () => listTags(this.client, ref, { signal }));
    }

    versions(ref: CatalogRef, page: number, signal?: AbortSignal): Promise<CatalogPage<VersionInfo>> {
        const kind = versionedKind(ref.kind);
        return this.versionPager.page(key(ref), page, async () =>
            (await listVersions(this.client, kind, ref, { signal })).map((v): VersionInfo => ({
                version: v.version,
                size: v.totalSizeInBytes,
                updated: v.updatedDate ?? v.createdDate,
                status: v.status,
                fileCount: v.totalFileCount,
                signed: v.isSigned,
            })),
        );
    }

    async files(ref: CatalogRef, version: string, signal?: AbortSignal): Promise<FileInfo[]> {
        const files = await listFiles(this.client, versionedKind(ref.kind), ref, version, { signal });
        return files.map((f) => ({ path: f.path, size: f.sizeInBytes, hasChecksum: f.sha256Base64 !== undefined }));
    }

    async details(ref: CatalogRef, signal?: AbortSignal): Promise<ArtifactDetails> {
        if (ref.kind === 'container') {
            const r = await getRepo(this.client, ref, { signal });
            return {
                ...repoSummary(r, ref),
                ...ref,
                markdown: r.description,
                publisher: r.publisher,
                labels: r.labels,
                productNames: r.productNames,
                licenseUrl: catalogPageUrl(ref),
            };
        }
        const a = await getArtifact(this.client, versionedKind(ref.kind), ref, { signal });
        return {
            ...ref,
            displayName: a.displayName,
            description: a.shortDescription,
            latest: a.latestVersion,
            size: a.latestVersionSizeInBytes,
            updated: a.updatedDate,
            signed: a.hasSignedVersion,
            locked: a.productNames.length > 0,
            isPublic: a.isPublic,
            markdown: a.description,
            publisher: a.publisher,
            labels: a.labels,
            productNames: a.productNames,
            licenseUrl: catalogPageUrl(ref),
        };
    }

    search(query: SearchQuery, signal?: AbortSignal): Promise<CatalogPage<ArtifactSummary>> {
        return searchArtifacts(this.client, query, signal, this.offsets);
    }
}

function repoSummary(r: Repository, scope: CatalogScope): ArtifactSummary {
    const org = r.orgName ?? scope.org ?? r.namespace?.split('/')[0] ?? '';
    const team = r.teamName ?? scope.team ?? r.namespace?.split('/')[1];
    return {
        kind: 'container',
        org,
        ...(team ? { team } : {}),
        name: r.name,
        displayName: r.displayName,
        description: r.shortDescription,
        latest: r.latestTag,
        size: r.latestImageSize,
        updated: r.updatedDate,
        signed: r.hasSignedTag,
        locked: r.productNames.length > 0,
        isPublic: r.isPublic,
    };
}

function versionedKind(kind: ArtifactKind): VersionedKind {
    if (!isVersionedKind(kind)) {
        throw new Error('containers have tags, not versions');
    }
    return kind;
}

function key(ref: CatalogRef): string {
    return `${ref.kind}:${ref.org}/${ref.team ?? ''}/${ref.name}`;
}
