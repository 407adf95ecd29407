import { redactor } from '../lib/log';
import type { CredentialsProvider } from '../registry/auth';

/** The `AuthConfig` the Engine API reads from `X-Registry-Auth` (base64url JSON). */
export interface DockerAuthConfig {
    username: string;
    password: string;
    /** The registry `host[:port]` the credentials are for; the daemon refuses to send them elsewhere. */
    serveraddress: string;
}

/**
 * The credentials the daemon gets for one pull, per request: for the NGC registry `$oauthtoken` + the API key
 * (the NGC client's `registryCredentials()`), for other registries whatever the provider returns, and undefined
 * (no `X-Registry-Auth` at all) for anonymous pulls of public images. We never run `docker login` and never read or
 * write `~/.docker/config.json`: the key lives only in this one request header.
 */
export async function dockerAuthFor(
    registry: string,
    credentials: CredentialsProvider | undefined,
): Promise<DockerAuthConfig | undefined> {
    const found = await credentials?.(registry);
    if (!found) {
        return undefined;
    }
    redactor.add(found.password);
    const config = { username: found.username, password: found.password, serveraddress: registry };
    redactor.add(encodeRegistryAuth(config));
    return config;
}

/**
 * `X-Registry-Auth`: URL-safe base64 of the JSON AuthConfig, as the docker CLI sends it (the daemon decodes both
 * alphabets; padding kept). Registered with the redactor so a logged request never shows it.
 */
export function encodeRegistryAuth(config: DockerAuthConfig): string {
    return Buffer.from(JSON.stringify(config)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}
