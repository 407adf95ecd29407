/**
 * Model signing's typed error that core's failure map (`diagnose/coreErrors.ts`) names, in a module of its own so
 * that the map, which the extension loads at activation, does not load the sigstore bundle parser (zod) with it.
 * `trustMaterial.ts` re-exports it.
 */

/** A root certificate or public key that cannot be read or parsed. */
export class TrustMaterialError extends Error {
    override readonly name = 'TrustMaterialError';
    static is(error: unknown): error is TrustMaterialError {
        return error instanceof TrustMaterialError;
    }
}
