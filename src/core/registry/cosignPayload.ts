import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { InvalidPublicKeyError } from './errors';

export { InvalidPublicKeyError };

/** The layer media type of a cosign simple-signing payload (`sha256-<hex>.sig` manifests, ngc-api.md §9.4). */
export const SIMPLE_SIGNING_MEDIA_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json';

/** The layer annotation that carries the base64 DER signature over the payload bytes. */
export const SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';

/** `critical.type` of every cosign container image signature (Red Hat simple signing, as cosign writes it). */
export const COSIGN_SIGNATURE_TYPE = 'cosign container image signature';

/** Why one signature (or the image as a whole) did not verify. */
export type CosignFailure = 'unsigned' | 'badSignature' | 'digestMismatch' | 'badPayload';

/** The verdict on one signature layer. */
export interface SignatureCheck {
    ok: boolean;
    /** For people: what was checked, or what failed. */
    reason: string;
    failure?: CosignFailure;
    /** Digest of the payload blob. */
    layerDigest?: string;
    /** `critical.identity.docker-reference` of the payload, when it parsed (informational: mirrors change it). */
    dockerReference?: string;
}

/**
 * The simple-signing payload. cosign writes `optional: null` (or a map of annotations) and may add fields, so only
 * `critical.image.docker-manifest-digest` and `critical.type` are required; `identity` is tolerated when absent.
 */
export const simpleSigningSchema = z.object({
    critical: z.object({
        identity: z.object({ 'docker-reference': z.string().optional() }).nullish(),
        image: z.object({ 'docker-manifest-digest': z.string() }),
        type: z.string(),
    }),
    optional: z.record(z.string(), z.unknown()).nullish(),
});
export type SimpleSigningPayload = z.infer<typeof simpleSigningSchema>;

const PEM_BLOCK = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/;

/**
 * Reads a PEM public key. NGC's `/v2/catalog/containers/public-key` answers plain text (ngc-api.md §9.4); this
 * also accepts the PEM inside a JSON string or object (a proxy that wraps text, a future envelope) by looking for
 * the first `BEGIN PUBLIC KEY` block, with `\n` escapes undone.
 */
export function parsePublicKey(text: string, source: string): KeyObject {
    const unescaped = text.includes('\\n') ? text.replace(/\\n/g, '\n') : text;
    const pem = PEM_BLOCK.exec(unescaped)?.[0];
    if (pem === undefined) {
        throw new InvalidPublicKeyError(source, 'no "BEGIN PUBLIC KEY" block');
    }
    try {
        return createPublicKey({ key: pem, format: 'pem' });
    } catch (error) {
        throw new InvalidPublicKeyError(source, error instanceof Error ? error.message : String(error));
    }
}

/**
 * Checks one simple-signing layer: the signature (base64 DER ECDSA, or whatever the key type verifies) over the
 * exact payload bytes, then that the payload is a cosign image signature naming `expectedDigest`. The signature is
 * checked first, so a payload we could not parse is only reported when it was genuinely signed.
 */
export function checkSimpleSigning(
    payload: Buffer,
    signatureBase64: string | undefined,
    key: KeyObject,
    expectedDigest: string,
): SignatureCheck {
    if (!signatureBase64) {
        return { ok: false, failure: 'badSignature', reason: `the layer has no ${SIGNATURE_ANNOTATION} annotation` };
    }
    const signature = Buffer.from(signatureBase64, 'base64');
    let valid = false;
    try {
        valid = signature.length > 0 && verify('sha256', payload, key, signature);
    } catch {
        valid = false; // a malformed DER signature throws instead of returning false
    }
    if (!valid) {
        return { ok: false, failure: 'badSignature', reason: 'signature does not verify against the public key' };
    }
    let parsed: SimpleSigningPayload;
    try {
        const result = simpleSigningSchema.safeParse(JSON.parse(payload.toString('utf8')));
        if (!result.success) {
            return {
                ok: false,
                failure: 'badPayload',
                reason: `the signed payload is not a simple-signing document (${result.error.issues[0]?.message ?? 'invalid'})`,
            };
        }
        parsed = result.data;
    } catch {
        return { ok: false, failure: 'badPayload', reason: 'the signed payload is not JSON' };
    }
    const dockerReference = parsed.critical.identity?.['docker-reference'];
    const extra = dockerReference === undefined ? {} : { dockerReference };
    if (parsed.critical.type !== COSIGN_SIGNATURE_TYPE) {
        return {
            ok: false,
            failure: 'badPayload',
            reason: `the signed payload has type "${parsed.critical.type}", not "${COSIGN_SIGNATURE_TYPE}"`,
            ...extra,
        };
    }
    const signed = parsed.critical.image['docker-manifest-digest'];
    if (signed !== expectedDigest) {
        return {
            ok: false,
            failure: 'digestMismatch',
            reason: `the signature is for ${signed}, not ${expectedDigest}`,
            ...extra,
        };
    }
    return { ok: true, reason: `signed digest ${signed} verified`, ...extra };
}

/** The cosign signature tag of a digest: `sha256:abc…` → `sha256-abc….sig`. */
export function signatureTagOf(digest: string): string {
    return `${digest.replace(':', '-')}.sig`;
}
