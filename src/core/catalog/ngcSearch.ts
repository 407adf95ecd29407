import type { NgcClient } from '../ngc/client';
import { searchCatalog, type SearchHit } from '../ngc/search';
import type { ArtifactSummary, CatalogPage, SearchQuery } from './catalogSource';
import type { PageOffsets } from './pageOffsets';

const PAGE_SIZE = 50;

/**
 * Catalog search and scoped listings through core's search (ngcsdk lists models, resources and charts this way too).
 * A scope becomes `resourceId:org/[team/]*`; the public catalog keeps the publicly listed hits (see
 * {@link isPubliclyListed}), since an authenticated search also returns the caller's private items. Signed-only
 * filters the page it gets (the API has no such filter).
 */
export async function searchArtifacts(
    client: NgcClient,
    query: SearchQuery,
    signal?: AbortSignal,
    offsets?: PageOffsets,
): Promise<CatalogPage<ArtifactSummary>> {
    const scope = query.scope;
    const scoped = scope?.org ? `resourceId:${scope.org}/${scope.team ? `${scope.team}/` : ''}*` : undefined;
    const text = scoped && query.text.trim() === '' ? scoped : query.text;
    const page = query.page ?? 0;
    const result = await searchCatalog(client, query.kind, text, { page, pageSize: PAGE_SIZE, signal });
    const hits = result.hits.filter(
        (h) =>
            (!scope || scope.org !== undefined || isPubliclyListed(h)) &&
            (!scoped || h.org === scope?.org) &&
            (!scope?.team || h.team === scope.team) &&
            (!query.signedOnly || h.signed === true),
    );
    // The server may serve fewer hits than asked (a page-size cap) and count its pages by the size asked: more
    // remain while the hits served so far are fewer than its total.
    const key = offsetKey(query.kind, text, scope);
    const served = result.hits.length;
    const before = offsets?.before(key, page) ?? page * served;
    offsets?.record(key, page, served);
    return {
        items: hits.map(toSummary),
        page,
        hasMore: served > 0 && before + served < result.total,
        totalResults: result.total,
    };
}

function offsetKey(kind: string, text: string, scope: SearchQuery['scope']): string {
    return `search:${kind}:${scope?.org ?? ''}/${scope?.team ?? ''}:${text}`;
}

/**
 * Whether a hit belongs under "Public catalog". NGC lists entitlement-gated items (NVIDIA AI Enterprise) publicly
 * with `isPublic: false`, `accessType: LISTED` and their `productNames`: they are shown, locked, so users find them
 * and learn what they need. Only private items (`NOT_LISTED`, no product) are left to their org's node.
 */
export function isPubliclyListed(h: Pick<SearchHit, 'isPublic' | 'labels' | 'attributes'>): boolean {
    if (h.isPublic !== false) {
        return true;
    }
    const access = h.attributes['accessType'];
    return access === 'LISTED' || (h.labels['productNames'] ?? []).length > 0;
}

function toSummary(h: SearchHit): ArtifactSummary {
    const products = h.labels['productNames'] ?? [];
    return {
        kind: h.type,
        org: h.org ?? '',
        ...(h.team ? { team: h.team } : {}),
        name: h.name,
        displayName: h.displayName,
        description: h.description,
        latest: h.latest,
        size: h.sizeInBytes,
        updated: h.updated,
        signed: h.signed,
        locked: products.length > 0 && h.isPublic !== true,
        isPublic: h.isPublic,
    };
}
