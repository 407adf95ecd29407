/**
 * An Azure Container Registry token service stand-in (azure.github.io/acr/AAD-OAuth.html), in front of a registry
 * configured for token auth (a real `docker-registry` in the tests, trusting `certificatePem`):
 * - `POST /oauth2/exchange` (form: `grant_type=access_token`, `service`, `tenant`, `access_token`): an AAD access
 *   token it knows → `{"refresh_token"}` (an ACR refresh token, 3 hours);
 * - `POST /oauth2/token` (form: `grant_type=refresh_token`, `service`, `scope`, `refresh_token`, or
 *   `grant_type=password` with `username`/`password`) → `{"access_token"}`;
 * - `GET /oauth2/token?service&scope` with Basic: an admin user or service principal, or the null-GUID user
 *   `00000000-0000-0000-0000-000000000000` with an ACR refresh token as its password (what `docker login` sends after
 *   `az acr login --expose-token`) → `{"access_token"}`.
 * Access tokens are RS256 JWTs with `kid` = the libtrust key ID of the certificate, the form distribution checks.
 * Anyone who authenticates gets what the scope asks for; anything else is 401 in ACR's error shape.
 */
import { createHash, createPrivateKey, createPublicKey, randomUUID, sign, verify, X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { CloudRequest, CloudResponse } from './cloudTypes.js';

export interface AcrStandInOptions {
    signingKeyPem: string;
    certificatePem: string;
    /** The `issuer` the registry is configured with; default `Azure Container Registry`. */
    issuer?: string;
    /** Admin users and service principals (Basic at `/oauth2/token`). */
    users: { username: string; password: string }[];
    /** AAD access tokens `/oauth2/exchange` accepts. */
    aadTokens: string[];
}

export const ACR_NULL_USER = '00000000-0000-0000-0000-000000000000';
const ACCESS_TTL = 300;
const REFRESH_TTL = 3 * 3600;

export function acrHandler(options: AcrStandInOptions, now: () => number): (req: CloudRequest) => CloudResponse {
    const key = createPrivateKey(options.signingKeyPem);
    const publicKey = createPublicKey(options.signingKeyPem);
    const kid = libtrustKid(
        new X509Certificate(options.certificatePem).publicKey.export({ type: 'spki', format: 'der' }),
    );
    const issuer = options.issuer ?? 'Azure Container Registry';
    const seconds = () => Math.floor(now() / 1000);
    const jwt = (claims: Record<string, unknown>) => {
        const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
        const body = b64url(
            JSON.stringify({ iss: issuer, jti: randomUUID(), nbf: seconds() - 10, iat: seconds(), ...claims }),
        );
        return `${head}.${body}.${sign('sha256', Buffer.from(`${head}.${body}`), key).toString('base64url')}`;
    };
    const access = (subject: string, service: string, scopes: string[]) =>
        json(200, {
            access_token: jwt({ sub: subject, aud: service, exp: seconds() + ACCESS_TTL, access: grants(scopes) }),
        });
    const refreshSubject = (token: string, service: string) =>
        readRefreshToken(token, publicKey, issuer, service, seconds());

    return (req) => {
        const path = req.url.pathname;
        const form = req.method === 'POST' ? new URLSearchParams(req.body.toString('utf8')) : req.url.searchParams;
        const service = form.get('service') ?? '';
        if (req.method === 'POST' && path === '/oauth2/exchange') {
            if (form.get('grant_type') !== 'access_token') {
                return acrError(400, 'UNSUPPORTED', 'grant_type must be access_token');
            }
            const token = form.get('access_token') ?? '';
            if (!service || !options.aadTokens.includes(token)) {
                return acrError(401, 'UNAUTHORIZED', 'the AAD access token is invalid or for another tenant');
            }
            const refresh = jwt({
                sub: 'aad-user',
                aud: service,
                exp: seconds() + REFRESH_TTL,
                grant_type: 'refresh_token',
            });
            return json(200, { refresh_token: refresh });
        }
        if (path !== '/oauth2/token' || (req.method !== 'GET' && req.method !== 'POST')) {
            return acrError(404, 'NOT_FOUND', 'not found');
        }
        const scopes = form.getAll('scope').flatMap((s) => s.split(' '));
        if (req.method === 'POST') {
            const grant = form.get('grant_type');
            if (grant === 'refresh_token') {
                const subject = refreshSubject(form.get('refresh_token') ?? '', service);
                return subject
                    ? access(subject, service, scopes)
                    : acrError(401, 'UNAUTHORIZED', 'invalid refresh token');
            }
            if (grant === 'password') {
                const user = knownUser(options, form.get('username') ?? '', form.get('password') ?? '');
                return user
                    ? access(user, service, scopes)
                    : acrError(401, 'UNAUTHORIZED', 'incorrect username or password');
            }
            return acrError(400, 'UNSUPPORTED', 'grant_type must be refresh_token or password');
        }
        const basic = /^Basic (.+)$/i.exec(req.headers['authorization'] ?? '')?.[1];
        if (basic === undefined) {
            return acrError(401, 'UNAUTHORIZED', 'authentication required');
        }
        const decoded = Buffer.from(basic, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        const [username, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
        const subject =
            username === ACR_NULL_USER ? refreshSubject(password, service) : knownUser(options, username, password);
        return subject
            ? access(subject, service, scopes)
            : acrError(401, 'UNAUTHORIZED', 'incorrect username or password');
    };
}

function knownUser(options: AcrStandInOptions, username: string, password: string): string | undefined {
    return options.users.some((u) => u.username === username && u.password === password) ? username : undefined;
}

/** A refresh token this service issued for `service`, still valid: its subject. */
function readRefreshToken(
    token: string,
    publicKey: KeyObject,
    issuer: string,
    service: string,
    nowSeconds: number,
): string | undefined {
    const [head, body, signature] = token.split('.');
    if (!head || !body || !signature) {
        return undefined;
    }
    if (!verify('sha256', Buffer.from(`${head}.${body}`), publicKey, Buffer.from(signature, 'base64url'))) {
        return undefined;
    }
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    const valid =
        claims['iss'] === issuer &&
        claims['grant_type'] === 'refresh_token' &&
        claims['aud'] === service &&
        typeof claims['exp'] === 'number' &&
        claims['exp'] > nowSeconds;
    return valid && typeof claims['sub'] === 'string' ? claims['sub'] : undefined;
}

/** `repository:NAME:ACTIONS` scopes → distribution's `access` claim. */
function grants(scopes: string[]): { type: string; name: string; actions: string[] }[] {
    return scopes
        .map((s) => /^repository:([^:]+):([\w,*]+)$/.exec(s))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ type: 'repository', name: m[1] ?? '', actions: (m[2] ?? '').split(',') }));
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** libtrust's key ID (what distribution matches `kid` against): base32 of sha256(SPKI DER)[0:30], groups of 4. */
export function libtrustKid(spkiDer: Buffer): string {
    const bits = [...createHash('sha256').update(spkiDer).digest().subarray(0, 30)]
        .map((b) => b.toString(2).padStart(8, '0'))
        .join('');
    let out = '';
    for (let i = 0; i < bits.length; i += 5) {
        out += BASE32[parseInt(bits.slice(i, i + 5), 2)];
    }
    return (out.match(/.{4}/g) ?? []).join(':');
}

const b64url = (text: string) => Buffer.from(text).toString('base64url');

function json(status: number, body: unknown): CloudResponse {
    return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function acrError(status: number, code: string, message: string): CloudResponse {
    return json(status, { errors: [{ code, message, detail: null }] });
}
