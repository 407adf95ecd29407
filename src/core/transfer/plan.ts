/**
 * Planning a download: which version, which files, how many bytes, and where they land. The plan is plain JSON
 * (no URLs, no secrets), so `--dry-run` prints it and the extension can show it before anything is written.
 */
import path from 'node:path';
import { attachContext } from '../diagnose/context';
import {
    getArtifact,
    getVersion,
    listFiles,
    listVersions,
    formatArtifactRef,
    type ArtifactFile,
    type ArtifactRef,
    type VersionedKind,
} from '../ngc/artifacts';
import type { NgcClient } from '../ngc/client';
import { TransferError } from './errors';
import { createPathFilter } from './glob';
import { safeRelativePath, UnsafePathError, versionDirName } from './paths';
import { normaliseSha256 } from './verify';

/** Where a planned file's bytes come from. */
export type FileSource =
    /** A presigned URL from the NGC API (download-URL listing, or the per-file redirect for charts). */
    | { kind: 'api' }
    /** The chart archive on the helm repository (Basic `$oauthtoken:KEY` when a key is set). */
    | { kind: 'helm'; url: string };

export interface PlannedFile {
    /** Relative path under the version folder, validated and normalised. */
    path: string;
    sizeInBytes: number;
    sha256Base64?: string;
    source: FileSource;
}

export interface DownloadPlan {
    kind: VersionedKind;
    ref: ArtifactRef;
    version: string;
    /** `org/[team/]name:version`. */
    reference: string;
    /** Absolute `DEST/NAME_vVERSION`. */
    destination: string;
    files: PlannedFile[];
    totalBytes: number;
    /** Files the version has in all, and how many include/exclude left out. */
    versionFileCount: number;
    excludedFiles: number;
    /** Files without a listed checksum (verified by size only). */
    filesWithoutChecksum: number;
}

export interface PlanOptions {
    kind: VersionedKind;
    ref: ArtifactRef;
    /** Latest version when absent. */
    version?: string;
    /** The `--dest` folder; files land in `dest/NAME_vVERSION/`. */
    dest: string;
    include?: readonly string[];
    exclude?: readonly string[];
    signal?: AbortSignal;
}

/**
 * Builds the plan: resolves the latest version (the artifact's `latestVersionIdStr`, else the newest listed
 * version), refuses versions whose status is not `UPLOAD_COMPLETE` (what ngcsdk requires too), lists all files
 * across pages, applies the filters and refuses any API path that would escape the destination. For helm charts the
 * chart archive `NAME-VERSION.tgz` comes from the helm repository (NGC's chart file list names it too; the API entry
 * lends it its size and checksum).
 */
export async function planDownload(client: NgcClient, options: PlanOptions): Promise<DownloadPlan> {
    const { kind, ref, signal } = options;
    const version = options.version ?? (await latestVersionOf(client, kind, ref, signal));
    const reference = formatArtifactRef(ref, version);
    const details = await getVersion(client, kind, ref, version, { signal });
    if (details.status !== 'UPLOAD_COMPLETE') {
        throw new TransferError(
            'not-ready',
            `${reference} cannot be downloaded: its status is ${details.status}, and only UPLOAD_COMPLETE versions are complete. ` +
                'Pick another version, or try again once the upload has finished.',
        );
    }
    const listed = await listFiles(client, kind, ref, version, { signal });
    const filter = createPathFilter(options.include, options.exclude);
    const files =
        kind === 'helm-chart' ? await withChartArchive(client, options, version, listed, filter) : listed.map(fromApi);
    const unique = dedupe(files);
    const selected = unique.filter((f) => filter(f.path)).sort((a, b) => a.path.localeCompare(b.path));
    if (selected.length === 0 && unique.length > 0) {
        throw new TransferError(
            'no-files',
            `no file of ${reference} matches the include/exclude filters (the version has ${unique.length})`,
        );
    }
    return {
        kind,
        ref: { org: ref.org, ...(ref.team ? { team: ref.team } : {}), name: ref.name },
        version,
        reference,
        destination: path.resolve(options.dest, versionDirName(ref.name, version)),
        files: selected,
        totalBytes: selected.reduce((sum, f) => sum + f.sizeInBytes, 0),
        versionFileCount: unique.length,
        excludedFiles: unique.length - selected.length,
        filesWithoutChecksum: selected.filter((f) => f.sha256Base64 === undefined).length,
    };
}

