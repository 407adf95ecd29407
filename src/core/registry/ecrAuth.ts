import { z } from 'zod';
import type { HttpClient } from '../http/client';
import { isLoopbackHost } from '../http/credentials';
import { HttpError } from '../http/errors';
import { redactor } from '../lib/log';
import type { RegistryCredentials } from './auth';
import { signV4, type SigV4Credentials } from './sigv4';

/** `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]` → region; undefined for other hosts. */
export function ecrRegion(hostname: string): string | undefined {
    return /^\d{12}\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/.exec(hostname.toLowerCase())?.[1];
}

/**
 * `GetAuthorizationToken`'s answer (AWS JSON 1.1): `authorizationToken` is base64 `AWS:<password>`, `expiresAt` epoch
 * seconds (12 hours on). Tolerant of extra fields; strict that a token is there.
 */
const tokenSchema = z.object({
    authorizationData: z
        .array(
            z.object({
                authorizationToken: z.string().min(1),
                expiresAt: z.number().optional(),
                proxyEndpoint: z.string().optional(),
            }),
        )
        .min(1),
});

export interface EcrLoginOptions {
    http: HttpClient;
    credentials: SigV4Credentials;
    region: string;
    /** The ECR API endpoint; default `https://api.ecr.<region>.amazonaws.com/` (the simulator stands in here). */
    endpoint?: string;
    now?: () => number;
    signal?: AbortSignal;
}

/**
 * Exchanges an IAM access key id and secret for ECR's 12-hour registry password (what `aws ecr get-login-password`
 * prints), signing `GetAuthorizationToken` with SigV4. NVCF's rule: permanent IAM user keys only; STS session keys are
 * refused (`UnrecognizedClientException`) since no session token is sent. Returns Basic `AWS` + password and when to
 * ask again.
 */
export async function ecrLogin(
    options: EcrLoginOptions,
): Promise<{ credentials: RegistryCredentials; expiresAt: number }> {
    const now = options.now ?? Date.now;
    const url = new URL(options.endpoint ?? `https://api.ecr.${options.region}.amazonaws.com/`);
    // SigV4 signs the host, not the scheme: a signed request seen on plain HTTP can be replayed to the real API for
    // five minutes and buys the 12-hour password, which would also come back in clear.
    if (url.protocol !== 'https:' && !isLoopbackHost(url.hostname)) {
        throw new HttpError({
            kind: 'format',
            url: url.toString(),
            description: 'refusing to ask ECR for a registry password over plain HTTP',
        });
    }
    const body = '{}';
    const headers = signV4(
        {
            method: 'POST',
            url,
            headers: {
                'content-type': 'application/x-amz-json-1.1',
                'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken',
            },
            body,
            region: options.region,
            service: 'ecr',
            date: new Date(now()),
        },
        options.credentials,
    );
    delete headers['host'];
    const answer = await options.http.json({ url, method: 'POST', headers, body, signal: options.signal }, tokenSchema);
    const data = answer.authorizationData[0] as z.infer<typeof tokenSchema>['authorizationData'][number];
    const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const password = colon > 0 ? decoded.slice(colon + 1) : '';
    redactor.add(password);
    redactor.add(data.authorizationToken);
    const expiresAt = data.expiresAt !== undefined ? data.expiresAt * 1000 : now() + 12 * 3600_000;
    return { credentials: { username: 'AWS', password }, expiresAt };
}
