/**
 * Redirect rules. NGC's file endpoints answer 302/307 with a presigned URL on another host (xfiles.ngc.nvidia.com);
 * that host must never see our `Authorization` (it would leak the key and S3-style hosts reject it). So credentials
 * survive a redirect only when scheme, host and port stay the same.
 */
import { CREDENTIAL_HEADERS } from './credentials';

export const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function sameOrigin(a: string | URL, b: string | URL): boolean {
    return new URL(String(a)).origin === new URL(String(b)).origin;
}

/** Headers to send to `next` after a redirect from `previous`. */
export function headersForRedirect(
    headers: Record<string, string>,
    previous: string | URL,
    next: string | URL,
): Record<string, string> {
    if (sameOrigin(previous, next)) {
        return headers;
    }
    const kept: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
        if (!CREDENTIAL_HEADERS.includes(name.toLowerCase())) {
            kept[name] = value;
        }
    }
    return kept;
}

/** 301/302/303 turn a POST into a GET (as browsers and curl do); 307/308 keep the method. */
export function methodForRedirect(status: number, method: string): string {
    return status === 303 || ((status === 301 || status === 302) && method === 'POST') ? 'GET' : method;
}
