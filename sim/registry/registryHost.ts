/**
 * nvcr.io stand-in (ngc-api.md 9, 11.13-19). `GET /v2/` challenges with `Bearer realm="…/proxy_auth",scope=""` (no
 * `service`, as nvcr.io does); repository requests without a token get `scope="repository:NAME:pull"`; once a token
 * has expired the challenge switches realm to authn `/token` with `service="registry",error="invalid_token"`.
 * Manifests are negotiated on `Accept`, carry `Docker-Content-Digest` of the exact bytes, and 451 for EU-restricted
 * repositories. `tags/list` pages with `n`/`last` and a `Link` header.
 */
import type { StoredManifest } from '../catalog/images.js';
import { MEDIA, repoImages } from '../catalog/images.js';
import type { RepoSeed } from '../catalog/types.js';
import type { SimContext } from '../core/context.js';
import { jsonResponse } from '../core/types.js';
import type { SimRequest, SimResponse } from '../core/types.js';
import { cosignArtifacts } from './cosign.js';
import { MOVE_TAG_PATH, moveTagControl, servedTag } from './tagMoves.js';
import { issueRegistryToken } from './registryAuth.js';
import { bearerOf } from '../auth/keys.js';

const API_VERSION = { 'docker-distribution-api-version': 'registry/2.0' };

function registryError(
    status: number,
    code: string,
    message: string,
    headers: Record<string, string> = {},
): SimResponse {
    return jsonResponse(status, { errors: [{ code, message, detail: null }] }, { ...API_VERSION, ...headers });
}

export function registryHandler(ctx: SimContext): (req: SimRequest) => SimResponse {
    return (req) => {
        const path = req.url.pathname;
        if (path === '/proxy_auth') {
            return issueRegistryToken(ctx, req);
        }
        if (path === MOVE_TAG_PATH) {
            return moveTagControl(ctx, req);
        }
        if (req.method !== 'GET' && req.method !== 'HEAD') {
            return registryError(405, 'UNSUPPORTED', 'The operation is unsupported.');
        }
        if (path === '/v2/' || path === '/v2') {
            return base(ctx, req);
        }
        const manifest = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(path);
        const blob = /^\/v2\/(.+)\/blobs\/([^/]+)$/.exec(path);
        const tags = /^\/v2\/(.+)\/tags\/list$/.exec(path);
        const name = manifest?.[1] ?? blob?.[1] ?? tags?.[1];
        if (name === undefined) {
            return registryError(404, 'NOT_FOUND', 'Not Found');
        }
        const denied = authorize(ctx, req, name);
        if (denied !== undefined) {
            return denied;
        }
        const repo = ctx.catalog.findRepo(name);
        if (repo === undefined) {
            return registryError(404, 'NAME_UNKNOWN', `repository name not known to registry: ${name}`);
        }
        if (manifest?.[2] !== undefined) {
            return getManifest(ctx, req, repo, servedTag(ctx, name, manifest[2]));
        }
        if (blob?.[2] !== undefined) {
            return getBlob(ctx, repo, blob[2]);
        }
        return listTags(ctx, req, repo, name);
    };
}

function challenge(ctx: SimContext, scope: string, extra = ''): Record<string, string> {
    return { 'www-authenticate': `Bearer realm="http://${ctx.urls.registry}/proxy_auth",scope="${scope}"${extra}` };
}

function expiredChallenge(ctx: SimContext): Record<string, string> {
    return { 'www-authenticate': `Bearer realm="${ctx.urls.auth}/token",service="registry",error="invalid_token"` };
}

function base(ctx: SimContext, req: SimRequest): SimResponse {
    const token = bearerOf(req.headers.authorization);
    const lookup = token === undefined ? undefined : ctx.tokens.lookup(token);
    if (lookup?.status === 'valid' && lookup.token.service === 'registry') {
        return jsonResponse(200, {}, API_VERSION);
    }
    if (lookup?.status === 'expired') {
        return registryError(401, 'UNAUTHORIZED', 'token expired', expiredChallenge(ctx));
    }
    return registryError(401, 'UNAUTHORIZED', 'authentication required', challenge(ctx, ''));
}

