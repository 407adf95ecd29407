import { Agent } from 'undici';
import { HttpClient } from '../../src/core/http/client';
import { isLoopbackHost } from '../../src/core/http/credentials';
import { NgcClient } from '../../src/core/ngc/client';
import type { CredentialsProvider } from '../../src/core/registry/auth';

/**
 * The NGC registry's credentials (`$oauthtoken` + `key`, or anonymous without one) as the product builds them: from
 * an NgcClient holding the key. `http` defaults to a client whose dispatcher is never used (credentials send nothing).
 * A loopback registry (the simulator's) trusts token realms on its own host name, where the simulator's auth host
 * lives too; the trust rule itself is tested in `test/unit/core/registry/realmTrust.test.ts`.
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
            trustedRealmHosts: isLoopbackHost(registry.replace(/:\d+$/, '')) ? [registry.replace(/:\d+$/, '')] : [],
        },
        apiKey: key,
    });
    return client.registryCredentials(others);
}
