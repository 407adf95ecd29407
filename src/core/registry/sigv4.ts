import { createHash, createHmac } from 'node:crypto';

export interface SigV4Credentials {
    accessKeyId: string;
    secretAccessKey: string;
}

export interface SigV4Request {
    method: string;
    url: URL;
    /** Lowercase names. `host` and `x-amz-date` are added. */
    headers: Record<string, string>;
    body: string;
    region: string;
    service: string;
    /** The signing time (tests pin it). */
    date: Date;
}

const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/**
 * AWS Signature Version 4 (docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html), just enough for
 * ECR's `GetAuthorizationToken`: canonical request → string to sign → HMAC chain of date/region/service. Returns
 * the headers to send, `authorization` included. The secret key never leaves this function.
 */
export function signV4(request: SigV4Request, credentials: SigV4Credentials): Record<string, string> {
    const amzDate = request.date
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
    const day = amzDate.slice(0, 8);
    const headers: Record<string, string> = {
        ...request.headers,
        host: request.url.host,
        'x-amz-date': amzDate,
    };
    const names = Object.keys(headers)
        .map((n) => n.toLowerCase())
        .sort();
    const canonicalHeaders = names.map((n) => `${n}:${(headers[n] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
    const signedHeaders = names.join(';');
    const query = [...request.url.searchParams.entries()]
        .map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`)
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
    const scope = `${day}/${request.region}/${request.service}/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
    const kDate = hmac(`AWS4${credentials.secretAccessKey}`, day);
    const kSigning = hmac(hmac(hmac(kDate, request.region), request.service), 'aws4_request');
    const signature = createHmac('sha256', kSigning).update(toSign, 'utf8').digest('hex');
    return {
        ...headers,
        authorization:
            `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, ` +
            `SignedHeaders=${signedHeaders}, Signature=${signature}`,
    };
}

function encodeRfc3986(text: string): string {
    return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
