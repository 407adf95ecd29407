/** The files origin's side of a model version's OMS signature (the API side is `sim/api/modelSignature.ts`). */
import type { SimContext } from '../core/context.js';
import { textResponse, type SimResponse } from '../core/types.js';
import { versionSignature } from '../modelSigning/versionSignature.js';

/** Where the bundle lives below a version on the files origin; NVIDIA's tooling saves it as `result.sigstore`. */
export const SIGNATURE_OBJECT = 'signature/result.sigstore';

/**
 * The files-origin side: the bundle at `/xfiles/models/{artifact}/versions/{v}/signature/result.sigstore` (the
 * presigned check has already passed); undefined for any other path.
 */
export async function signatureObject(ctx: SimContext, segments: readonly string[]): Promise<SimResponse | undefined> {
    const versionsAt = segments.indexOf('versions', 3);
    if (segments[0] !== 'xfiles' || segments[1] !== 'models' || versionsAt < 0) {
        return undefined;
    }
    if (segments.slice(versionsAt + 2).join('/') !== SIGNATURE_OBJECT) {
        return undefined;
    }
    const artifact = ctx.catalog.findArtifact('model', segments.slice(2, versionsAt).join('/'));
    const version = artifact?.versions.find((v) => v.version === segments[versionsAt + 1]);
    const bundle = artifact && version ? versionSignature(artifact, version) : undefined;
    return bundle === undefined ? undefined : textResponse(200, await bundle, 'application/json');
}
