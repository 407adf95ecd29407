/**
 * The trust a model signature is checked against, from the forms users have it in: `--certificate-chain` files,
 * settings and environment variables that hold either a path to a PEM file or the PEM text itself. Public sources do
 * not settle whether NGC model signatures verify by a certificate chain or by a public key (research/next-anchors.md
 * §C.3; NVIDIA's tooling also fetches a models `publicKey.pem`), so both are accepted and neither is assumed.
 */
import { createPublicKey, type KeyObject, type X509Certificate } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { ModelCheckError } from './bundle';
import { parseCertificatesPem } from './certificates';
import { TrustMaterialError } from './errors';

export { TrustMaterialError };

/** The name NVIDIA's tooling gives a downloaded model signature (ngcsdk `download_version_signature`). */
export const NGC_SIGNATURE_FILE = 'result.sigstore';

export interface ModelTrust {
    trustAnchors: X509Certificate[];
    publicKey: KeyObject | undefined;
    /** Where the trust came from (paths, or "… (inline PEM)"), for people and JSON. */
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
        throw new TrustMaterialError(
            `cannot read the ${what} file ${value}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        );
    }
}

/** Loads root certificates (each value a path or PEM text, several certificates per value allowed) and a key. */
export async function loadModelTrust(chains: readonly string[], publicKey: string | undefined): Promise<ModelTrust> {
    const trust: ModelTrust = { trustAnchors: [], publicKey: undefined, sources: [] };
    for (const value of chains) {
        const pem = await pemFrom(value, 'certificate chain');
        try {
            trust.trustAnchors.push(...parseCertificatesPem(pem.text, pem.source));
        } catch (error) {
            throw ModelCheckError.is(error) ? new TrustMaterialError(error.message) : error;
        }
        trust.sources.push(pem.source);
    }
    if (publicKey !== undefined) {
        const pem = await pemFrom(publicKey, 'public key');
        try {
            trust.publicKey = createPublicKey({ key: pem.text, format: 'pem' });
        } catch (error) {
            throw new TrustMaterialError(`${pem.source} is not a PEM public key: ${String(error)}`);
        }
        trust.sources.push(pem.source);
    }
    return trust;
}

/**
 * The signature of a model directory when none is named: `result.sigstore` (NGC), else the `*.sig` files at the top
 * (`model.sig` from model_signing, `skill.oms.sig` from NVIDIA's skills). Returns every candidate; the caller decides
 * what several mean.
 */
export async function signatureCandidates(dir: string): Promise<string[]> {
    const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
    if (names.includes(NGC_SIGNATURE_FILE)) {
        return [path.join(dir, NGC_SIGNATURE_FILE)];
    }
    return names
        .filter((n) => n.endsWith('.sig'))
        .sort()
        .map((n) => path.join(dir, n));
}
