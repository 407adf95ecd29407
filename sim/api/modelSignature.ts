/**
 * A model version's OMS signature, as ngcsdk's `download_version_signature` fetches it (research/next-anchors.md
 * §C.3): `GET …/models/{name}/versions/{v}/signature` answers `{url}`, a presigned URL on the files origin whose body
 * is the Sigstore bundle NVIDIA's tooling saves as `result.sigstore`. For an unsigned version the API answers 404
 * (the real status is unconfirmed; ngcsdk checks `isSigned` first and never asks).
 */
import type { ArtifactSeed, VersionSeed } from '../catalog/types.js';
import { fullName } from '../catalog/types.js';
import type { SimContext } from '../core/context.js';
import { apiError, ok } from '../core/envelope.js';
import { textResponse, type SimResponse } from '../core/types.js';
import { xfilesPath } from '../files/filesHost.js';
import { versionSignature } from '../modelSigning/versionSignature.js';

const OBJECT = 'signature/result.sigstore';

/** The API side: `{url}` for a signed version, 404 otherwise. */
export function signatureUrl(ctx: SimContext, artifact: ArtifactSeed, version: VersionSeed): SimResponse {
    if (artifact.kind !== 'model' || version.signing === undefined) {
        return apiError(404, `No signature for version ${version.version}`);
    }
    return ok({ url: ctx.presigner.sign(xfilesPath('models', fullName(artifact), version.version, OBJECT)) });
}

/**
 * The files-origin side: the bundle at `/xfiles/models/{artifact}/versions/{v}/signature/result.sigstore` (the
 * presigned check has already passed); undefined for any other path.
 */
export async function signatureObject(ctx: SimContext, segments: readonly string[]): Promise<SimResponse | undefined> {
    const versionsAt = segments.indexOf('versions', 3);
    if (segments[0] !== 'xfiles' || segments[1] !== 'models' || versionsAt < 0) {
        return undefined;
    }
    if (segments.slice(versionsAt + 2).join('/') !== OBJECT) {
        return undefined;
    }
    const artifact = ctx.catalog.findArtifact('model', segments.slice(2, versionsAt).join('/'));
    const version = artifact?.versions.find((v) => v.version === segments[versionsAt + 1]);
    const bundle = artifact && version ? versionSignature(artifact, version) : undefined;
    return bundle === undefined ? undefined : textResponse(200, await bundle, 'application/json');
}
