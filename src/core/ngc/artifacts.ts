import { attachContext } from '../diagnose/context';
import { HttpError } from '../http/errors';
import type { NgcClient } from './client';
import { encodePath, seg } from './client';
import { artifactPath, downloadUrlsPath, formatArtifactRef, type ArtifactRef, type VersionedKind } from './artifactRef';
import {
    toArtifact,
    toFile,
    toVersion,
    type Artifact,
    type ArtifactFile,
    type ArtifactVersion,
} from './artifactNormalize';
import { fetchAllPages } from './paging';
import {
    artifactResponseSchema,
    downloadUrlsPageSchema,
    filesPageSchema,
    singleDownloadUrlSchema,
    versionResponseSchema,
    versionsPageSchema,
} from './schemas/artifacts';

export { parseArtifactRef, formatArtifactRef, ArtifactRefError } from './artifactRef';
export type { ArtifactKind, ArtifactRef, ParsedArtifactRef, VersionedKind } from './artifactRef';
export type { Artifact, ArtifactFile, ArtifactVersion } from './artifactNormalize';

/** Options shared by the artifact calls. */
export interface ArtifactOptions {
    signal?: AbortSignal;
    /** `page-size` for listings (servers may cap it). */
    pageSize?: number;
    /** Pages fetched at once after the first. */
    concurrency?: number;
}

/** One presigned download URL with the file it serves. Fetch it WITHOUT any Authorization header. */
export interface DownloadUrl {
    path: string;
    url: string;
    sha256Base64?: string;
}

/**
 * `GET .../{models|resources|helm-charts}/{name}`: one artifact, its model/recipe/artifact keys normalised into
 * {@link Artifact}. Uses the guest path form when the client has no key.
 */
export async function getArtifact(
    client: NgcClient,
    kind: VersionedKind,
    ref: ArtifactRef,
    opts: ArtifactOptions = {},
): Promise<Artifact> {
    const body = await client.getJson(artifactPath(kind, ref, !client.hasKey), artifactResponseSchema, {
        ...requestOptions(ref, opts, 'read'),
        query: { 'resolve-labels': 'false' },
    });
    const object = body.model ?? body.recipe ?? body.artifact;
    const path = artifactPath(kind, ref, !client.hasKey);
    if (!object && (body.models ?? body.recipes ?? body.artifacts)) {
        // `/v2/models/{org}/{name}` for a name that does not exist reads as the listing of a team called {name}.
        const error = new HttpError({
            kind: 'status',
            status: 404,
            url: client.url(path),
            description: `${formatArtifactRef(ref)} not found`,
        });
        throw attachContext(error, {
            keyKind: client.hasKey ? undefined : 'none',
            artifact: formatArtifactRef(ref),
            org: ref.org,
            operation: 'read',
        });
    }
    if (!object) {
        throw formatError(client, path, `no ${wireKey(kind)} object in the answer`);
    }
    return toArtifact(kind, ref, object);
}

/**
 * Every version of an artifact, newest first (by `createdDate`; NGC's `sort-order=SEMVER_DESC` is also requested,
 * and its order kept for versions without a date). Pages are fetched concurrently after the first.
 */
export async function listVersions(
    client: NgcClient,
    kind: VersionedKind,
    ref: ArtifactRef,
    opts: ArtifactOptions = {},
): Promise<ArtifactVersion[]> {
    const path = `${artifactPath(kind, ref, !client.hasKey)}/versions`;
    const versions = await fetchAllPages(
        async (page, pageSize) => {
            const body = await client.getJson(path, versionsPageSchema, {
                ...requestOptions(ref, opts, 'list'),
                query: { 'page-size': pageSize, 'page-number': page, 'sort-order': 'SEMVER_DESC' },
            });
            return {
                items: [...body.modelVersions, ...body.recipeVersions, ...body.artifactVersions].map(toVersion),
                paginationInfo: body.paginationInfo,
            };
        },
        { pageSize: opts.pageSize, concurrency: opts.concurrency, signal: opts.signal },
    );
    return newestFirst(versions);
}

/** `GET .../versions/{version}`: one version, normalised (`status`, sizes, dates). */
export async function getVersion(
    client: NgcClient,
    kind: VersionedKind,
    ref: ArtifactRef,
    version: string,
    opts: ArtifactOptions = {},
): Promise<ArtifactVersion> {
    const path = `${artifactPath(kind, ref, !client.hasKey)}/versions/${seg(version)}`;
    const body = await client.getJson(path, versionResponseSchema, requestOptions(ref, opts, 'read', version));
    const object = body.modelVersion ?? body.recipeVersion ?? body.artifactVersion;
    if (!object) {
        throw formatError(client, path, `no ${wireKey(kind)}Version object in the answer`);
    }
    return toVersion(object);
}

/**
 * Every file of a version (`.../versions/{v}/files`, all pages): `{ path, sizeInBytes, sha256Base64? }` with any
 * leading `/` stripped from the path.
 */
