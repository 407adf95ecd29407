/**
 * Models, resources and helm charts on the REST API (ngc-api.md 5-7, 11.9). One handler serves all three; only the
 * JSON key names differ. Org form `/v2/org/{org}[/team/{team}]/{models|resources|helm-charts}/…` (Bearer) and guest
 * form `/v2/{models|resources|helm-charts}/{org}[/{team}]/{name}/…` plus the guest download-URL form
 * `/v2/models/org/{org}[/team/{team}]/{name}/{version}/files`.
 */
import { fileSha256 } from '../catalog/content.js';
import type { ArtifactKind, ArtifactSeed } from '../catalog/types.js';
import type { SimContext } from '../core/context.js';
import { apiError, ok, pageArray, pageParams } from '../core/envelope.js';
import type { SimRequest, SimResponse } from '../core/types.js';
import type { Principal } from './access.js';
import { authorizeEntitlement, authorizeNamespace, canSee, rejectServiceListing } from './access.js';
import { KIND_KEYS, artifactJson, fileJson, versionJson } from './artifactShapes.js';
import { downloadUrls, fileRedirect, licenseAcceptance, zipRedirect } from './downloads.js';
import { signatureUrl } from './modelSignature.js';

/** `/v2/org/{org}[/team/{team}]/{segment}/…`; `rest` starts after the segment. */
export async function orgArtifacts(
    ctx: SimContext,
    req: SimRequest,
    principal: Principal | undefined,
    kind: ArtifactKind,
    org: string,
    team: string | undefined,
    rest: string[],
): Promise<SimResponse> {
    const denied = authorizeNamespace(principal, org, team);
    if (denied !== undefined) {
        return denied;
    }
    const [name, ...tail] = rest;
    if (name === undefined) {
        const refused = rejectServiceListing(principal);
        if (refused !== undefined) {
            return refused;
        }
        const keys = KIND_KEYS[kind];
        const visible = ctx.catalog.artifactsIn(kind, org, team).filter((a) => canSee(principal, a));
        const { size, number } = pageParams(req.url, ctx.options.maxPageSize);
        const page = pageArray(visible, size, number);
        return ok({ [keys.many]: page.items.map(artifactJson), paginationInfo: page.paginationInfo });
    }
    const artifact = ctx.catalog.findArtifact(kind, team === undefined ? `${org}/${name}` : `${org}/${team}/${name}`);
    if (artifact === undefined) {
        return apiError(404, `${KIND_KEYS[kind].one} ${org}/${team === undefined ? '' : `${team}/`}${name} not found`);
    }
    return (
        authorizeEntitlement(principal, artifact.productNames) ?? artifactDetail(ctx, req, principal, artifact, tail)
    );
}

/** Guest `/v2/{segment}/…`; `rest` starts after the segment. */
export async function guestArtifacts(
    ctx: SimContext,
    req: SimRequest,
    kind: ArtifactKind,
    rest: string[],
): Promise<SimResponse> {
    let nameParts: string[];
    let tail: string[];
    if (rest[0] === 'org') {
        // /v2/models/org/{org}[/team/{team}]/{name}/{version}/files
        const teamForm = rest[2] === 'team';
        const org = rest[1] ?? '';
        nameParts = teamForm ? [org, rest[3] ?? '', rest[4] ?? ''] : [org, rest[2] ?? ''];
        tail = rest.slice(teamForm ? 5 : 3);
    } else {
        const versionsAt = rest.indexOf('versions', 2);
        const licenseAt = rest.indexOf('license', 2);
        const cut = versionsAt >= 0 ? versionsAt : licenseAt >= 0 ? licenseAt : rest.length;
        nameParts = rest.slice(0, cut);
        tail = rest.slice(cut);
    }
    const artifact = nameParts.length >= 2 ? ctx.catalog.findArtifact(kind, nameParts.join('/')) : undefined;
    if (artifact === undefined) {
        if (nameParts.length <= 2 && tail.length === 0) {
            const [org, team] = nameParts;
            const visible = ctx.catalog.artifactsIn(kind, org, team).filter((a) => a.isPublic);
            const { size, number } = pageParams(req.url, ctx.options.maxPageSize);
            const page = pageArray(visible, size, number);
            return ok({ [KIND_KEYS[kind].many]: page.items.map(artifactJson), paginationInfo: page.paginationInfo });
        }
        return apiError(404, `${KIND_KEYS[kind].one} ${nameParts.join('/')} not found`);
    }
    if (!artifact.isPublic) {
        return apiError(401, 'Not Authenticated');
    }
    return artifactDetail(ctx, req, undefined, artifact, tail);
}

async function artifactDetail(
    ctx: SimContext,
    req: SimRequest,
    principal: Principal | undefined,
    artifact: ArtifactSeed,
    tail: string[],
): Promise<SimResponse> {
    const keys = KIND_KEYS[artifact.kind];
    const [first, second, third, ...more] = tail;
    if (first === undefined) {
        return ok({ [keys.one]: artifactJson(artifact) });
    }
    if (first === 'license' && second === 'acceptance' && third === undefined) {
        return licenseAcceptance(ctx, req, principal, artifact);
    }
    if (first !== 'versions') {
        // /{name}/{version}/files: the download-URL endpoint (no `versions/` segment)
        return second === 'files' && third === undefined && artifact.kind !== 'chart'
            ? downloadUrls(ctx, req, principal, artifact, first)
            : apiError(404, 'Not Found');
    }
    // Service keys reach versions and files by their full path, but cannot list them (like every other list).
    const isList = second === undefined || (third === 'files' && more.length === 0);
    const refused = isList ? rejectServiceListing(principal) : undefined;
    if (refused !== undefined) {
        return refused;
    }
    const { size, number } = pageParams(req.url, ctx.options.maxPageSize);
    if (second === undefined) {
        const page = pageArray(artifact.versions, size, number);
        return ok({
            [keys.one]: artifactJson(artifact),
            [keys.versions]: page.items.map((v) => versionJson(artifact, v)),
            paginationInfo: page.paginationInfo,
        });
    }
    const version = artifact.versions.find((v) => v.version === second);
    if (version === undefined) {
        return apiError(404, `Version ${second} not found`);
    }
    if (third === undefined) {
        return ok({ [keys.one]: artifactJson(artifact), [keys.version]: versionJson(artifact, version) });
    }
    if (third === 'signature' && more.length === 0) {
        return signatureUrl(ctx, artifact, version);
    }
    if (third === 'zip' && more.length === 0) {
        return zipRedirect(ctx, principal, artifact, version);
    }
    if (third !== 'files') {
        return apiError(404, 'Not Found');
    }
    if (more.length > 0) {
        return fileRedirect(ctx, principal, artifact, version, more.join('/'));
    }
    const page = pageArray(version.files, size, number);
    const items = await Promise.all(
        page.items.map(async (f) => fileJson(version, f, f.hasSha ? await fileSha256(f) : undefined)),
    );
    return ok({
        [keys.one]: artifactJson(artifact),
        [keys.version]: versionJson(artifact, version),
        [keys.files]: items,
        paginationInfo: page.paginationInfo,
    });
}
