/**
 * Which token services may receive a registry's credentials (containerd CVE-2020-15157's class): the rule
 * `RegistryAuth` (auth.ts) applies before it sends a key or password to a challenge's realm.
 */

/**
 * Whether a challenge's realm may receive the registry's credentials: a realm on the registry's own host
 * (`host[:port]`, as nvcr.io's `proxy_auth`), or on a host the credentials name (`realmHosts`: an entry with a port
 * matches that port only, one without matches the host name on any port). Anything else is a foreign host.
 */
export function realmTrusted(registry: string, realm: URL, realmHosts: readonly string[]): boolean {
    const host = realm.host.toLowerCase();
    const hostname = realm.hostname.toLowerCase();
    if (host === registry.toLowerCase() || sameDefaultPort(registry, realm)) {
        return true;
    }
    return realmHosts.some((entry) => {
        const wanted = entry.trim().toLowerCase();
        return wanted !== '' && (wanted === host || wanted === hostname);
    });
}

/** `nvcr.io` and `https://nvcr.io:443/…` are the same host. */
function sameDefaultPort(registry: string, realm: URL): boolean {
    const defaultPort = realm.protocol === 'https:' ? '443' : '80';
    return registry.toLowerCase() === `${realm.hostname.toLowerCase()}:${defaultPort}`;
}
