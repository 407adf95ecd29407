/**
 * Where credentials may travel. A key or token sent over plain HTTP is readable by anyone on the path, so
 * `Authorization` (and the other credential headers) go over HTTPS only, with one exception: loopback hosts (the
 * simulator, a local mirror on 127.0.0.1:5000), which never leave the machine. A misconfigured `NGC_API_URL=http://…`
 * or a realm/redirect to a plain-HTTP host therefore fails with a clear error instead of leaking the key.
 */

/** Header names that carry credentials (lowercase). */
export const CREDENTIAL_HEADERS: readonly string[] = [
    'authorization',
    'proxy-authorization',
    'cookie',
    'x-registry-auth',
];

/**
 * True for `localhost`, `127.0.0.0/8` and `::1`. Accepts a URL hostname (`[::1]`, brackets kept by WHATWG URL) or a
 * bare host (`::1`).
 */
export function isLoopbackHost(hostname: string): boolean {
    const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** True when `url` may receive credentials: HTTPS anywhere, plain HTTP on loopback only. */
export function mayCarryCredentials(url: URL): boolean {
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

/** True when `headers` hold any credential header with a non-empty value. */
export function hasCredentials(headers: Record<string, string>): boolean {
    return Object.entries(headers).some(
        ([name, value]) => value !== '' && CREDENTIAL_HEADERS.includes(name.toLowerCase()),
    );
}