async function latestVersionOf(
    client: NgcClient,
    kind: VersionedKind,
    ref: ArtifactRef,
    signal?: AbortSignal,
): Promise<string> {
    const artifact = await getArtifact(client, kind, ref, { signal });
    if (artifact.latestVersion) {
        return artifact.latestVersion;
    }
    // Some listings leave `latestVersionIdStr` empty: fall back to the newest complete version, then the newest.
    const versions = await listVersions(client, kind, ref, { signal });
    const pick = versions.find((v) => v.status === 'UPLOAD_COMPLETE') ?? versions[0];
    if (!pick) {
        throw new TransferError('no-files', `${formatArtifactRef(ref)} has no versions to download`);
    }
    return pick.version;
}

function fromApi(file: ArtifactFile): PlannedFile {
    const planned: PlannedFile = {
        path: checkedPath(file.path),
        sizeInBytes: file.sizeInBytes,
        source: { kind: 'api' },
    };
    const sha = normaliseSha256(file.sha256Base64);
    if (sha) {
        planned.sha256Base64 = sha;
    }
    return planned;
}

async function withChartArchive(
    client: NgcClient,
    options: PlanOptions,
    version: string,
    listed: ArtifactFile[],
    wanted: (filePath: string) => boolean,
): Promise<PlannedFile[]> {
    const url = chartArchiveUrl(client.endpoints.helmUrl, options.ref, version);
    const archive = chartArchiveName(options.ref, version);
    const files = listed.map(fromApi);
    const entry = files.find((f) => f.path === archive);
    if (entry) {
        entry.source = { kind: 'helm', url };
        return files;
    }
    const unlisted: PlannedFile = { path: archive, sizeInBytes: 0, source: { kind: 'helm', url } };
    if (!wanted(archive)) {
        // Filtered out: still counted as one of the version's files, but the helm repository is not asked (it may
        // well refuse a key that can read the chart files, ngc-api.md 7.2).
        return [...files, unlisted];
    }
    // The API did not list the archive: ask the helm repository for its size.
    const response = await client.httpClient.send({
        url,
        method: 'HEAD',
        headers: client.helmAuthHeaders(),
        signal: options.signal,
    });
    try {
        await client.httpClient.ensureOk(response, { url, method: 'HEAD' });
    } catch (error) {
        throw helmRefusal(error, options.ref, client);
    }
    await response.dump();
    const size = Number(response.headers['content-length']);
    if (!Number.isSafeInteger(size) || size < 0) {
        throw new TransferError('no-files', `the helm repository did not say how large ${archive} is`);
    }
    return [...files, { ...unlisted, sizeInBytes: size }];
}

/** `NAME-VERSION.tgz`, the archive name helm.ngc.nvidia.com serves (ngc-api.md 7.2). */
export function chartArchiveName(ref: ArtifactRef, version: string): string {
    return `${ref.name}-${version}.tgz`;
}

/** `{helmUrl}/{org}[/{team}]/charts/{name}-{version}.tgz`. */
export function chartArchiveUrl(helmUrl: string, ref: ArtifactRef, version: string): string {
    const namespace = [ref.org, ref.team]
        .filter((s): s is string => Boolean(s))
        .map(encodeURIComponent)
        .join('/');
    return `${helmUrl.replace(/\/+$/, '')}/${namespace}/charts/${encodeURIComponent(chartArchiveName(ref, version))}`;
}

/**
 * Marks an error from the helm repository with its namespace, so `diagnose()` names it instead of "this org". The
 * helm host answers 403 to a key outside the namespace even where a guest may read (ngc-api.md 7.2), so the error is
 * deliberately not tied to an artifact: the diagnosis is membership, not a missing entitlement.
 */
export function helmRefusal<E>(error: E, ref: ArtifactRef, client: NgcClient): E {
    return attachContext(error, {
        keyKind: client.keyKind,
        org: ref.org,
        team: ref.team,
        operation: 'download',
    });
}

function checkedPath(filePath: string): string {
    try {
        return safeRelativePath(filePath);
    } catch (error) {
        if (UnsafePathError.is(error)) {
            throw new TransferError('unsafe-path', `${error.message}; nothing was downloaded`, { cause: error });
        }
        throw error;
    }
}

/** The same path listed twice (across pages) is one file; two different entries for one path are a server bug. */
function dedupe(files: PlannedFile[]): PlannedFile[] {
    const byPath = new Map<string, PlannedFile>();
    for (const f of files) {
        const seen = byPath.get(f.path);
        if (seen && (seen.sizeInBytes !== f.sizeInBytes || seen.sha256Base64 !== f.sha256Base64)) {
            throw new TransferError('unsafe-path', `the API lists ${f.path} twice with different sizes or checksums`);
        }
        byPath.set(f.path, f);
    }
    return [...byPath.values()];
}