function authorize(ctx: SimContext, req: SimRequest, name: string): SimResponse | undefined {
    const scope = `repository:${name}:pull`;
    const token = bearerOf(req.headers.authorization);
    const lookup = token === undefined ? undefined : ctx.tokens.lookup(token);
    if (lookup?.status === 'expired') {
        return registryError(401, 'UNAUTHORIZED', 'token expired', expiredChallenge(ctx));
    }
    if (lookup?.status !== 'valid' || lookup.token.service !== 'registry') {
        return registryError(401, 'UNAUTHORIZED', 'authentication required', challenge(ctx, scope));
    }
    if (!lookup.token.repositories.includes(name)) {
        if (lookup.token.key === undefined) {
            return registryError(
                401,
                'UNAUTHORIZED',
                'authentication required',
                challenge(ctx, scope, ',error="insufficient_scope"'),
            );
        }
        return registryError(403, 'DENIED', `requested access to the resource is denied: ${name}`);
    }
    return undefined;
}

const INDEX_TYPES: string[] = [MEDIA.dockerList, MEDIA.ociIndex];

function manifestResponse(m: StoredManifest): SimResponse {
    return {
        status: 200,
        headers: {
            ...API_VERSION,
            'content-type': m.mediaType,
            'docker-content-digest': m.digest,
            etag: `"${m.digest}"`,
        },
        body: m.bytes,
    };
}

function getManifest(ctx: SimContext, req: SimRequest, repo: RepoSeed, ref: string): SimResponse {
    if (repo.legalRestricted === true) {
        return registryError(
            451,
            'DENIED',
            'Unavailable For Legal Reasons: this image is not available in your region',
        );
    }
    const images = repoImages(repo);
    const signatures = cosignArtifacts(ctx, repo);
    if (ref.startsWith('sha256:')) {
        const found = images.manifests.get(ref) ?? signatures.manifests.get(ref);
        return found === undefined
            ? registryError(404, 'MANIFEST_UNKNOWN', `manifest unknown: ${ref}`)
            : manifestResponse(found);
    }
    const sig = signatures.tags.get(ref);
    if (sig !== undefined) {
        return manifestResponse(sig);
    }
    const image = images.tags.get(ref);
    if (image === undefined) {
        return registryError(404, 'MANIFEST_UNKNOWN', `manifest unknown: tag ${ref} not found`);
    }
    if (image.platforms.length > 1) {
        const accepted = (req.headers.accept ?? '').split(',').map((t) => t.split(';')[0]?.trim() ?? '');
        if (!accepted.some((t) => INDEX_TYPES.includes(t))) {
            const amd64 = image.platforms.find((p) => p.platform.architecture === 'amd64') ?? image.platforms[0];
            return manifestResponse(amd64?.manifest ?? image.top);
        }
    }
    return manifestResponse(image.top);
}

function getBlob(ctx: SimContext, repo: RepoSeed, digest: string): SimResponse {
    const bytes = repoImages(repo).blobs.get(digest) ?? cosignArtifacts(ctx, repo).blobs.get(digest);
    if (bytes === undefined) {
        return registryError(404, 'BLOB_UNKNOWN', `blob unknown to registry: ${digest}`);
    }
    return {
        status: 200,
        headers: {
            ...API_VERSION,
            'content-type': 'application/octet-stream',
            'docker-content-digest': digest,
            etag: `"${digest}"`,
        },
        body: bytes,
    };
}

function listTags(ctx: SimContext, req: SimRequest, repo: RepoSeed, name: string): SimResponse {
    const all = [...repo.tags, ...cosignArtifacts(ctx, repo).tags.keys()].sort();
    if (all.length === 0) {
        return registryError(404, 'NAME_UNKNOWN', `repository has no tags: ${name}`);
    }
    const last = req.url.searchParams.get('last');
    const rawN = Number.parseInt(req.url.searchParams.get('n') ?? '', 10);
    const after = last === null ? all : all.filter((t) => t > last);
    const n = Number.isFinite(rawN) && rawN > 0 ? rawN : after.length;
    const page = after.slice(0, n);
    const headers: Record<string, string> = { ...API_VERSION };
    const lastTag = page[page.length - 1];
    if (page.length < after.length && lastTag !== undefined) {
        headers.link = `</v2/${name}/tags/list?n=${n}&last=${encodeURIComponent(lastTag)}>; rel="next"`;
    }
    return jsonResponse(200, { name, tags: page }, headers);
}
