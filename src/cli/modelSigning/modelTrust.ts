import { createPublicKey, type KeyObject, type X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ModelCheckError } from '../../core/modelsign/bundle';
import { parseCertificatesPem } from '../../core/modelsign/certificates';
import { CliFailure, ExitCode, UsageError } from '../command';

/** Environment: root certificate(s) for model signatures, as a PEM file path or the PEM text itself. */
export const MODEL_SIGNING_ROOT_ENV = 'NGC_MODEL_SIGNING_ROOT';
/** Environment: a model-signing public key, as a PEM file path or the PEM text itself. */
export const MODEL_SIGNING_PUBLIC_KEY_ENV = 'NGC_MODEL_SIGNING_PUBLIC_KEY';

export interface ModelTrust {
    trustAnchors: X509Certificate[];
    publicKey: KeyObject | undefined;
    /** For people and JSON: where the trust came from (paths, or "NGC_MODEL_SIGNING_ROOT"). */
    sources: string[];
}

/** A value that is either PEM text or a path to a PEM file. */
async function pemFrom(value: string, what: string): Promise<{ text: string; source: string }> {
    if (value.includes('-----BEGIN')) {
        return { text: value, source: `${what} (inline PEM)` };
    }
    try {
        return { text: await readFile(value, 'utf8'), source: value };
    } catch (error) {
        throw new CliFailure(
            `cannot read the ${what} file ${value}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
            ExitCode.failure,
        );
    }
}

/**
 * The trust for a model signature: `--certificate-chain` (repeatable) and/or `--public-key`, else the
 * NGC_MODEL_SIGNING_ROOT / NGC_MODEL_SIGNING_PUBLIC_KEY environment. Public sources do not settle whether NGC
 * model signatures verify by a certificate chain or by a key (research/next-anchors.md §C.3), so both are accepted
 * and nothing is assumed: with neither, this is a usage error.
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
    const trust: ModelTrust = { trustAnchors: [], publicKey: undefined, sources: [] };
    for (const value of chains) {
        const pem = await pemFrom(value, 'certificate chain');
        try {
            trust.trustAnchors.push(...parseCertificatesPem(pem.text, pem.source));
        } catch (error) {
            throw ModelCheckError.is(error) ? new CliFailure(error.message, ExitCode.failure) : error;
        }
        trust.sources.push(pem.source);
    }
    if (keyValue !== undefined) {
        const pem = await pemFrom(keyValue, 'public key');
        try {
            trust.publicKey = createPublicKey({ key: pem.text, format: 'pem' });
        } catch (error) {
            throw new CliFailure(`${pem.source} is not a PEM public key: ${String(error)}`, ExitCode.failure);
        }
        trust.sources.push(pem.source);
    }
    return trust;
}
