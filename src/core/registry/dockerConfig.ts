import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { CredentialsProvider, RegistryCredentials } from './auth';
import { normaliseHost } from './reference';

/**
 * `~/.docker/config.json` as `docker login` writes it: `auths` keyed by `host[:port]`, sometimes by a URL
 * (`https://index.docker.io/v1/`), each with base64 `auth` (`user:password`) or separate `username`/`password`.
 * Entries that live in a credential helper (`credsStore`) have no `auth` and are ignored.
 */
const dockerConfigSchema = z.object({
    auths: z
        .record(
            z.string(),
            z.object({ auth: z.string().optional(), username: z.string().optional(), password: z.string().optional() }),
        )
        .optional(),
});

/**
 * Credentials for registries other than NGC's, from the text of a Docker config file, so `pin --registry
 * mirror.example:5000` works where `docker login mirror.example:5000` was run. Unreadable config → no credentials.
 */
export function dockerConfigCredentials(configText: string | undefined): CredentialsProvider {
    const entries = new Map<string, RegistryCredentials>();
    let parsed: z.infer<typeof dockerConfigSchema> | undefined;
    try {
        parsed = configText ? dockerConfigSchema.parse(JSON.parse(configText)) : undefined;
    } catch {
        parsed = undefined;
    }
    for (const [key, entry] of Object.entries(parsed?.auths ?? {})) {
        const host = normaliseHost(key.replace(/^https?:\/\//, '').replace(/\/.*$/, ''));
        let credentials: RegistryCredentials | undefined;
        if (entry.auth) {
            const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
            const colon = decoded.indexOf(':');
            if (colon > 0) {
                credentials = { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
            }
        } else if (entry.username && entry.password) {
            credentials = { username: entry.username, password: entry.password };
        }
        if (credentials) {
            entries.set(host, credentials);
        }
    }
    return (registry) => entries.get(normaliseHost(registry));
}

/**
 * The text of `$DOCKER_CONFIG/config.json` (default `~/.docker/config.json`) from the environment given, or
 * undefined when there is none. Read only: nothing here ever writes it.
 */
export function readDockerConfig(processEnv: NodeJS.ProcessEnv): string | undefined {
    const dir = processEnv['DOCKER_CONFIG'] || join(homedir(), '.docker');
    try {
        return readFileSync(join(dir, 'config.json'), 'utf8');
    } catch {
        return undefined;
    }
}
