/** (unit) cosign simple-signing checks and the verifier's verdicts, with keys made by the test. */
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { describe, it } from 'node:test';
import { HttpError } from '../../../../src/core/http/errors';
import type { FetchedManifest, RepositoryTarget } from '../../../../src/core/registry/client';
import { verifyCosignSignatures } from '../../../../src/core/registry/cosign';
import {
    checkSimpleSigning,
    InvalidPublicKeyError,
    parsePublicKey,
    SIGNATURE_ANNOTATION,
    signatureTagOf,
    SIMPLE_SIGNING_MEDIA_TYPE,
} from '../../../../src/core/registry/cosignPayload';
import { DigestMismatchError } from '../../../../src/core/registry/errors';

const good = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const publicKey = good.publicKey;
const DIGEST = `sha256:${'a'.repeat(64)}`;
const target: RepositoryTarget = { registry: '127.0.0.1:5000', repository: 'nvidia/pytorch' };

const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

function payloadFor(digest: string, type = 'cosign container image signature'): Buffer {
    return Buffer.from(
        JSON.stringify({
            critical: {
                identity: { 'docker-reference': 'nvcr.io/nvidia/pytorch' },
                image: { 'docker-manifest-digest': digest },
                type,
            },
            optional: null,
        }),
    );
}

const signWith = (key: KeyObject, payload: Buffer) => sign('sha256', payload, key).toString('base64');

/** A fake registry holding one `.sig` manifest with the given layers and their blobs. */
function fakeRegistry(layers: { payload: Buffer; signature?: string; mediaType?: string; servedBytes?: Buffer }[]) {
    const blobs = new Map<string, Buffer>();
    const manifest = {
        schemaVersion: 2 as const,
        config: { digest: `sha256:${'c'.repeat(64)}` },
        layers: layers.map((l) => {
            const digest = sha256(l.payload);
            blobs.set(digest, l.servedBytes ?? l.payload);
            return {
                mediaType: l.mediaType ?? SIMPLE_SIGNING_MEDIA_TYPE,
                digest,
                size: l.payload.length,
                annotations: (l.signature === undefined ? {} : { [SIGNATURE_ANNOTATION]: l.signature }) as Record<
                    string,
                    string
                >,
            };
        }),
    };
    const asked: string[] = [];
    return {
        asked,
        client: {
            async getManifest(_t: RepositoryTarget, reference: string): Promise<FetchedManifest> {
                asked.push(reference);
                return {
                    digest: 'sha256:x',
                    mediaType: 'application/vnd.oci.image.manifest.v1+json',
                    size: 1,
                    bytes: Buffer.alloc(0),
                    manifest,
                };
            },
            async fetchBlob(_t: RepositoryTarget, digest: string): Promise<Buffer> {
                const bytes = blobs.get(digest);
                assert.ok(bytes, `blob ${digest} exists`);
                if (sha256(bytes) !== digest) {
                    throw new DigestMismatchError('blob', digest, sha256(bytes));
                }
                return bytes;
            },
        },
    };
}

describe('checkSimpleSigning (unit)', () => {
    it('Should accept a signature made by the key over a payload naming the digest', () => {
        const payload = payloadFor(DIGEST);
        const check = checkSimpleSigning(payload, signWith(good.privateKey, payload), publicKey, DIGEST);
        assert.equal(check.ok, true);
        assert.equal(check.dockerReference, 'nvcr.io/nvidia/pytorch');
    });

    it('Should reject a signature made by another key as badSignature', () => {
        const payload = payloadFor(DIGEST);
        const check = checkSimpleSigning(payload, signWith(other.privateKey, payload), publicKey, DIGEST);
        assert.deepEqual([check.ok, check.failure], [false, 'badSignature']);
        assert.match(check.reason, /does not verify/);
    });

    it('Should reject a payload changed by one byte after signing', () => {
        const payload = payloadFor(DIGEST);
        const signature = signWith(good.privateKey, payload);
        const tampered = Buffer.from(payload.toString().replace('"optional":null', '"optional":{}'));
        assert.equal(checkSimpleSigning(tampered, signature, publicKey, DIGEST).failure, 'badSignature');
    });

    it('Should report a genuine signature over another digest as digestMismatch', () => {
        const otherDigest = `sha256:${'b'.repeat(64)}`;
        const payload = payloadFor(otherDigest);
        const check = checkSimpleSigning(payload, signWith(good.privateKey, payload), publicKey, DIGEST);
        assert.equal(check.failure, 'digestMismatch');
        assert.ok(check.reason.includes(otherDigest) && check.reason.includes(DIGEST));
    });

    it('Should reject a signed payload whose type is not a cosign image signature', () => {
        const payload = payloadFor(DIGEST, 'atomic container signature');
        assert.equal(
            checkSimpleSigning(payload, signWith(good.privateKey, payload), publicKey, DIGEST).failure,
            'badPayload',
        );
    });

    it('Should reject a missing or garbage signature annotation without throwing', () => {
        const payload = payloadFor(DIGEST);
        assert.equal(checkSimpleSigning(payload, undefined, publicKey, DIGEST).failure, 'badSignature');
        assert.equal(checkSimpleSigning(payload, 'bm90IGRlcg==', publicKey, DIGEST).failure, 'badSignature');
    });

    it('Should report a signed payload that is not JSON as badPayload', () => {
        const payload = Buffer.from('not json');
        assert.equal(
            checkSimpleSigning(payload, signWith(good.privateKey, payload), publicKey, DIGEST).failure,
            'badPayload',
        );
    });
});

