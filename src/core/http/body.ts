import type { Readable } from 'node:stream';
import type { z } from 'zod';
import { HttpError } from './errors';

interface BodyResponse {
    status: number;
    url: string;
    headers: Record<string, string>;
    text(): Promise<string>;
}

/**
 * Reads a whole body as UTF-8, but never more than `limit` bytes: a 200 MB "JSON" answer or an endless chunked one
 * fails as a `format` HttpError naming the limit (checked against `Content-Length` first, then while reading), and
 * the connection is closed rather than drained.
 */
export async function readCapped(
    stream: Readable,
    limit: number,
    where: { url: string; method: string; headers: Record<string, string> },
): Promise<string> {
    const tooLarge = () => {
        stream.destroy();
        return new HttpError({
            kind: 'format',
            url: where.url,
            method: where.method,
            description: `the answer is larger than ${formatLimit(limit)}, the limit for one API answer`,
        });
    };
    const declared = Number(where.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
        throw tooLarge();
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream) {
        const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
        size += buffer.length;
        if (size > limit) {
            throw tooLarge();
        }
        chunks.push(buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
}

function formatLimit(bytes: number): string {
    return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

/** How much of a bad body we quote in an error: enough to recognise an HTML login page, not a whole document. */
const SNIPPET = 120;

/**
 * Parses a 2xx body as JSON and validates it. A proxy or captive portal answering HTML, a truncated body, or a
 * shape the schema rejects all become an HttpError of kind `format` naming the first bad field, never a crash.
 */
export async function parseJsonBody<S extends z.ZodType>(
    response: BodyResponse,
    schema: S,
    method: string,
): Promise<z.infer<S>> {
    const text = await response.text();
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        const type = response.headers['content-type'] ?? 'unknown type';
        const looksHtml = /^\s*</.test(text);
        throw new HttpError({
            kind: 'format',
            url: response.url,
            method,
            status: response.status,
            description: looksHtml
                ? `expected JSON but got an HTML page (${type}); a proxy or login page may be in the way`
                : `expected JSON but got ${text.length === 0 ? 'an empty body' : `"${text.slice(0, SNIPPET)}"`} (${type})`,
        });
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
        throw new HttpError({
            kind: 'format',
            url: response.url,
            method,
            status: response.status,
            requestId: requestIdOf(value),
            description: `field ${where}: ${issue?.message ?? 'invalid'}`,
        });
    }
    return parsed.data;
}

/** Reads NGC's `requestStatus` envelope, a registry `errors[]` array, or problem+json from an error body. */
export async function readErrorDetails(
    response: BodyResponse,
): Promise<{ code?: string; description?: string; requestId?: string }> {
    let text = '';
    try {
        text = await response.text();
    } catch {
        return {};
    }
    try {
        const body = JSON.parse(text) as Record<string, unknown>;
        const status = body['requestStatus'] as Record<string, unknown> | undefined;
        if (status && typeof status === 'object') {
            return {
                code: str(status['statusCode']),
                description: str(status['statusDescription']),
                requestId: requestIdOf(body),
            };
        }
        const errors = body['errors'];
        if (Array.isArray(errors) && errors[0] && typeof errors[0] === 'object') {
            const first = errors[0] as Record<string, unknown>;
            return { code: str(first['code']), description: str(first['message']) };
        }
        return { description: str(body['detail']) ?? str(body['title']) ?? str(body['error']) ?? str(body['message']) };
    } catch {
        return /^\s*</.test(text) ? { description: 'the server answered with an HTML page' } : {};
    }
}

/** NGC spells it `requestId` (fixtures, Go SDK) or `requestID` (NVIDIA's Java stub): accept both. */
export function requestIdOf(body: unknown): string | undefined {
    if (!body || typeof body !== 'object') {
        return undefined;
    }
    const status = (body as Record<string, unknown>)['requestStatus'];
    if (!status || typeof status !== 'object') {
        return undefined;
    }
    const s = status as Record<string, unknown>;
    return str(s['requestId']) ?? str(s['requestID']);
}

function str(value: unknown): string | undefined {
    return typeof value === 'string' && value.length > 0 ? value : undefined;
}
