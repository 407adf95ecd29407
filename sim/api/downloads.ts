/**
 * Download endpoints (ngc-api.md 5, 5.4, 11.9): `…/versions/{v}/files/{path}` and `…/versions/{v}/zip` redirect
 * (302 or 307, configurable) to a presigned URL on the files origin; `/{name}/{version}/files` lists presigned URLs
 * with `sha256_base64` ('' where a file has none) or, with `?path=`, answers `{urls:[…]}`. Licence-gated models
 * answer 412 until the caller's key accepted the licence (`…/license/acceptance`).
 */
import { fileSha256 } from '../catalog/content.js';
import type { ArtifactSeed, VersionSeed } from '../catalog/types.js';
import { fullName, versionSize } from '../catalog/types.js';
import type { SimContext } from '../core/context.js';
import { licenseAccepted } from '../core/context.js';
import { apiError, ok, pageArray, pageParams } from '../core/envelope.js';
import type { SimRequest, SimResponse } from '../core/types.js';
import { xfilesPath } from '../files/filesHost.js';
import { encodePath } from '../files/presign.js';
import { MAX_ZIP_BYTES } from '../files/zip.js';
import type { Principal } from './access.js';
import { keyOf } from './access.js';
import { KIND_KEYS } from './artifactShapes.js';

function licenseGate(
    ctx: SimContext,
    principal: Principal | undefined,
    artifact: ArtifactSeed,
): SimResponse | undefined {
    if (artifact.licenseGated === true && !licenseAccepted(ctx, keyOf(principal), fullName(artifact))) {
        return apiError(412, 'Please accept required license(s) via the NGC UI before downloading');
    }
    return undefined;
}

function presignedFile(ctx: SimContext, artifact: ArtifactSeed, version: VersionSeed, path: string): string {
    const segment = KIND_KEYS[artifact.kind].segment;
    return ctx.presigner.sign(xfilesPath(segment, fullName(artifact), version.version, `files/${encodePath(path)}`));
}

function redirect(ctx: SimContext, location: string): SimResponse {
    return { status: ctx.options.redirectStatus, headers: { location, 'content-type': 'text/plain' } };
}

export function fileRedirect(
    ctx: SimContext,
    principal: Principal | undefined,
    artifact: ArtifactSeed,
    version: VersionSeed,
    path: string,
): SimResponse {
    const gated = licenseGate(ctx, principal, artifact);
    if (gated !== undefined) {
        return gated;
    }
    const file = version.files.find((f) => f.path === path);
    return file === undefined
        ? apiError(404, `File ${path} not found`)
        : redirect(ctx, presignedFile(ctx, artifact, version, path));
}

export function zipRedirect(
    ctx: SimContext,
    principal: Principal | undefined,
    artifact: ArtifactSeed,
    version: VersionSeed,
): SimResponse {
    const gated = licenseGate(ctx, principal, artifact);
    if (gated !== undefined) {
        return gated;
    }
    if (versionSize(version) > MAX_ZIP_BYTES) {
        return apiError(400, 'Version is too large to download as a zip; download files individually');
    }
    const segment = KIND_KEYS[artifact.kind].segment;
    return redirect(ctx, ctx.presigner.sign(xfilesPath(segment, fullName(artifact), version.version, 'zip')));
}

export async function downloadUrls(
    ctx: SimContext,
    req: SimRequest,
    principal: Principal | undefined,
    artifact: ArtifactSeed,
    versionName: string,
): Promise<SimResponse> {
    const version = artifact.versions.find((v) => v.version === versionName);
    if (version === undefined) {
        return apiError(404, `Version ${versionName} not found`);
    }
    const gated = licenseGate(ctx, principal, artifact);
    if (gated !== undefined) {
        return gated;
    }
    const path = req.url.searchParams.get('path');
    if (path !== null) {
        const clean = path.replace(/^\/+/, '');
        const file = version.files.find((f) => f.path === clean);
        return file === undefined
            ? apiError(404, `File ${path} not found`)
            : ok({ urls: [presignedFile(ctx, artifact, version, clean)] });
    }
    const { size, number } = pageParams(req.url, ctx.options.maxPageSize);
    const page = pageArray(version.files, size, number);
    const shas = await Promise.all(
        page.items.map(async (f) => (f.hasSha ? (await fileSha256(f)).toString('base64') : '')),
    );
    return ok({
        filepath: page.items.map((f) => `/${f.path}`),
        urls: page.items.map((f) => presignedFile(ctx, artifact, version, f.path)),
        sha256_base64: shas,
        paginationInfo: page.paginationInfo,
    });
}

/** `GET|POST …/{name}/license/acceptance`: LicenseMetadata; POST accepts for the caller's key. */
export function licenseAcceptance(
    ctx: SimContext,
    req: SimRequest,
    principal: Principal | undefined,
    artifact: ArtifactSeed,
): SimResponse {
    const key = keyOf(principal);
    if (key === undefined) {
        return apiError(401, 'Not Authenticated');
    }
    if (req.method === 'POST' && artifact.licenseGated === true) {
        ctx.licenses.add(`${key}|${fullName(artifact)}`);
    }
    const needs = artifact.licenseGated === true && !licenseAccepted(ctx, key, fullName(artifact));
    return ok({
        licenseId: 'sim-community-license',
        licenseVersion: '1.0',
        needsAcceptance: needs,
        configuredLicenseTerms:
            artifact.licenseGated === true ? [{ licenseId: 'sim-community-license', licenseVersion: '1.0' }] : [],
        governingTerms: 'Simulated community licence. By accepting you agree to nothing real.',
    });
}
