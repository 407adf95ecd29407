import { Agent } from 'undici';
import { HttpClient } from '../../src/core/http/client';
import { NgcClient } from '../../src/core/ngc/client';
import type { CredentialsProvider } from '../../src/core/registry/auth';

/**
 * The NGC registry's credentials (`$oauthtoken` + `key`, or anonymous without one) as the product builds them: from
 * an NgcClient holding the key. `http` defaults to a client whose dispatcher is never used (credentials send nothing).
 */
export function ngcRegistryCredentials(
    registry: string,
    key: string | undefined,
    others?: CredentialsProvider,
    http?: HttpClient,
): CredentialsProvider {
    const client = new NgcClient({
        http: http ?? new HttpClient({ dispatcher: new Agent() }),
        endpoints: {
            apiUrl: 'http://127.0.0.1:9',
            authUrl: 'http://127.0.0.1:9',
            registry,
            helmUrl: 'http://127.0.0.1:9',
        },
        apiKey: key,
    });
    return client.registryCredentials(others);
}
