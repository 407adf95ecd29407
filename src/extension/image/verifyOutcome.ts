import type { CosignVerification } from '../../core/registry/cosign';

/** What a signature check means for the user; also the state the tree shows on the tag. */
export type VerifyState = 'verified' | 'unsigned' | 'invalid';

export interface VerifyOutcome {
    state: VerifyState;
    /** `host/repo:tag@sha256:…`: what was checked. */
    reference: string;
    digest: string;
    /** `verified`, `not signed`, `signature does not verify`, …: what the check found, in a few words. */
    summary: string;
    /** One line for the notification: verified / not signed / signature does not verify, and why. */
    message: string;
    /** Each signature's verdict (`sha256:ab12…: signature does not verify`), for the log and the details panel. */
    details: string[];
}

const WHAT_FAILED: Record<NonNullable<CosignVerification['failure']>, string> = {
    unsigned: 'not signed',
    badSignature: 'signature does not verify',
    digestMismatch: 'signed for another image (the signature names a different digest)',
    badPayload: 'signature payload is malformed',
};

/** Turns core's verdict into the words and state the extension shows; pure, so it is unit tested. */
export function describeVerification(reference: string, v: CosignVerification): VerifyOutcome {
    const details = v.signatures.map((s) => `${s.layerDigest ?? 'signature'}: ${s.ok ? 'valid' : s.reason}`);
    if (v.verified) {
        const valid = v.signatures.filter((s) => s.ok).length;
        return {
            state: 'verified',
            reference,
            digest: v.digest,
            summary: 'verified',
            message: `Verified: ${reference} — ${v.reason} (${valid} of ${v.signatures.length} signature${v.signatures.length === 1 ? '' : 's'} valid)`,
            details,
        };
    }
    const failure = v.failure ?? 'badSignature';
    return {
        state: failure === 'unsigned' ? 'unsigned' : 'invalid',
        reference,
        digest: v.digest,
        summary: WHAT_FAILED[failure],
        message: `${capitalise(WHAT_FAILED[failure])}: ${reference} — ${v.reason}`,
        details,
    };
}

/**
 * With `ngc.pull.verifySignature` on: a verified image is pulled; an unsigned one only if the user says "Pull
 * anyway"; a signature that fails is never overridable (it means the image or its signature was tampered with, or
 * the wrong key is configured: both need a person to look, not a button).
 */
export type PullGate = { proceed: true } | { proceed: false; canOverride: boolean; message: string };

export function pullGate(outcome: VerifyOutcome): PullGate {
    switch (outcome.state) {
        case 'verified':
            return { proceed: true };
        case 'unsigned':
            return {
                proceed: false,
                canOverride: true,
                message: `${outcome.reference} is not signed, and ngc.pull.verifySignature asks for a verified signature before pulling.`,
            };
        case 'invalid':
            return {
                proceed: false,
                canOverride: false,
                message:
                    `Refusing to pull ${outcome.reference}: ${outcome.summary} (${outcome.details.join('; ') || outcome.message}). ` +
                    'Check where the image comes from, or the configured public key; this is never overridden.',
            };
    }
}

function capitalise(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
