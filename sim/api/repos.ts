/**
 * Container repository metadata on the REST API (ngc-api.md 4): org form `/v2/org/{org}[/team/{team}]/repos[...]`
 * (Bearer) and guest form `/v2/repos/{org}[/{team}]/{repo}[...]` (public only). EU-restricted repositories answer 451,
 * entitled ones 403 "Access Denied" without the subscription.
 */
import { repoImages } from '../catalog/images.js';
import type { RepoSeed } from '../catalog/types.js';
import type { SimContext } from '../core/context.js';
import { apiError, ok, pageArray, pageOf, pageParams } from '../core/envelope.js';
import type { SimRequest, SimResponse } from '../core/types.js';
import type { Principal } from './access.js';
import { authorizeEntitlement, authorizeNamespace, canSee, rejectServiceListing } from './access.js';
import { imageJson, repositoryJson, tagDetailsJson } from './repoShapes.js';

/** `/v2/org/{org}[/team/{team}]/repos/…`; `rest` starts after `repos`. */
export function orgRepos(
    ctx: SimContext,
    req: SimRequest,
    principal: Principal | undefined,
    org: string,
    team: string | undefined,
    rest: string[],
): SimResponse {
    const denied = authorizeNamespace(principal, org, team);
    if (denied !== undefined) {
        return denied;
    }
    const [name, ...tail] = rest;
    if (name === undefined) {
        return rejectServiceListing(principal) ?? listRepos(ctx, req, principal, org, team);
    }
    const repo = ctx.catalog.findRepo(team === undefined ? `${org}/${name}` : `${org}/${team}/${name}`);
    if (repo === undefined) {
        return apiError(404, `Repository ${org}/${team === undefined ? '' : `${team}/`}${name} not found`);
    }
    return authorizeEntitlement(principal, repo.productNames) ?? repoDetail(ctx, req, principal, repo, tail);
}

function listRepos(
    ctx: SimContext,
    req: SimRequest,
    principal: Principal | undefined,
    org: string,
    team: string | undefined,
): SimResponse {
    const { size, number } = pageParams(req.url, ctx.options.maxPageSize);
    const all = ctx.catalog.reposIn(org, team);
    if (org === 'bigorg') {
        const page = pageOf(all.count, (i) => repositoryJson(all.at(i), false), size, number);
        return ok({ repositories: page.items, paginationInfo: page.paginationInfo });
    }
    const visible: RepoSeed[] = [];
    for (let i = 0; i < all.count; i++) {
        const repo = all.at(i);
        if (canSee(principal, repo)) {
            visible.push(repo);
        }
    }
    const page = pageArray(visible, size, number);
    return ok({ repositories: page.items.map((r) => repositoryJson(r, false)), paginationInfo: page.paginationInfo });
}

/** Guest `/v2/repos[/{org}[/{team}]][/{repo}[/images|/tags/{tag}]]`; `rest` starts after `repos`. */
export function guestRepos(ctx: SimContext, req: SimRequest, rest: string[]): SimResponse {
    let nameParts = rest;
    let tail: string[] = [];
    if (rest[rest.length - 1] === 'images') {
        nameParts = rest.slice(0, -1);
        tail = ['images'];
    } else if (rest.length >= 4 && rest[rest.length - 2] === 'tags') {
        nameParts = rest.slice(0, -2);
        tail = rest.slice(-2);
    }
    const repo = nameParts.length >= 2 ? ctx.catalog.findRepo(nameParts.join('/')) : undefined;
    if (repo === undefined) {
        if (tail.length === 0 && nameParts.length <= 2) {
            return guestList(ctx, req, nameParts[0], nameParts[1]);
        }
        return apiError(404, `Repository ${nameParts.join('/')} not found`);
    }
    if (!repo.isPublic) {
        return apiError(401, 'Not Authenticated');
    }
    return repoDetail(ctx, req, undefined, repo, tail);
}

function guestList(ctx: SimContext, req: SimRequest, org: string | undefined, team: string | undefined): SimResponse {
    const { size, number } = pageParams(req.url, ctx.options.maxPageSize);
    const visible: RepoSeed[] = [];
    const count = org === undefined ? ctx.catalog.repoCount : ctx.catalog.reposIn(org, team).count;
    const at = org === undefined ? (i: number) => ctx.catalog.repoAt(i) : ctx.catalog.reposIn(org, team).at;
    if (org === 'bigorg') {
        return ok({ repositories: [], paginationInfo: pageArray([], size, number).paginationInfo });
    }
    for (let i = 0; i < count; i++) {
        const repo = at(i);
        if (repo.org === 'bigorg') {
            break; // generated private repos come last and are never public
        }
        if (repo.isPublic) {
            visible.push(repo);
        }
    }
    const page = pageArray(visible, size, number);
    return ok({ repositories: page.items.map((r) => repositoryJson(r, false)), paginationInfo: page.paginationInfo });
}

function repoDetail(
    ctx: SimContext,
    req: SimRequest,
    principal: Principal | undefined,
    repo: RepoSeed,
    tail: string[],
): SimResponse {
    if (repo.legalRestricted === true) {
        return apiError(451, 'Unavailable For Legal Reasons: this content is not available in your region');
    }
    const [what, tag] = tail;
    if (what === undefined) {
        return ok(repositoryJson(repo, true));
    }
    const images = repoImages(repo);
    if (what === 'images' && tag === undefined) {
        const refused = rejectServiceListing(principal);
        if (refused !== undefined) {
            return refused;
        }
        const { size, number } = pageParams(req.url, ctx.options.maxPageSize);
        const page = pageArray(repo.tags, size, number);
        return ok({
            images: page.items.map((t) =>
                imageJson(repo, images.tags.get(t) as NonNullable<ReturnType<typeof images.tags.get>>),
            ),
            paginationInfo: page.paginationInfo,
        });
    }
    if (what === 'tags' && tag !== undefined && tail.length === 2) {
        const image = images.tags.get(tag);
        return image === undefined ? apiError(404, `Tag ${tag} not found`) : ok(tagDetailsJson(repo, image));
    }
    return apiError(404, 'Not Found');
}
