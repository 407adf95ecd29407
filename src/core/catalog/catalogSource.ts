/**
 * What the extension's views need from NGC, as plain data. The tree model, search and details panel depend on this
 * interface only; `ngcCatalogSource.ts` implements it over `src/core/ngc`, and unit tests implement it with fakes.
 * Lists come back in the order they are shown (tags and versions newest first, cosign tags removed): callers page
 * through them and never sort or filter again.
 */
import type { ArtifactKind, CatalogRef } from '../ngc/artifactRef';
import type { ImageTag } from '../ngc/repos';

export type { ArtifactKind, CatalogRef } from '../ngc/artifactRef';
export type { ImageTag, TagPlatform } from '../ngc/repos';

/** Where a listing is scoped: the public catalog (no org) or an org, optionally a team in it. */
export interface CatalogScope {
    org?: string;
    team?: string;
}

/** One page of a list; `hasMore` drives the tree's "Load more…" node. `page` is 0-based. */
export interface CatalogPage<T> {
    items: T[];
    page: number;
    hasMore: boolean;
    totalResults?: number;
}

export interface ArtifactSummary extends CatalogRef {
    displayName?: string;
    description?: string;
    /** Latest tag (containers) or version. */
    latest?: string;
    size?: number;
    updated?: string;
    signed?: boolean;
    /** Needs an entitlement (productNames) or is otherwise locked for this key. */
    locked?: boolean;
    isPublic?: boolean;
}

export interface VersionInfo {
    version: string;
    size?: number;
    updated?: string;
    status?: string;
    fileCount?: number;
    signed?: boolean;
}

export interface FileInfo {
    path: string;
    size?: number;
    hasChecksum: boolean;
}

/** Everything the details panel shows about one artifact (tags or versions come separately, paged). */
export interface ArtifactDetails extends ArtifactSummary {
    /** Publisher markdown; rendered through a sanitizer in the webview, never injected as HTML. */
    markdown?: string;
    publisher?: string;
    labels: string[];
    productNames: string[];
    /** Where to accept a licence, when the artifact is licence-gated. */
    licenseUrl?: string;
}

export interface Identity {
    kind: 'personal' | 'service' | 'legacy';
    user?: { name?: string; email?: string };
    orgs: string[];
    /** `org/team` pairs. */
    teams: string[];
    roles: { org: string; team?: string; roles: string[] }[];
    products: string[];
}

export interface SearchQuery {
    text: string;
    kind: ArtifactKind;
    signedOnly?: boolean;
    scope?: CatalogScope;
    page?: number;
}

/** The catalog as the views see it. Every method may reject; callers turn failures into diagnosis nodes. */
export interface CatalogSource {
    /** Undefined for guest access. */
    identity(signal?: AbortSignal): Promise<Identity | undefined>;
    /** Teams of `org` the key can see. */
    teams(org: string, signal?: AbortSignal): Promise<string[]>;
    artifacts(
        scope: CatalogScope,
        kind: ArtifactKind,
        page: number,
        signal?: AbortSignal,
    ): Promise<CatalogPage<ArtifactSummary>>;
    tags(ref: CatalogRef, page: number, signal?: AbortSignal): Promise<CatalogPage<ImageTag>>;
    versions(ref: CatalogRef, page: number, signal?: AbortSignal): Promise<CatalogPage<VersionInfo>>;
    files(ref: CatalogRef, version: string, signal?: AbortSignal): Promise<FileInfo[]>;
    details(ref: CatalogRef, signal?: AbortSignal): Promise<ArtifactDetails>;
    search(query: SearchQuery, signal?: AbortSignal): Promise<CatalogPage<ArtifactSummary>>;
}

export const KIND_LABELS: Record<ArtifactKind, string> = {
    container: 'Containers',
    model: 'Models',
    resource: 'Resources',
    'helm-chart': 'Helm charts',
};
