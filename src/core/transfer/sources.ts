/**
 * Where each file's bytes are fetched from, and with which headers. Presigned URLs (models, resources, chart files)
 * are fetched with NO credentials at all: they live on another host (xfiles.ngc.nvidia.com) that must never see the
 * key. Only the helm repository gets an `Authorization` (Basic `$oauthtoken:KEY`), because that is how it
 * authenticates. Presigned URLs expire: {@link UrlSource.refresh} asks the API for a fresh one.
 */
import { HttpError } from '../http/errors';
import { REDIRECT_STATUSES } from '../http/redirects';
import { fileRedirectPath, listDownloadUrls, resolveDownloadUrl } from '../ngc/artifacts';
import type { NgcClient } from '../ngc/client';
import type { DownloadPlan, PlannedFile } from './plan';

export interface FileLocation {
    url: string;
    headers: Record<string, string>;
    /** False for the helm repository: a 401/403 there is an answer, not an expired signature. */
    refreshable: boolean;
}

export interface UrlSource {
    /** The URL to fetch `file` from (cached after the first call). */
    locate(file: PlannedFile, signal?: AbortSignal): Promise<FileLocation>;
    /** A fresh URL after the files host refused the previous one (an expired presigned URL answers 403). */
    refresh(file: PlannedFile, signal?: AbortSignal): Promise<FileLocation>;
}

/** Below this many files, URLs are resolved one by one; above it, from the paged download-all listing. */
const BULK_THRESHOLD = 4;

/**
 * The NGC source for a plan. Models and resources page through the download-all listing once (one request per 100
 * files instead of one per file), falling back to `?path=` per file for anything the listing missed. Chart files
 * have no listing: the API's `/versions/{v}/files/{path}` answers a redirect whose `Location` is the presigned URL.
 */
export function createNgcUrlSource(client: NgcClient, plan: DownloadPlan): UrlSource {
    const cache = new Map<string, string>();
    let bulk: Promise<void> | undefined;

    const loadBulk = (signal?: AbortSignal): Promise<void> => {
        bulk ??= listDownloadUrls(client, plan.kind, plan.ref, plan.version, { signal }).then((urls) => {
            for (const u of urls) {
                cache.set(u.path, u.url);
            }
        });
        bulk.catch(() => {
            bulk = undefined;
        });
        return bulk;
    };

    const fresh = async (file: PlannedFile, signal?: AbortSignal): Promise<string> => {
        if (plan.kind === 'helm-chart') {
            return chartFileUrl(client, plan, file.path, signal);
        }
        return resolveDownloadUrl(client, plan.kind, plan.ref, plan.version, file.path, { signal });
    };

    return {
        async locate(file, signal) {
            if (file.source.kind === 'helm') {
                return { url: file.source.url, headers: client.helmAuthHeaders(), refreshable: false };
            }
            let url = cache.get(file.path);
            if (url === undefined && plan.kind !== 'helm-chart' && plan.files.length > BULK_THRESHOLD) {
                await loadBulk(signal);
                url = cache.get(file.path);
            }
            if (url === undefined) {
                url = await fresh(file, signal);
                cache.set(file.path, url);
            }
            return { url, headers: {}, refreshable: true };
        },
        async refresh(file, signal) {
            if (file.source.kind === 'helm') {
                return { url: file.source.url, headers: client.helmAuthHeaders(), refreshable: false };
            }
            const url = await fresh(file, signal);
            cache.set(file.path, url);
            return { url, headers: {}, refreshable: true };
        },
    };
}

/**
 * Resolves a chart file's presigned URL by asking the per-file endpoint without following its redirect (302 or 307:
 * the real code is unknown, ngc-api.md 5.1). An error status is thrown as an HttpError (412 licence, 403, 404); a
 * 2xx without a redirect is a format error rather than a reason to fetch file bytes with the key attached.
 */
async function chartFileUrl(
    client: NgcClient,
    plan: DownloadPlan,
    filePath: string,
    signal?: AbortSignal,
): Promise<string> {
    const url = client.url(fileRedirectPath(client, plan.kind, plan.ref, plan.version, filePath));
    const headers = await client.authHeaders({ org: plan.ref.org, team: plan.ref.team, signal });
    const response = await client.httpClient.send({ url, headers, followRedirects: false, signal });
    const location = response.headers['location'];
    if (REDIRECT_STATUSES.has(response.status) && location) {
        await response.dump();
        return new URL(location, url).toString();
    }
    await client.httpClient.ensureOk(response, { url });
    await response.dump();
    throw new HttpError({
        kind: 'format',
        url,
        description: `expected a redirect to the file, got HTTP ${response.status}`,
    });
}
