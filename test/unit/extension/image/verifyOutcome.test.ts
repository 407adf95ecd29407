import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CosignVerification } from '../../../../src/core/registry/cosign';
import { describeVerification, pullGate } from '../../../../src/extension/image/verifyOutcome';

const digest = `sha256:${'a'.repeat(64)}`;
const reference = `nvcr.io/nvidia/pytorch:25.03-py3@${digest}`;
const base = { digest, signatureTag: `sha256-${'a'.repeat(64)}.sig` };

function verdict(over: Partial<CosignVerification>): CosignVerification {
    return { ...base, verified: false, signatures: [], reason: 'r', ...over };
}

describe('describeVerification (unit)', () => {
    it('Should say verified with how many signatures are valid', () => {
        const o = describeVerification(
            reference,
            verdict({
                verified: true,
                reason: 'ECDSA signature valid for the digest',
                signatures: [
                    { ok: true, reason: 'ok', layerDigest: 'sha256:1' },
                    {
                        ok: false,
                        failure: 'badSignature',
                        reason: 'signature does not verify',
                        layerDigest: 'sha256:2',
                    },
                ],
            }),
        );
        assert.equal(o.state, 'verified');
        assert.equal(o.summary, 'verified');
        assert.equal(
            o.message,
            `Verified: ${reference} — ECDSA signature valid for the digest (1 of 2 signatures valid)`,
        );
        assert.deepEqual(o.details, ['sha256:1: valid', 'sha256:2: signature does not verify']);
    });

    it('Should say not signed for an image without a signature tag', () => {
        const o = describeVerification(
            reference,
            verdict({ failure: 'unsigned', reason: 'no sha256-….sig in the registry' }),
        );
        assert.equal(o.state, 'unsigned');
        assert.equal(o.message, `Not signed: ${reference} — no sha256-….sig in the registry`);
        assert.deepEqual(o.details, []);
    });

    it('Should say the signature does not verify, with what failed per signature', () => {
        const o = describeVerification(
            reference,
            verdict({
                failure: 'badSignature',
                reason: 'the signature does not verify with the public key',
                signatures: [
                    {
                        ok: false,
                        failure: 'badSignature',
                        reason: 'the signature does not verify with the public key',
                        layerDigest: 'sha256:9',
                    },
                ],
            }),
        );
        assert.equal(o.state, 'invalid');
        assert.equal(o.summary, 'signature does not verify');
        assert.match(
            o.message,
            /^Signature does not verify: nvcr\.io\/nvidia\/pytorch:25\.03-py3@sha256:a+ — the signature does not verify/,
        );
        assert.deepEqual(o.details, ['sha256:9: the signature does not verify with the public key']);
    });

    it('Should tell a signature for another digest apart from a bad one', () => {
        const o = describeVerification(
            reference,
            verdict({ failure: 'digestMismatch', reason: 'payload names sha256:bbb' }),
        );
        assert.equal(o.state, 'invalid');
        assert.match(o.summary, /another image/);
    });
});

describe('pullGate (unit)', () => {
    const outcome = (failure: CosignVerification['failure'], verified = false) =>
        describeVerification(reference, verdict({ verified, failure, reason: 'why' }));

    it('Should let a verified image through', () => {
        assert.deepEqual(pullGate(outcome(undefined, true)), { proceed: true });
    });

    it('Should stop an unsigned image but allow "Pull anyway"', () => {
        const gate = pullGate(outcome('unsigned'));
        assert.equal(gate.proceed, false);
        assert.equal(!gate.proceed && gate.canOverride, true);
        assert.match(!gate.proceed ? gate.message : '', /is not signed.*ngc\.pull\.verifySignature/);
    });

    it('Should refuse every kind of bad signature with no override', () => {
        for (const failure of ['badSignature', 'digestMismatch', 'badPayload'] as const) {
            const gate = pullGate(outcome(failure));
            assert.equal(gate.proceed, false, failure);
            assert.equal(!gate.proceed && gate.canOverride, false, failure);
            assert.match(!gate.proceed ? gate.message : '', /^Refusing to pull /, failure);
        }
    });
});
