import type { NgcClient } from './client';
import { fetchAllPages } from './paging';
import { orgsPageSchema, teamsPageSchema } from './schemas/user';

/** `GET /v2/orgs`, every page: the orgs the key can see (`organizations[]`). */
export async function listOrgs(client: NgcClient, signal?: AbortSignal) {
    return fetchAllPages(
        async (page, pageSize) => {
            const body = await client.getJson('/v2/orgs', orgsPageSchema, {
                query: { 'page-size': pageSize, 'page-number': page },
                signal,
                operation: 'list',
            });
            return { items: body.organizations, paginationInfo: body.paginationInfo };
        },
        { signal },
    );
}

/** `GET /v2/org/{org}/teams`, every page. */
export async function listTeams(client: NgcClient, org: string, signal?: AbortSignal) {
    return fetchAllPages(
        async (page, pageSize) => {
            const body = await client.getJson(`/v2/org/${encodeURIComponent(org)}/teams`, teamsPageSchema, {
                query: { 'page-size': pageSize, 'page-number': page },
                signal,
                org,
                operation: 'list',
            });
            return { items: body.teams, paginationInfo: body.paginationInfo };
        },
        { signal },
    );
}
