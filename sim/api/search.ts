/**
 * Catalog search (ngc-api.md 8): guest `GET /v2/search/catalog/resources/{TYPE}?q=<json>` (public items) and
 * `GET /v2/search/resources/{TYPE}?q=<json>` (Bearer; adds the caller's private orgs). `page` is 0-based. A
 * duplicate `_scored` group comes first on page 0 so clients learn to ignore it. Bad or missing `q` → 400
 * `application/problem+json`.
 */
import type { SimContext } from '../core/context.js';
import { jsonResponse } from '../core/types.js';
import type { SimRequest, SimResponse } from '../core/types.js';
import type { Principal } from './access.js';
import { canSee } from './access.js';
import { KIND_BY_SEGMENT } from './artifactShapes.js';
import type { Searchable } from './searchDocs.js';
import { artifactSearchable, repoSearchable } from './searchDocs.js';

const TYPE_SEGMENT: Record<string, string> = { MODEL: 'models', RESOURCE: 'resources', HELM_CHART: 'helm-charts' };

interface Query {
    query: string;
    page: number;
    pageSize: number;
    filters: { field: string; value: string }[];
    raw: Record<string, unknown>;
}

function problem(req: SimRequest, detail: string): SimResponse {
    return jsonResponse(
        400,
        { type: 'about:blank', title: 'Bad Request', status: 400, detail, instance: req.url.pathname },
        { 'content-type': 'application/problem+json' },
    );
}

function parseQuery(req: SimRequest, maxPageSize: number): Query | string {
    const q = req.url.searchParams.get('q');
    if (q === null) {
        return 'Required parameter q is missing';
    }
    let raw: unknown;
    try {
        raw = JSON.parse(q);
    } catch {
        return 'Parameter q must be a JSON object';
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        return 'Parameter q must be a JSON object';
    }
    const obj = raw as Record<string, unknown>;
    const filters = Array.isArray(obj.filters)
        ? obj.filters.flatMap((f: unknown) => {
              const rec = f as Record<string, unknown> | null;
              return rec !== null && typeof rec === 'object' && typeof rec.field === 'string'
                  ? [{ field: rec.field, value: String(rec.value) }]
                  : [];
          })
        : [];
    const page = typeof obj.page === 'number' && obj.page >= 0 ? Math.floor(obj.page) : 0;
    const size =
        typeof obj.pageSize === 'number' && obj.pageSize > 0 ? Math.min(Math.floor(obj.pageSize), maxPageSize) : 25;
    return { query: typeof obj.query === 'string' ? obj.query.trim() : '*:*', page, pageSize: size, filters, raw: obj };
}

/** Compiles the query string (`*:*`, `orgName:X`, `resourceId:a/b/*`, or free text) into a predicate, once per request. */
function compileQuery(query: string): (item: Searchable) => boolean {
    if (query === '' || query === '*' || query === '*:*') {
        return () => true;
    }
    const field = /^(\w+):(.+)$/.exec(query);
    if (field?.[1] !== undefined && field[2] !== undefined) {
        const value = field[2].replace(/^"|"$/g, '');
        switch (field[1]) {
            case 'orgName':
                return (item) => item.org === value;
            case 'teamName':
                return (item) => item.team === value;
            case 'name':
                return (item) => item.name === value;
            case 'resourceId': {
                const pattern = new RegExp('^' + value.split('*').map(escape).join('.*') + '$');
                return (item) => pattern.test(item.resourceId);
            }
        }
    }
    const terms = query
        .toLowerCase()
        .split(/\s+/)
        .map((term) => term.replace(/\*/g, ''))
        .filter((term) => term !== '');
    return (item) => {
        const haystack = `${item.name} ${item.displayName} ${item.description}`.toLowerCase();
        return terms.every((term) => haystack.includes(term));
    };
}

function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function matchesFilter(item: Searchable, filter: { field: string; value: string }): boolean {
    switch (filter.field) {
        case 'orgName':
            return item.org === filter.value;
        case 'teamName':
            return item.team === filter.value;
        case 'hasSignedTag':
            return String(item.signed) === filter.value;
        case 'isPublic':
            return String(item.isPublic) === filter.value;
        case 'accessType':
            return filter.value !== 'LISTED' || item.isPublic || item.productNames.length > 0;
        default:
            return true; // resourceType and unknown fields do not narrow
    }
}

/** Handles both search paths; `authenticated` selects `/v2/search/resources`. */
export function search(
    ctx: SimContext,
    req: SimRequest,
    type: string,
    authenticated: boolean,
    principal: Principal | undefined,
): SimResponse {
    const parsed = parseQuery(req, ctx.options.maxPageSize);
    if (typeof parsed === 'string') {
        return problem(req, parsed);
    }
    const viewer = authenticated ? principal : undefined;
    const matches: Searchable[] = [];
    const matchesQuery = compileQuery(parsed.query);
    const consider = (item: Searchable): void => {
        if (matchesQuery(item) && parsed.filters.every((f) => matchesFilter(item, f)) && canSee(viewer, item)) {
            matches.push(item);
        }
    };
    if (type === 'CONTAINER') {
        for (let i = 0; i < ctx.catalog.repoCount; i++) {
            const repo = ctx.catalog.repoAt(i);
            if (repo.org === 'bigorg' && viewer === undefined) {
                break; // generated repos are private and last
            }
            consider(repoSearchable(repo));
        }
    } else {
        const kind = KIND_BY_SEGMENT[TYPE_SEGMENT[type] ?? ''];
        if (kind !== undefined) {
            ctx.catalog.artifactsIn(kind).forEach((a) => consider(artifactSearchable(a)));
        }
    }
    const start = parsed.page * parsed.pageSize;
    const page = matches.slice(start, start + parsed.pageSize).map((m) => m.build());
    const results: Record<string, unknown>[] = [];
    if (parsed.page === 0 && page.length > 0) {
        results.push({ groupValue: '_scored', totalCount: Math.min(2, page.length), resources: page.slice(0, 2) });
    }
    results.push({ groupValue: type, totalCount: matches.length, resources: page });
    return jsonResponse(200, {
        resultTotal: matches.length,
        resultPageTotal: Math.ceil(matches.length / parsed.pageSize),
        params: {
            orderBy: [{ field: 'score', value: 'DESC' }],
            queryFields: ['name', 'displayName', 'all', 'publisher', 'builtBy', 'description'],
            scoredSize: 2,
            fields: [],
            ...parsed.raw,
            query: parsed.query,
            page: parsed.page,
            pageSize: parsed.pageSize,
            filters: parsed.filters,
            groupBy: 'resourceType',
        },
        results,
    });
}