describe('parsePublicKey (unit)', () => {
    const pem = good.publicKey.export({ type: 'spki', format: 'pem' }).toString();

    it('Should read PEM text, and PEM inside a JSON string with escaped newlines', () => {
        assert.equal(parsePublicKey(pem, 'test').asymmetricKeyType, 'ec');
        const wrapped = JSON.stringify({ publicKey: pem });
        assert.equal(parsePublicKey(wrapped, 'test').asymmetricKeyType, 'ec');
    });

    it('Should throw InvalidPublicKeyError naming the source for text without a key', () => {
        assert.throws(
            () => parsePublicKey('<html>login</html>', 'https://api/x'),
            (e: unknown) => InvalidPublicKeyError.is(e) && /https:\/\/api\/x/.test(e.message),
        );
        const broken = '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----';
        assert.throws(() => parsePublicKey(broken, 'file'), InvalidPublicKeyError);
    });
});

describe('verifyCosignSignatures (unit)', () => {
    it('Should read the sha256-<hex>.sig tag and verify when one layer is good', async () => {
        const payload = payloadFor(DIGEST);
        const registry = fakeRegistry([{ payload, signature: signWith(good.privateKey, payload) }]);
        const result = await verifyCosignSignatures(registry.client, target, DIGEST, publicKey);
        assert.deepEqual(registry.asked, [`sha256-${'a'.repeat(64)}.sig`]);
        assert.equal(result.verified, true);
        assert.equal(result.failure, undefined);
        assert.equal(result.signatures.length, 1);
    });

    it('Should verify when any one of several signatures is good, and list them all', async () => {
        const payload = payloadFor(DIGEST);
        const registry = fakeRegistry([
            { payload: payloadFor(DIGEST, 'other'), signature: signWith(other.privateKey, payload) },
            { payload, signature: signWith(good.privateKey, payload) },
        ]);
        const result = await verifyCosignSignatures(registry.client, target, DIGEST, publicKey);
        assert.equal(result.verified, true);
        assert.deepEqual(
            result.signatures.map((s) => s.ok),
            [false, true],
        );
    });

    it('Should say unsigned when the signature tag does not exist', async () => {
        const client = {
            getManifest: async () => {
                throw new HttpError({
                    kind: 'status',
                    url: 'http://r/v2/x/manifests/y',
                    status: 404,
                    code: 'MANIFEST_UNKNOWN',
                });
            },
            fetchBlob: async () => Buffer.alloc(0),
        };
        const result = await verifyCosignSignatures(client, target, DIGEST, publicKey);
        assert.deepEqual([result.verified, result.failure], [false, 'unsigned']);
        assert.match(result.reason, /not signed/);
    });

    it('Should rethrow registry failures other than 404 for diagnosis', async () => {
        const client = {
            getManifest: async () => {
                throw new HttpError({ kind: 'status', url: 'http://r/v2/x/manifests/y', status: 401 });
            },
            fetchBlob: async () => Buffer.alloc(0),
        };
        await assert.rejects(verifyCosignSignatures(client, target, DIGEST, publicKey), (e: unknown) =>
            HttpError.is(e, 401),
        );
    });

    it('Should ignore layers of other media types and call a manifest without signature layers unsigned', async () => {
        const payload = payloadFor(DIGEST);
        const registry = fakeRegistry([
            { payload, signature: signWith(good.privateKey, payload), mediaType: 'application/octet-stream' },
        ]);
        const result = await verifyCosignSignatures(registry.client, target, DIGEST, publicKey);
        assert.equal(result.failure, 'unsigned');
    });

    it('Should fail a payload blob whose bytes do not match its digest', async () => {
        const payload = payloadFor(DIGEST);
        const registry = fakeRegistry([
            {
                payload,
                signature: signWith(good.privateKey, payload),
                servedBytes: payloadFor(`sha256:${'f'.repeat(64)}`),
            },
        ]);
        const result = await verifyCosignSignatures(registry.client, target, DIGEST, publicKey);
        assert.equal(result.verified, false);
        assert.equal(result.failure, 'badPayload');
        assert.match(result.reason, /does not hash/);
    });

    it('Should prefer digestMismatch over badSignature as the overall failure', async () => {
        const elsewhere = payloadFor(`sha256:${'d'.repeat(64)}`);
        const forged = payloadFor(DIGEST);
        const registry = fakeRegistry([
            { payload: forged, signature: signWith(other.privateKey, forged) },
            { payload: elsewhere, signature: signWith(good.privateKey, elsewhere) },
        ]);
        const result = await verifyCosignSignatures(registry.client, target, DIGEST, publicKey);
        assert.equal(result.failure, 'digestMismatch');
    });

    it('Should name the signature tag after the digest', () => {
        assert.equal(signatureTagOf(DIGEST), `sha256-${'a'.repeat(64)}.sig`);
    });
});
