import type { z } from 'zod';
import { dropUndefined } from '../lib/object';
import type { ArtifactKind } from './artifactRef';
import type { NgcClient } from './client';
import { fetchAllPages } from './paging';
import { searchResponseSchema, type searchResourceSchema } from './schemas/search';

/** The search's wire names of each kind (the catalog search looks for every {@link ArtifactKind}). */
const WIRE_TYPE: Record<ArtifactKind, string> = {
    container: 'CONTAINER',
    model: 'MODEL',
    resource: 'RESOURCE',
    'helm-chart': 'HELM_CHART',
};

/** A search attribute with its string value turned into what it means. */
export type AttributeValue = string | number | boolean;

/** One search hit, normalised: the interesting attributes lifted into typed fields, all of them kept in `attributes`. */
export interface SearchHit {
    type: ArtifactKind;
    resourceId: string;
    org?: string;
    team?: string;
    name: string;
    displayName?: string;
    description?: string;
    /** Latest tag (containers) or latest version (models, resources, charts). */
    latest?: string;
    sizeInBytes?: number;
    signed?: boolean;
    /** When the latest tag/version was pushed, else when the entry changed. */
    updated?: string;
    isPublic?: boolean;
    /** `labels[]` groups flattened to `key` → values (e.g. `productNames`). */
    labels: Record<string, string[]>;
    attributes: Record<string, AttributeValue>;
}

export interface SearchResult {
    type: ArtifactKind;
    hits: SearchHit[];
    /** 0-based page returned. */
    page: number;
    pageTotal: number;
    total: number;
}

export interface SearchOptions {
    /** 0-based (NGC's `q.page`). */
    page?: number;
    pageSize?: number;
    signal?: AbortSignal;
}

/** Attribute keys whose string values are byte counts or counts. */
const NUMERIC_ATTRIBUTES = new Set([
    'size',
    'latestVersionSizeInBytes',
    'latestImageSize',
    'downloadCount',
    'totalFileCount',
]);

/**
 * Turns search attributes (always strings on the wire) into typed values: `"true"`/`"false"` become booleans and known
 * numeric keys become numbers. Other values stay strings, so a tag such as `"1.2"` is not mistaken for a number.
 */
export function typedAttributes(attributes: { key: string; value: unknown }[]): Record<string, AttributeValue> {
    const out: Record<string, AttributeValue> = {};
    for (const { key, value } of attributes) {
        if (typeof value === 'number' || typeof value === 'boolean') {
            out[key] = value;
        } else if (typeof value === 'string') {
            if (value === 'true' || value === 'false') {
                out[key] = value === 'true';
            } else if (NUMERIC_ATTRIBUTES.has(key) && /^\d+(\.\d+)?$/.test(value)) {
                out[key] = Number(value);
            } else {
                out[key] = value;
            }
        }
    }
    return out;
}

/**
 * Searches one resource type. Guests use the public `/v2/search/catalog/resources/{TYPE}`; with a key,
 * `/v2/search/resources/{TYPE}`, which adds the caller's private org items (ngc-api.md 8.1). `q` is JSON with a
 * 0-based `page`; only the group whose `groupValue` is the requested type is read (the `_scored` group duplicates hits).
 */
export async function searchCatalog(
    client: NgcClient,
    type: ArtifactKind,
    query: string,
    opts: SearchOptions = {},
): Promise<SearchResult> {
    const wire = WIRE_TYPE[type];
    const page = opts.page ?? 0;
    const pageSize = opts.pageSize ?? 25;
    const q = {
        query: query.trim() === '' ? '*:*' : query.trim(),
        page,
        pageSize,
        orderBy: [{ field: 'score', value: 'DESC' }],
        queryFields: ['name', 'displayName', 'description', 'all'],
    };
    const path = client.hasKey ? `/v2/search/resources/${wire}` : `/v2/search/catalog/resources/${wire}`;
    const body = await client.getJson(path, searchResponseSchema, {
        query: { q: JSON.stringify(q) },
        signal: opts.signal,
        operation: 'search',
    });
    const group = body.results.find((g) => g.groupValue === wire);
    const hits = (group?.resources ?? []).map((r) => toHit(type, r));
    return {
        type,
        hits,
        page: body.params?.page ?? page,
        pageTotal: body.resultPageTotal ?? (hits.length > 0 ? 1 : 0),
        total: group?.totalCount ?? body.resultTotal ?? hits.length,
    };
}

/** What {@link searchAll} returns: up to `limit` hits of one type and the total the server reported. */
export interface SearchAllResult {
    type: ArtifactKind;
    hits: SearchHit[];
    total: number;
}

/**
 * Up to `limit` hits of one type, reading as many pages as that takes. The search caps `pageSize` on its side
 * (asking for 500 may bring 25), so pages are counted by what comes back and `resultTotal`, never by the size asked
 * for; an empty page ends the walk. Returns min(limit, total) hits when the server keeps its word.
 */
export async function searchAll(
    client: NgcClient,
    type: ArtifactKind,
    query: string,
    opts: { limit: number; pageSize?: number; signal?: AbortSignal },
): Promise<SearchAllResult> {
    let total: number | undefined;
    const hits = await fetchAllPages(
        async (page, pageSize) => {
            const result = await searchCatalog(client, type, query, { page, pageSize, signal: opts.signal });
            total ??= result.total;
            return { items: result.hits, paginationInfo: { totalResults: result.total } };
        },
        {
            pageSize: opts.pageSize ?? Math.min(opts.limit, 100),
            limit: opts.limit,
            signal: opts.signal,
            concurrency: 2,
        },
    );
    return { type, hits, total: total ?? hits.length };
}

function toHit(type: ArtifactKind, r: z.infer<typeof searchResourceSchema>): SearchHit {
    const attributes = typedAttributes(r.attributes);
    const labels: Record<string, string[]> = {};
    for (const label of r.labels) {
        labels[label.key] = (label.values ?? []).filter((v): v is string => typeof v === 'string');
    }
    const parts = (r.resourceId ?? '').split('/');
    const org = r.orgName ?? (parts.length >= 2 ? parts[0] : undefined);
    const team = r.teamName ?? (parts.length === 3 ? parts[1] : undefined);
    const name = r.name ?? parts[parts.length - 1] ?? '';
    const str = (key: string) =>
        typeof attributes[key] === 'string' && attributes[key] !== '' ? (attributes[key] as string) : undefined;
    const num = (key: string) => (typeof attributes[key] === 'number' ? (attributes[key] as number) : undefined);
    const signedLabel = labels['hasSignedTag']?.[0];
    return {
        type,
        resourceId: r.resourceId ?? [org, team, name].filter(Boolean).join('/'),
        name,
        labels,
        attributes,
        ...dropUndefined({
            org,
            team: team || undefined,
            displayName: r.displayName,
            description: r.description,
            latest: str('latestTag') ?? str('latestVersionIdStr') ?? str('latestVersionId'),
            sizeInBytes: num('size') ?? num('latestVersionSizeInBytes') ?? num('latestImageSize'),
            signed:
                typeof attributes['hasSignedTag'] === 'boolean'
                    ? attributes['hasSignedTag']
                    : signedLabel === undefined
                      ? undefined
                      : signedLabel === 'true',
            updated: str('latestTagPushedDate') ?? r.dateModified,
            isPublic:
                r.isPublic === undefined || r.isPublic === null
                    ? undefined
                    : r.isPublic === true || r.isPublic === 'true',
        }),
    };
}
