import type { HttpClient } from '../core/http/client';
import type { Log } from '../core/lib/log';
import { NgcClient } from '../core/ngc/client';
import type { NgcEnvironment } from '../core/ngc/endpoints';
import { RegistryClient } from '../core/registry/client';
import { dockerConfigCredentials, readDockerConfig } from '../core/registry/dockerConfig';
import type { CliContext } from './command';

/**
 * The clients of one CLI run, built from its environment: the NGC client takes NGC_API_KEY and is from then on its
 * only holder; the registry client asks it for the NGC registry's credentials and reads `docker login`'s for the
 * others. The environment handed on to commands no longer carries the key.
 */
export function cliClients(
    environment: NgcEnvironment,
    http: HttpClient,
    log: Log,
    processEnv: NodeJS.ProcessEnv,
): Pick<CliContext, 'env' | 'ngc' | 'registry'> {
    const { apiKey, ...env } = environment;
    const ngc = new NgcClient({ http, endpoints: env.endpoints, apiKey, org: env.org, team: env.team, log });
    const registry = new RegistryClient({
        http,
        log,
        credentials: ngc.registryCredentials(dockerConfigCredentials(readDockerConfig(processEnv))),
    });
    return { env, ngc, registry };
}