export async function listFiles(
    client: NgcClient,
    kind: VersionedKind,
    ref: ArtifactRef,
    version: string,
    opts: ArtifactOptions = {},
): Promise<ArtifactFile[]> {
    const path = `${artifactPath(kind, ref, !client.hasKey)}/versions/${seg(version)}/files`;
    return fetchAllPages(
        async (page, pageSize) => {
            const body = await client.getJson(path, filesPageSchema, {
                ...requestOptions(ref, opts, 'list', version),
                query: { 'page-size': pageSize, 'page-number': page },
            });
            return {
                items: [...body.modelFiles, ...body.recipeFiles, ...body.artifactFiles].map(toFile),
                paginationInfo: body.paginationInfo,
            };
        },
        { pageSize: opts.pageSize, concurrency: opts.concurrency, signal: opts.signal },
    );
}

/**
 * Presigned URLs for every file of a version from the download-all endpoint (ngc-api.md 5.4), pairing
 * `filepath[i]` with `urls[i]` and `sha256_base64[i]`. Models and resources only: helm charts are served by the helm
 * repository. A page whose arrays differ in length is a format error, never a silent mis-pairing.
 */
export async function listDownloadUrls(
    client: NgcClient,
    kind: VersionedKind,
    ref: ArtifactRef,
    version: string,
    opts: ArtifactOptions = {},
): Promise<DownloadUrl[]> {
    const path = downloadPath(kind, ref, version, client);
    return fetchAllPages(
        async (page, pageSize) => {
            const body = await client.getJson(path, downloadUrlsPageSchema, {
                ...requestOptions(ref, opts, 'download', version),
                query: { 'page-size': pageSize, 'page-number': page },
            });
            if (body.filepath.length !== body.urls.length) {
                throw formatError(client, path, `${body.filepath.length} file paths but ${body.urls.length} URLs`);
            }
            const items = body.filepath.map((file, i): DownloadUrl => {
                const sha = body.sha256_base64?.[i];
                const item: DownloadUrl = { path: file.replace(/^\/+/, ''), url: body.urls[i] as string };
                if (sha) {
                    item.sha256Base64 = sha;
                }
                return item;
            });
            return { items, paginationInfo: body.paginationInfo };
        },
        { pageSize: opts.pageSize, concurrency: opts.concurrency, signal: opts.signal },
    );
}

/**
 * A fresh presigned URL for one file (`...{version}/files?path=<file>`), e.g. after the previous one expired.
 * Accepts `urls[0]` (ngcsdk) or `url` (the published schema).
 */
export async function resolveDownloadUrl(
    client: NgcClient,
    kind: VersionedKind,
    ref: ArtifactRef,
    version: string,
    filePath: string,
    opts: ArtifactOptions = {},
): Promise<string> {
    const path = downloadPath(kind, ref, version, client);
    const body = await client.getJson(path, singleDownloadUrlSchema, {
        ...requestOptions(ref, opts, 'download', version),
        query: { path: filePath.replace(/^\/+/, '') },
    });
    return (body.urls?.[0] ?? body.url) as string;
}

/** The per-file redirecting endpoint `.../versions/{v}/files/{path}` (answers 302/307 to a presigned URL). */
export function fileRedirectPath(
    client: NgcClient,
    kind: VersionedKind,
    ref: ArtifactRef,
    version: string,
    filePath: string,
): string {
    return `${artifactPath(kind, ref, !client.hasKey)}/versions/${seg(version)}/files/${encodePath(filePath.replace(/^\/+/, ''))}`;
}

function downloadPath(kind: VersionedKind, ref: ArtifactRef, version: string, client: NgcClient): string {
    if (kind === 'helm-chart') {
        throw new Error('helm charts are downloaded from the helm repository, not through NGC download URLs');
    }
    return downloadUrlsPath(kind, ref, version, !client.hasKey);
}

function requestOptions(
    ref: ArtifactRef,
    opts: ArtifactOptions,
    operation: 'read' | 'list' | 'download',
    version?: string,
) {
    return { signal: opts.signal, org: ref.org, team: ref.team, operation, artifact: formatArtifactRef(ref, version) };
}

function wireKey(kind: VersionedKind): string {
    return kind === 'model' ? 'model' : kind === 'resource' ? 'recipe' : 'artifact';
}

function formatError(client: NgcClient, path: string, description: string): HttpError {
    return new HttpError({ kind: 'format', url: client.url(path), description });
}

/** Newest first by `createdDate`; versions without a date keep the server's order after dated ones. */
export function newestFirst(versions: ArtifactVersion[]): ArtifactVersion[] {
    const time = (v: ArtifactVersion) => (v.createdDate ? Date.parse(v.createdDate) : Number.NaN);
    return versions
        .map((v, i) => ({ v, i, t: time(v) }))
        .sort((a, b) => {
            const aHas = !Number.isNaN(a.t);
            const bHas = !Number.isNaN(b.t);
            if (aHas && bHas && a.t !== b.t) {
                return b.t - a.t;
            }
            if (aHas !== bHas) {
                return aHas ? -1 : 1;
            }
            return a.i - b.i;
        })
        .map((x) => x.v);
}
