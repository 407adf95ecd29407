import { z } from 'zod';
import type { HttpClient } from '../http/client';
import { HttpError } from '../http/errors';
import { redactor } from '../lib/log';
import { acrExchange, ACR_TOKEN_USERNAME, isAadAccessToken } from './acrAuth';
import type { CredentialsProvider, RegistryCredentials } from './auth';
import { MirrorTargetError } from './copy/errors';
import { dockerConfigCredentials } from './dockerConfig';
import { ecrLogin, ecrRegion } from './ecrAuth';
import { CredentialFileError } from './errors';

export { CredentialFileError };

/** The kinds of third-party registry credential NVIDIA's rules name (DESIGN.md; NVCF third-party registries). */
export const CREDENTIAL_KINDS = ['generic', 'harbor', 'artifactory', 'ecr', 'acr', 'volcengine'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/** `host[:port]`: no scheme, no path, no trailing slash, no userinfo (matched exactly, NVCF's hostname rule). */
const HOSTNAME =
    /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d{1,5})?$|^\[[0-9a-f:.]+\](?::\d{1,5})?$/;

/**
 * One record of the `NGC_REGISTRY_CREDENTIALS` file. Unknown fields are ignored (the extension may add its own);
 * the hostname and secret are strict. `endpoint` overrides the ECR API endpoint (tests, GovCloud, VPC endpoints), or
 * for ACR the origin of its `/oauth2/exchange` (default `https://<hostname>`).
 */
const recordSchema = z.object({
    hostname: z
        .string()
        .transform((h) => h.trim().toLowerCase())
        .refine((h) => HOSTNAME.test(h), { message: 'must be host[:port] only: no scheme, path or trailing slash' }),
    secret: z.string().min(1, { message: 'is empty' }),
    kind: z.enum(CREDENTIAL_KINDS).default('generic'),
    description: z.string().optional(),
    endpoint: z.string().url().optional(),
});
export type CredentialRecord = z.infer<typeof recordSchema>;

/**
 * Parses the text of a credentials file: a JSON array of `{hostname, secret, kind}` where `secret` is base64 of
 * `username:password` (for ECR: `ACCESS_KEY_ID:SECRET_ACCESS_KEY`). Harbor robot names (`robot$project+name`) need no
 * escaping here: the file is JSON, never a shell line. The first record for a host wins.
 */
export function parseCredentialFile(text: string, file: string): Map<string, CredentialRecord> {
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch {
        throw new CredentialFileError(file, 'is not JSON');
    }
    const list = Array.isArray(raw) ? raw : undefined;
    if (!list) {
        throw new CredentialFileError(file, 'must be a JSON array of {"hostname", "secret", "kind"} records');
    }
    const records = new Map<string, CredentialRecord>();
    list.forEach((item, i) => {
        const parsed = recordSchema.safeParse(item);
        if (!parsed.success) {
            const issue = parsed.error.issues[0];
            const field = issue?.path.join('.') || 'record';
            throw new CredentialFileError(file, `record ${i + 1}: ${field} ${issue?.message ?? 'is invalid'}`);
        }
        if (decodeSecret(parsed.data.secret) === undefined) {
            throw new CredentialFileError(
                file,
                `record ${i + 1} (${parsed.data.hostname}): secret must be base64 of username:password`,
            );
        }
        if (!records.has(parsed.data.hostname)) {
            records.set(parsed.data.hostname, parsed.data);
        }
    });
    return records;
}

/** base64 `username:password` → the pair; undefined when not base64 or without a non-empty username and password. */
export function decodeSecret(secret: string): RegistryCredentials | undefined {
    const clean = secret.trim();
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(clean)) {
        return undefined;
    }
    const decoded = Buffer.from(clean, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0 || colon === decoded.length - 1) {
        return undefined;
    }
    const credentials = { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    redactor.add(credentials.password);
    redactor.add(clean);
    return credentials;
}

export interface CredentialStoreOptions {
    /** Text of the `NGC_REGISTRY_CREDENTIALS` file, with its name for messages. */
    file?: { name: string; text: string };
    /** Text of `~/.docker/config.json` (read only, never written). */
    dockerConfig?: string;
    /** For ECR's token exchange. */
    http?: HttpClient;
    now?: () => number;
}

/** Where the credential for a host comes from. */
export type CredentialSource = 'file' | 'docker-config' | 'none';

