/**
 * How a tag's signature is labelled, in the tree and in the details panel alike. The catalog API's `signed` flag only
 * says a signature exists; it may not verify (nvidia/badsig). So an API-signed tag reads "signed (unverified)" until
 * a Verify runs in this session, and then says what the check found.
 */
export interface SignatureLabel {
    text: 'signed (unverified)' | 'verified' | 'signature invalid' | 'not signed';
    /** CSS class / colour: ok (green), bad (red), warn (yellow), muted (no verdict yet). */
    tone: 'ok' | 'bad' | 'warn' | 'muted';
    /** Codicon name. */
    icon: string;
}

/** `undefined` for a tag the API does not call signed and nobody checked: nothing to say. */
export function signatureLabel(
    signed: boolean | undefined,
    verification?: { state: 'verified' | 'unsigned' | 'invalid' },
): SignatureLabel | undefined {
    switch (verification?.state) {
        case 'verified':
            return { text: 'verified', tone: 'ok', icon: 'verified-filled' };
        case 'invalid':
            return { text: 'signature invalid', tone: 'bad', icon: 'unverified' };
        case 'unsigned':
            return { text: 'not signed', tone: 'warn', icon: 'warning' };
        case undefined:
            return signed ? { text: 'signed (unverified)', tone: 'muted', icon: 'verified' } : undefined;
    }
}

/** How a model version's signature is labelled in the versions table. */
export interface ModelSignatureLabel {
    text: 'signed' | 'verified' | 'failed';
    tone: 'ok' | 'bad' | 'muted';
    icon: string;
}

/**
 * A model version: "signed" from the API's `isSigned` until a check after a download in this session says
 * "verified" or "failed" (the reason goes beside it). A verdict wins over the flag: a version the API does not call
 * signed but whose folder was checked shows the check. `undefined`: unsigned and unchecked, nothing to say.
 */
export function modelSignatureLabel(
    signed: boolean | undefined,
    verification?: { state: 'verified' | 'failed' },
): ModelSignatureLabel | undefined {
    switch (verification?.state) {
        case 'verified':
            return { text: 'verified', tone: 'ok', icon: 'verified-filled' };
        case 'failed':
            return { text: 'failed', tone: 'bad', icon: 'unverified' };
        case undefined:
            return signed ? { text: 'signed', tone: 'muted', icon: 'verified' } : undefined;
    }
}
