import { loadModelTrust as loadTrust, type ModelTrust } from '../../core/modelsign/trustMaterial';
import { UsageError } from '../command';

export type { ModelTrust } from '../../core/modelsign/trustMaterial';

/** Environment: root certificate(s) for model signatures, as a PEM file path or the PEM text itself. */
export const MODEL_SIGNING_ROOT_ENV = 'NGC_MODEL_SIGNING_ROOT';
/** Environment: a model-signing public key, as a PEM file path or the PEM text itself. */
export const MODEL_SIGNING_PUBLIC_KEY_ENV = 'NGC_MODEL_SIGNING_PUBLIC_KEY';

/**
 * The trust for a model signature: `--certificate-chain` (repeatable) and/or `--public-key`, else the
 * NGC_MODEL_SIGNING_ROOT / NGC_MODEL_SIGNING_PUBLIC_KEY environment. With neither, a usage error: nothing is
 * assumed about which anchor NGC models chain to.
 */
export async function loadModelTrust(
    chainArgs: readonly string[],
    publicKeyArg: string | undefined,
    processEnv: NodeJS.ProcessEnv,
): Promise<ModelTrust> {
    const envRoot = processEnv[MODEL_SIGNING_ROOT_ENV]?.trim();
    const envKey = processEnv[MODEL_SIGNING_PUBLIC_KEY_ENV]?.trim();
    const fromArgs = chainArgs.length > 0 || publicKeyArg !== undefined;
    const chains = fromArgs ? chainArgs : envRoot ? [envRoot] : [];
    const keyValue = fromArgs ? publicKeyArg : envKey || undefined;
    if (chains.length === 0 && keyValue === undefined) {
        throw new UsageError(
            `give the signer's root certificate (--certificate-chain PEM) or public key (--public-key PEM), ` +
                `or set ${MODEL_SIGNING_ROOT_ENV} / ${MODEL_SIGNING_PUBLIC_KEY_ENV}`,
        );
    }
    return loadTrust(chains, keyValue);
}
