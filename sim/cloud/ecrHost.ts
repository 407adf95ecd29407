/**
 * An Amazon ECR API stand-in: `POST /` with `X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken`
 * (AWS JSON 1.1), SigV4-signed with an IAM access key (checked for real, see sigv4Check.ts). The answer is ECR's:
 * `authorizationData[0].authorizationToken` = base64 `AWS:<password>`, `expiresAt` in epoch seconds (12 hours on),
 * `proxyEndpoint`. The password is the one the registry behind it accepts for user `AWS` (a real `docker-registry`
 * with htpasswd in the tests). Errors are AWS JSON: `{"__type": "...", "message": "..."}` with HTTP 400.
 */
import type { CloudRequest, CloudResponse } from './cloudTypes.js';
import { checkSigV4, type SigV4Secret } from './sigv4Check.js';

export interface EcrStandInOptions {
    /** The IAM keys it knows (the tests' "secret" is `secretAccessKey`). */
    accessKeys: SigV4Secret[];
    /** What `GetAuthorizationToken` hands out as the registry password for user `AWS`. */
    registryPassword: string;
    /** The region the credential scope must name; default `us-east-1` (the client's default for non-ECR hosts). */
    region?: string;
    /** `proxyEndpoint` in the answer; default `https://123456789012.dkr.ecr.<region>.amazonaws.com`. */
    proxyEndpoint?: string;
}

const TARGET = 'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken';
const TOKEN_HOURS = 12;

export function ecrHandler(options: EcrStandInOptions, now: () => number): (req: CloudRequest) => CloudResponse {
    const region = options.region ?? 'us-east-1';
    return (req) => {
        if (req.method !== 'POST' || req.url.pathname !== '/') {
            return awsError(404, 'UnknownOperationException', 'Not found');
        }
        const checked = checkSigV4(req, options.accessKeys, { region, service: 'ecr', now: now() });
        if ('type' in checked) {
            return awsError(
                checked.type === 'MissingAuthenticationTokenException' ? 403 : 400,
                checked.type,
                checked.message,
            );
        }
        if (req.headers['x-amz-target'] !== TARGET) {
            return awsError(
                400,
                'UnknownOperationException',
                `unsupported operation ${req.headers['x-amz-target'] ?? ''}`,
            );
        }
        const token = Buffer.from(`AWS:${options.registryPassword}`).toString('base64');
        const body = {
            authorizationData: [
                {
                    authorizationToken: token,
                    expiresAt: Math.floor(now() / 1000) + TOKEN_HOURS * 3600,
                    proxyEndpoint: options.proxyEndpoint ?? `https://123456789012.dkr.ecr.${region}.amazonaws.com`,
                },
            ],
        };
        return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(body) };
    };
}

function awsError(status: number, type: string, message: string): CloudResponse {
    return {
        status,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type },
        body: JSON.stringify({ __type: type, message }),
    };
}
