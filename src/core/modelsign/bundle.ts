/**
 * The Sigstore bundle that carries an OMS signature (`model.sig`, NVIDIA's `skill.oms.sig`, NGC's `result.sigstore`).
 * Parsed strictly where a value is dangerous (base64 fields, one signature) and tolerantly elsewhere: NVIDIA's
 * bundles carry `tlogEntries: []`, other signers add `timestampVerificationData`, and protobuf-JSON writers may omit
 * empty fields.
 */
import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import type { ModelSignCheck, ModelSignFailure } from './result';

/** Bundle media types: v0.1/v0.2 name the version as a parameter, v0.3 in the subtype (sigstore protobuf-specs). */
export const BUNDLE_MEDIA_TYPES = [
    'application/vnd.dev.sigstore.bundle+json;version=0.1',
    'application/vnd.dev.sigstore.bundle+json;version=0.2',
    'application/vnd.dev.sigstore.bundle.v0.3+json',
] as const;

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** A signature file larger than this is refused before parsing (a 100k-file manifest is ~15 MB). */
export const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;

/** Standard or URL-safe base64 (protobuf JSON accepts both), padding optional. */
const base64 = z
    .string()
    .regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'not base64')
    .transform((s) => Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));

const rawCertificate = z.object({ rawBytes: base64 });

const bundleSchema = z.object({
    mediaType: z.string(),
    verificationMaterial: z.object({
        publicKey: z.object({ hint: z.string().optional() }).optional(),
        x509CertificateChain: z.object({ certificates: z.array(rawCertificate).min(1) }).optional(),
        /** v0.3 may carry the leaf alone. */
        certificate: rawCertificate.optional(),
    }),
    dsseEnvelope: z.object({
        payload: base64,
        payloadType: z.string(),
        signatures: z.array(z.object({ sig: base64, keyid: z.string().optional() })),
    }),
});

/** A failed check, thrown inside the verifier and turned into a {@link ModelSignFailure} at its top. */
export class ModelCheckError extends Error {
    override readonly name = 'ModelCheckError';
    constructor(readonly failure: ModelSignFailure) {
        super(failure.message);
    }
    static is(error: unknown): error is ModelCheckError {
        return error instanceof ModelCheckError;
    }
}

export function fail(check: ModelSignCheck, message: string, extra: Partial<ModelSignFailure> = {}): never {
    throw new ModelCheckError({ check, message, ...extra });
}

export type VerificationMaterial =
    { kind: 'certificates'; chain: X509Certificate[] } | { kind: 'publicKey'; hint: string | undefined };

export interface ParsedBundle {
    mediaType: string;
    payload: Buffer;
    payloadType: string;
    signature: Buffer;
    material: VerificationMaterial;
}

/**
 * Parses a bundle's text. Fails `bundle` for anything that is not a single-signature DSSE bundle of a known media
 * type; the payload type is kept for the caller to check (`payloadType`) after the signature, as the reference does.
 */
export function parseBundle(text: string): ParsedBundle {
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (error) {
        fail('bundle', `the signature file is not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const parsed = bundleSchema.safeParse(json);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.join('.') || '(top)';
        fail('bundle', `the signature file is not a Sigstore DSSE bundle: ${where}: ${issue?.message ?? 'invalid'}`);
    }
    const bundle = parsed.data;
    if (!(BUNDLE_MEDIA_TYPES as readonly string[]).includes(bundle.mediaType)) {
        fail('bundle', `unknown bundle media type "${bundle.mediaType}"`, {
            expected: BUNDLE_MEDIA_TYPES.join(' | '),
            actual: bundle.mediaType,
        });
    }
    const [first, ...more] = bundle.dsseEnvelope.signatures;
    if (!first || more.length > 0) {
        fail(
            'bundle',
            `the envelope must carry exactly one signature, it has ${bundle.dsseEnvelope.signatures.length}`,
        );
    }
    return {
        mediaType: bundle.mediaType,
        payload: bundle.dsseEnvelope.payload,
        payloadType: bundle.dsseEnvelope.payloadType,
        signature: first.sig,
        material: material(bundle.verificationMaterial),
    };
}

function material(vm: z.infer<typeof bundleSchema>['verificationMaterial']): VerificationMaterial {
    const raw = vm.x509CertificateChain?.certificates ?? (vm.certificate ? [vm.certificate] : undefined);
    if (raw) {
        const chain = raw.map((c, i) => {
            try {
                return new X509Certificate(c.rawBytes);
            } catch (error) {
                return fail('bundle', `certificate ${i} of the bundle is not X.509 DER: ${String(error)}`);
            }
        });
        return { kind: 'certificates', chain };
    }
    if (vm.publicKey) {
        return { kind: 'publicKey', hint: vm.publicKey.hint || undefined };
    }
    return fail('bundle', 'the bundle has no verification material (no certificate chain, no public key)');
}
