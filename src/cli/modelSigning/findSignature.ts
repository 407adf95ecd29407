import { signatureCandidates } from '../../core/modelsign/trustMaterial';
import { UsageError } from '../command';

export { NGC_SIGNATURE_FILE as NGC_SIGNATURE_NAME } from '../../core/modelsign/trustMaterial';

/**
 * The signature of a model directory when none is named: `result.sigstore` (NGC), else the one `*.sig` at the top.
 * Undefined when there is none; a usage error when several could be meant.
 */
export async function findSignature(dir: string): Promise<string | undefined> {
    const candidates = await signatureCandidates(dir);
    if (candidates.length > 1) {
        throw new UsageError(
            `${dir} holds several signatures (${candidates.join(', ')}): name one with --signature FILE`,
        );
    }
    return candidates[0];
}
