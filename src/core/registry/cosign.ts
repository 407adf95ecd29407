import type { KeyObject } from 'node:crypto';
import type { HttpClient } from '../http/client';
import { HttpError } from '../http/errors';
import { throwIfAborted } from '../lib/abort';
import { nullLog, type Log } from '../lib/log';
import type { RegistryClient, RepositoryTarget } from './client';
import {
    checkSimpleSigning,
    parsePublicKey,
    SIGNATURE_ANNOTATION,
    signatureTagOf,
    SIMPLE_SIGNING_MEDIA_TYPE,
    type CosignFailure,
    type SignatureCheck,
} from './cosignPayload';
import { DigestMismatchError } from './errors';

export type { CosignFailure, SignatureCheck } from './cosignPayload';

/** The outcome of checking an image's cosign signatures: data, not an exception, so callers can show every reason. */
export interface CosignVerification {
    /** True when at least one signature verifies and names {@link digest} (cosign's rule). */
    verified: boolean;
    /** The manifest digest that was checked (the top-level index or manifest the tag resolved to). */
    digest: string;
    /** The `sha256-<hex>.sig` tag that was read. */
    signatureTag: string;
    signatures: SignatureCheck[];
    /** Set when not verified: the most telling failure across all signatures. */
    failure?: CosignFailure;
    /** For people: why it verified, or what failed. */
    reason: string;
}

/** A cosign payload is a few hundred bytes; anything over 1 MiB is not one. */
const MAX_PAYLOAD_BYTES = 1024 * 1024;

/**
 * Verifies NGC's key-based cosign signatures of `digest` in `target` (ngc-api.md §9.4): reads the
 * `sha256-<hex>.sig` manifest from the same repository (a 404 means unsigned), fetches every simple-signing layer
 * (its sha256 is checked against the layer digest), and checks each signature over the exact payload bytes and the
 * digest the payload names. There is no keyless/Rekor path: NVIDIA signs with a key. Registry failures other than
 * the missing signature tag (401, 403, a network error) are thrown for `diagnose()`.
 */
export async function verifyCosignSignatures(
    client: Pick<RegistryClient, 'getManifest' | 'fetchBlob'>,
    target: RepositoryTarget,
    digest: string,
    publicKey: KeyObject,
    options: { signal?: AbortSignal; log?: Log } = {},
): Promise<CosignVerification> {
    const log = options.log ?? nullLog;
    const signatureTag = signatureTagOf(digest);
    const base = { digest, signatureTag };
    let layers;
    try {
        const sig = await client.getManifest(target, signatureTag, options.signal);
        layers = (sig.manifest?.layers ?? []).filter((l) => l.mediaType === SIMPLE_SIGNING_MEDIA_TYPE);
    } catch (error) {
        if (HttpError.is(error, 404)) {
            log.debug(`${target.repository}: no ${signatureTag} (${error.code ?? 'HTTP 404'})`);
            return {
                ...base,
                verified: false,
                signatures: [],
                failure: 'unsigned',
                reason: `${target.repository}@${digest} is not signed (no ${signatureTag} in the registry)`,
            };
        }
        throw error;
    }
    if (layers.length === 0) {
        return {
            ...base,
            verified: false,
            signatures: [],
            failure: 'unsigned',
            reason: `${signatureTag} holds no ${SIMPLE_SIGNING_MEDIA_TYPE} layer, so the image is not signed`,
        };
    }
    const signatures: SignatureCheck[] = [];
    for (const layer of layers) {
        throwIfAborted(options.signal);
        let payload: Buffer;
        try {
            payload = await client.fetchBlob(target, layer.digest, MAX_PAYLOAD_BYTES, options.signal);
        } catch (error) {
            if (DigestMismatchError.is(error)) {
                signatures.push({
                    ok: false,
                    failure: 'badPayload',
                    layerDigest: layer.digest,
                    reason: `the payload blob does not hash to ${layer.digest}`,
                });
                continue;
            }
            throw error;
        }
        const check = checkSimpleSigning(payload, layer.annotations?.[SIGNATURE_ANNOTATION], publicKey, digest);
        signatures.push({ ...check, layerDigest: layer.digest });
    }
    const good = signatures.find((s) => s.ok);
    if (good) {
        return { ...base, verified: true, signatures, reason: good.reason };
    }
    const failure = worstFailure(signatures);
    const first = signatures.find((s) => s.failure === failure);
    return { ...base, verified: false, signatures, failure, reason: first?.reason ?? 'no signature verifies' };
}

/**
 * A signature that verifies but names another digest says more than one that does not verify at all (it proves the
 * key signed something, just not this), so it wins; then a malformed payload; then a bad signature.
 */
function worstFailure(signatures: readonly SignatureCheck[]): CosignFailure {
    const order: CosignFailure[] = ['digestMismatch', 'badPayload', 'badSignature'];
    return order.find((f) => signatures.some((s) => s.failure === f)) ?? 'badSignature';
}

/**
 * NGC's cosign public key: `GET {apiUrl}/v2/catalog/containers/public-key`, served as PEM text without
 * authentication (ngc-api.md §9.4). Parsed by {@link parsePublicKey}, which tolerates the PEM wrapped in JSON.
 */
export async function fetchCosignPublicKey(http: HttpClient, apiUrl: string, signal?: AbortSignal): Promise<KeyObject> {
    const url = `${apiUrl.replace(/\/+$/, '')}/v2/catalog/containers/public-key`;
    const text = await http.text({ url, headers: { accept: 'application/x-pem-file, text/plain, */*' }, signal });
    return parsePublicKey(text, url);
}
