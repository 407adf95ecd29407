/**
 * Fetching a model version's OMS signature from NGC, as ngcsdk's `download_version_signature` does (research/
 * next-anchors.md §C.3): only when the version says `isSigned`; `GET …/models/{name}/versions/{v}/signature`
 * answers `{url}`, a presigned URL on the files host (fetched WITHOUT Authorization, like every presigned URL); the
 * body is the Sigstore bundle, saved as `result.sigstore` in the version's folder. The body is bounded and written
 * atomically (temp file, then rename), so a cancelled fetch leaves nothing half-written.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { z } from 'zod';
import { HttpError } from '../http/errors';
import { artifactPath, formatArtifactRef, type ArtifactRef } from '../ngc/artifactRef';
import { getVersion } from '../ngc/artifacts';
import { seg, type NgcClient } from '../ngc/client';
import { MAX_BUNDLE_BYTES } from './bundle';
import { NGC_SIGNATURE_FILE } from './trustMaterial';

/** `{url}`; other fields (requestStatus, future ones) pass. The URL must be http(s). */
const signatureUrlSchema = z.object({ url: z.string().regex(/^https?:\/\//, 'not an http(s) URL') });

export type FetchedSignature = { signed: true; file: string } | { signed: false };

/**
 * Downloads the signature of model `ref` at `version` into `dir/result.sigstore`. `{ signed: false }` when the
 * version is not signed (`isSigned` false, or the signature endpoint answers 404). Other failures throw HttpError
 * for the CLI's diagnosis.
 */
export async function fetchModelSignature(
    client: NgcClient,
    ref: ArtifactRef,
    version: string,
    dir: string,
    signal?: AbortSignal,
): Promise<FetchedSignature> {
    const info = await getVersion(client, 'model', ref, version, { signal });
    if (info.isSigned === false) {
        return { signed: false };
    }
    const apiPath = `${artifactPath('model', ref, !client.hasKey)}/versions/${seg(version)}/signature`;
    let url: string;
    try {
        const body = await client.getJson(apiPath, signatureUrlSchema, {
            signal,
            org: ref.org,
            team: ref.team,
            operation: 'download',
            artifact: formatArtifactRef(ref, version),
        });
        url = body.url;
    } catch (error) {
        if (HttpError.is(error) && error.status === 404) {
            return { signed: false };
        }
        throw error;
    }
    const request = { url, signal, headers: {} };
    const response = await client.httpClient.send(request);
    await client.httpClient.ensureOk(response, request);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
        size += (chunk as Buffer).length;
        if (size > MAX_BUNDLE_BYTES) {
            response.body.destroy();
            throw new Error(
                `the signature of ${formatArtifactRef(ref, version)} is larger than ${MAX_BUNDLE_BYTES} bytes`,
            );
        }
        chunks.push(chunk as Buffer);
    }
    const file = path.join(dir, NGC_SIGNATURE_FILE);
    const temp = `${file}.${randomBytes(4).toString('hex')}.partial`;
    try {
        await writeFile(temp, Buffer.concat(chunks));
        await rename(temp, file);
    } catch (error) {
        await rm(temp, { force: true });
        throw error;
    }
    return { signed: true, file };
}
