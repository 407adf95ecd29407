/**
 * The presigned file host (xfiles.ngc.nvidia.com stand-in, ngc-api.md 5.5, 11.10). S3-like: XML errors, `Range`
 * support with 206/416, `Content-Disposition`, 403 once the signature has expired, and 400 for any request that also
 * carries `Authorization` (a presigned URL must be fetched bare; this catches clients that leak the NGC key).
 */
import path from 'node:path';
import { fileBody } from '../catalog/content.js';
import type { ArtifactKind, ArtifactSeed, VersionSeed } from '../catalog/types.js';
import type { SimContext } from '../core/context.js';
import { textResponse } from '../core/types.js';
import type { SimRequest, SimResponse } from '../core/types.js';
import { signatureObject } from './signatureObject.js';
import { MAX_ZIP_BYTES, zipFiles } from './zip.js';
import { versionSize } from '../catalog/types.js';

const KIND_BY_SEGMENT: Record<string, ArtifactKind> = {
    models: 'model',
    resources: 'resource',
    'helm-charts': 'chart',
};

/** `/xfiles/{models|resources|helm-charts}/{org}[/{team}]/{name}/versions/{v}/(files/{path…}|zip)`. */
export function xfilesPath(kindSegment: string, artifact: string, version: string, rest: string): string {
    return `/xfiles/${kindSegment}/${artifact}/versions/${encodeURIComponent(version)}/${rest}`;
}

export function filesHandler(ctx: SimContext): (req: SimRequest) => Promise<SimResponse> {
    return async (req) => {
        if (req.method !== 'GET' && req.method !== 'HEAD') {
            return s3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
        }
        if (req.headers.authorization !== undefined) {
            return s3Error(
                400,
                'InvalidArgument',
                'Only one auth mechanism allowed: this is a presigned URL; do not send an Authorization header',
            );
        }
        const check = ctx.presigner.check(req.url.pathname, req.url.searchParams);
        if (check === 'invalid') {
            return s3Error(
                403,
                'SignatureDoesNotMatch',
                'The request signature we calculated does not match the signature you provided.',
            );
        }
        if (check === 'expired') {
            return s3Error(403, 'AccessDenied', 'Request has expired');
        }
        const target = locate(ctx, req.segments);
        if (target === undefined) {
            return (
                (await signatureObject(ctx, req.segments)) ??
                s3Error(404, 'NoSuchKey', 'The specified key does not exist.')
            );
        }
        if (target.zip) {
            if (versionSize(target.version) > MAX_ZIP_BYTES) {
                return s3Error(400, 'EntityTooLarge', 'Version too large to zip; download the files individually');
            }
            const zip = await zipFiles(target.version.files);
            return {
                status: 200,
                headers: {
                    'content-type': 'application/zip',
                    'content-disposition': `attachment; filename="${target.artifact.name}_${target.version.version}.zip"`,
                },
                body: zip,
            };
        }
        return serveFile(req, target);
    };
}

interface Target {
    artifact: ArtifactSeed;
    version: VersionSeed;
    zip: boolean;
    filePath: string;
}

function locate(ctx: SimContext, segments: string[]): Target | undefined {
    const [root, kindSegment] = segments;
    const kind = KIND_BY_SEGMENT[kindSegment ?? ''];
    const versionsAt = segments.indexOf('versions', 3);
    if (root !== 'xfiles' || kind === undefined || versionsAt < 0) {
        return undefined;
    }
    const artifact = ctx.catalog.findArtifact(kind, segments.slice(2, versionsAt).join('/'));
    const version = artifact?.versions.find((v) => v.version === segments[versionsAt + 1]);
    if (artifact === undefined || version === undefined) {
        return undefined;
    }
    const tail = segments.slice(versionsAt + 2);
    if (tail.length === 1 && tail[0] === 'zip') {
        return { artifact, version, zip: true, filePath: '' };
    }
    if (tail[0] !== 'files' || tail.length < 2) {
        return undefined;
    }
    return { artifact, version, zip: false, filePath: tail.slice(1).join('/') };
}

function serveFile(req: SimRequest, target: Target): SimResponse {
    const file = target.version.files.find((f) => f.path === target.filePath);
    if (file === undefined) {
        return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
    }
    const headers: Record<string, string> = {
        'content-type': 'application/octet-stream',
        'accept-ranges': 'bytes',
        'content-disposition': `attachment; filename="${path.posix.basename(file.path)}"`,
        'last-modified': new Date(target.version.createdDate).toUTCString(),
        etag: `"sim-${file.seed.toString(16)}-${file.size.toString(16)}"`,
    };
    const range = req.headers.range;
    if (range === undefined) {
        return { status: 200, headers, body: fileBody(file) };
    }
    const parsed = parseRange(range, file.size);
    if (parsed === 'ignore') {
        return { status: 200, headers, body: fileBody(file) };
    }
    if (parsed === 'unsatisfiable') {
        return {
            ...s3Error(416, 'InvalidRange', 'The requested range is not satisfiable'),
            headers: { ...s3Headers(), 'content-range': `bytes */${file.size}` },
        };
    }
    const [start, end] = parsed;
    return {
        status: 206,
        headers: { ...headers, 'content-range': `bytes ${start}-${end}/${file.size}` },
        body: fileBody(file, start, end + 1),
    };
}

/** Parses a single `bytes=a-b`, `bytes=a-` or `bytes=-n` range (inclusive end). Multi-ranges are ignored, like S3. */
export function parseRange(header: string, size: number): [number, number] | 'unsatisfiable' | 'ignore' {
    const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
    if (match === null) {
        return header.includes(',') ? 'ignore' : 'unsatisfiable';
    }
    const [, a = '', b = ''] = match;
    if (a === '' && b === '') {
        return 'unsatisfiable';
    }
    if (a === '') {
        const n = Number(b);
        return n === 0 || size === 0 ? 'unsatisfiable' : [Math.max(0, size - n), size - 1];
    }
    const start = Number(a);
    const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
    if (start >= size || start > end) {
        return 'unsatisfiable';
    }
    return [start, end];
}

function s3Headers(): Record<string, string> {
    return { 'content-type': 'application/xml' };
}

function s3Error(status: number, code: string, message: string): SimResponse {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
    return textResponse(status, xml, 'application/xml');
}