/**
 * Third-party registry credentials by exact hostname (DESIGN.md): the credentials file first, then
 * `~/.docker/config.json` `auths`, else none (anonymous). ECR records are exchanged for the 12-hour password on
 * first use and again before it expires. {@link provider} is one more CredentialsProvider beside NGC's own.
 */
export class RegistryCredentialStore {
    private readonly records: Map<string, CredentialRecord>;
    private readonly docker: CredentialsProvider;
    private readonly ecrCache = new Map<string, { credentials: RegistryCredentials; expiresAt: number }>();
    private readonly acrCache = new Map<string, { credentials: RegistryCredentials; expiresAt: number }>();

    constructor(private readonly options: CredentialStoreOptions = {}) {
        this.records = options.file ? parseCredentialFile(options.file.text, options.file.name) : new Map();
        this.docker = dockerConfigCredentials(options.dockerConfig);
    }

    /** The record for `host` from the file, if any. */
    record(host: string): CredentialRecord | undefined {
        return this.records.get(host.toLowerCase());
    }

    async sourceOf(host: string): Promise<CredentialSource> {
        if (this.record(host)) {
            return 'file';
        }
        return (await this.docker(host)) ? 'docker-config' : 'none';
    }

    readonly provider: CredentialsProvider = async (host) => {
        const record = this.record(host);
        if (!record) {
            return this.docker(host);
        }
        const pair = decodeSecret(record.secret);
        if (pair && record.kind === 'acr' && pair.username === ACR_TOKEN_USERNAME && isAadAccessToken(pair.password)) {
            return this.acr(record, pair.password);
        }
        if (!pair || record.kind !== 'ecr') {
            return pair;
        }
        return this.ecr(record, pair);
    };

    /**
     * ACR with an Azure AD access token (null-GUID username): exchanged at `/oauth2/exchange` for an ACR refresh
     * token, kept until shortly before it expires. Admin users, service principals and ACR refresh tokens go as they
     * are (Basic, or the refresh-token grant the mirror's session uses).
     */
    private async acr(record: CredentialRecord, aadToken: string): Promise<RegistryCredentials> {
        const now = this.options.now ?? Date.now;
        const cached = this.acrCache.get(record.hostname);
        if (cached && cached.expiresAt - 5 * 60_000 > now()) {
            return cached.credentials;
        }
        if (!this.options.http) {
            throw new Error('an HTTP client is needed for the ACR token exchange');
        }
        const exchanged = await acrExchange({
            http: this.options.http,
            registry: record.hostname,
            accessToken: aadToken,
            endpoint: record.endpoint,
            now,
        }).catch((error: unknown) => {
            throw refused(error, record.hostname, 'the ACR token exchange refused the Azure AD token');
        });
        this.acrCache.set(record.hostname, exchanged);
        return exchanged.credentials;
    }

    private async ecr(record: CredentialRecord, keys: RegistryCredentials): Promise<RegistryCredentials> {
        const now = this.options.now ?? Date.now;
        const cached = this.ecrCache.get(record.hostname);
        if (cached && cached.expiresAt - 5 * 60_000 > now()) {
            return cached.credentials;
        }
        const region = ecrRegion(record.hostname.replace(/:\d+$/, '')) ?? 'us-east-1';
        if (!this.options.http) {
            throw new Error('an HTTP client is needed for the ECR token exchange');
        }
        const login = await ecrLogin({
            http: this.options.http,
            credentials: { accessKeyId: keys.username, secretAccessKey: keys.password },
            region,
            endpoint: record.endpoint,
            now,
        }).catch((error: unknown) => {
            throw refused(error, record.hostname, 'the ECR endpoint refused the IAM access key');
        });
        this.ecrCache.set(record.hostname, login);
        return login.credentials;
    }
}

/**
 * A token exchange that said no (ECR answers 400 `InvalidSignatureException`/`UnrecognizedClientException` for a
 * wrong secret or unknown key id; ACR 401): the target's credential was rejected, so the mirror exits 3 naming the
 * host. Other failures (network, 5xx) pass through.
 */
function refused(error: unknown, host: string, what: string): unknown {
    if (!HttpError.is(error) || error.kind !== 'status' || ![400, 401, 403].includes(error.status ?? 0)) {
        return error;
    }
    const detail = error.description ? ` (${error.description})` : '';
    return new MirrorTargetError(
        'credentialRejected',
        host,
        `${host} rejected the registry credential configured for it: ${what}${detail}`,
        error.status,
        error.code,
    );
}
