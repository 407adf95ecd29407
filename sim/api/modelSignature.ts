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
import type { SimResponse } from '../core/types.js';
import { xfilesPath } from '../files/filesHost.js';
import { SIGNATURE_OBJECT } from '../files/signatureObject.js';

/** The API side: `{url}` for a signed version, 404 otherwise. */
export function signatureUrl(ctx: SimContext, artifact: ArtifactSeed, version: VersionSeed): SimResponse {
    if (artifact.kind !== 'model' || version.signing === undefined) {
        return apiError(404, `No signature for version ${version.version}`);
    }
    return ok({ url: ctx.presigner.sign(xfilesPath('models', fullName(artifact), version.version, SIGNATURE_OBJECT)) });
}
