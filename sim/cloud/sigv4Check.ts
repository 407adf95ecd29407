/**
 * Server-side AWS Signature Version 4 check, written from the spec (docs.aws.amazon.com/IAM/latest/UserGuide/
 * create-signed-request.html) and independent of the client's signer: the canonical request is rebuilt from what
 * actually arrived (method, path, query, the headers named in `SignedHeaders`, the body's SHA-256), signed again
 * with the secret this stand-in knows for the access key id, and compared in constant time. Like AWS it refuses an
 * unknown key id, a scope for another region or service, a `host` or `x-amz-date` left unsigned, and a clock more
 * than 15 minutes off.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface SigV4Secret {
    accessKeyId: string;
    secretAccessKey: string;
}

export interface SignedRequest {
    method: string;
    url: URL;
    /** Lowercase names, as node gives them. */
    headers: Record<string, string>;
    body: Buffer;
}

/** Why a request was refused, with the AWS error type it answers with. */
export interface SigV4Refusal {
    type: 'UnrecognizedClientException' | 'InvalidSignatureException' | 'MissingAuthenticationTokenException';
    message: string;
}

const AUTH =
    /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
const MAX_SKEW_MS = 15 * 60_000;

const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** Checks `request` against `secrets`; returns the access key id that signed it, or why it is refused. */
export function checkSigV4(
    request: SignedRequest,
    secrets: readonly SigV4Secret[],
    expect: { region: string; service: string; now: number },
): { accessKeyId: string } | SigV4Refusal {
    const header = request.headers['authorization'];
    if (header === undefined) {
        return { type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' };
    }
    const parts = AUTH.exec(header);
    if (!parts) {
        return { type: 'InvalidSignatureException', message: 'Authorization header is not a valid SigV4 header.' };
    }
    const [, keyId, day, region, service, signedHeaders, signature] = parts as unknown as string[];
    const secret = secrets.find((s) => s.accessKeyId === keyId);
    if (!secret) {
        return {
            type: 'UnrecognizedClientException',
            message: 'The security token included in the request is invalid.',
        };
    }
    if (region !== expect.region || service !== expect.service) {
        return {
            type: 'InvalidSignatureException',
            message: `Credential should be scoped to a valid region and service (${expect.region}/${expect.service}).`,
        };
    }
    const names = (signedHeaders ?? '').split(';');
    if (!names.includes('host') || !names.includes('x-amz-date')) {
        return { type: 'InvalidSignatureException', message: "'Host' and 'X-Amz-Date' must be signed." };
    }
    const amzDate = request.headers['x-amz-date'] ?? '';
    const when = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
    if (!when || amzDate.slice(0, 8) !== day) {
        return { type: 'InvalidSignatureException', message: 'X-Amz-Date does not match the credential scope date.' };
    }
    const signedAt = Date.UTC(+when[1]!, +when[2]! - 1, +when[3]!, +when[4]!, +when[5]!, +when[6]!);
    if (Math.abs(signedAt - expect.now) > MAX_SKEW_MS) {
        return { type: 'InvalidSignatureException', message: 'Signature expired: the request time is too skewed.' };
    }
    const canonicalHeaders = names
        .map((n) => `${n}:${(request.headers[n] ?? '').trim().replace(/\s+/g, ' ')}\n`)
        .join('');
    const query = [...request.url.searchParams.entries()]
        .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
        .sort()
        .join('&');
    const canonical = [
        request.method.toUpperCase(),
        request.url.pathname || '/',
        query,
        canonicalHeaders,
        signedHeaders,
        sha256Hex(request.body),
    ].join('\n');
    const scope = `${day}/${region}/${service}/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
    const kSigning = hmac(
        hmac(hmac(hmac(`AWS4${secret.secretAccessKey}`, day ?? ''), region ?? ''), service ?? ''),
        'aws4_request',
    );
    const expected = createHmac('sha256', kSigning).update(toSign, 'utf8').digest();
    const given = Buffer.from(signature ?? '', 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return {
            type: 'InvalidSignatureException',
            message:
                'The request signature we calculated does not match the signature you provided. ' +
                'Check your AWS Secret Access Key and signing method.',
        };
    }
    return { accessKeyId: secret.accessKeyId };
}

function rfc3986(text: string): string {
    return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
