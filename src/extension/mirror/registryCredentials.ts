import type * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { HttpClient } from '../../core/http/client';
import type { Log } from '../../core/lib/log';
import type { CredentialsProvider } from '../../core/registry/auth';
import { RegistryCredentialStore, type CredentialRecord } from '../../core/registry/credentialStore';
import { readStoredRecords, serialiseRecords, withoutHost, withRecord } from './credentialRecords';

/** The one SecretStorage key for third-party registry credentials (the NGC key has its own). */
export const REGISTRY_CREDENTIALS_SECRET = 'ngc.registryCredentials';

/** Environment variable naming the CLI's credentials file; read after SecretStorage (the demo presets one). */
const CREDENTIALS_ENV = 'NGC_REGISTRY_CREDENTIALS';

/** Where a host's credential comes from, for the pickers. */
export type CredentialOrigin = 'SecretStorage' | 'credentials file' | 'Docker config' | 'none';

/**
 * Registry credentials by exact hostname (DESIGN.md), looked up in order: SecretStorage (what the user added here),
 * the `NGC_REGISTRY_CREDENTIALS` file the CLI reads, then `~/.docker/config.json` (read only). Records are read on
 * every use, so a credential added in another window is used at once; nothing is cached but ECR's 12-hour token.
 */
export class RegistryCredentials {
    private ecrStores = new Map<string, RegistryCredentialStore>();

    constructor(
        private readonly secrets: vscode.SecretStorage,
        private readonly log: Log,
        private readonly env: NodeJS.ProcessEnv = process.env,
    ) {}

    /** The records in SecretStorage. */
    async list(): Promise<CredentialRecord[]> {
        const { records, problem } = readStoredRecords(await this.secrets.get(REGISTRY_CREDENTIALS_SECRET));
        if (problem) {
            this.log.warn(`${problem}; add the credentials again`);
        }
        return records;
    }

    async add(record: CredentialRecord): Promise<void> {
        const records = withRecord(await this.list(), record);
        await this.secrets.store(REGISTRY_CREDENTIALS_SECRET, serialiseRecords(records));
        this.ecrStores.delete(record.hostname);
        this.log.info(`stored a ${record.kind} registry credential for ${record.hostname}`);
    }

    async remove(hostname: string): Promise<void> {
        const records = withoutHost(await this.list(), hostname);
        await this.secrets.store(REGISTRY_CREDENTIALS_SECRET, serialiseRecords(records));
        this.ecrStores.delete(hostname.toLowerCase());
        this.log.info(`removed the registry credential for ${hostname}`);
    }

    /** Where the credential for `host` would come from. */
    async originOf(host: string): Promise<CredentialOrigin> {
        const h = host.toLowerCase();
        if ((await this.list()).some((r) => r.hostname === h)) {
            return 'SecretStorage';
        }
        const source = await (await this.fallback()).sourceOf(h);
        return source === 'file' ? 'credentials file' : source === 'docker-config' ? 'Docker config' : 'none';
    }

    /**
     * A CredentialsProvider for registries other than NGC (the NGC client adds its own key for its own registry
     * only). ECR records are exchanged through `http`.
     */
    provider(http: HttpClient): CredentialsProvider {
        return async (registry) => {
            const host = registry.toLowerCase();
            const record = (await this.list()).find((r) => r.hostname === host);
            if (record) {
                return this.storeFor(record, http).provider(host);
            }
            return (await this.fallback(http)).provider(host);
        };
    }

    /** One store per SecretStorage record, kept so an ECR token is exchanged once per 12 hours. */
    private storeFor(record: CredentialRecord, http: HttpClient): RegistryCredentialStore {
        const key = record.hostname;
        const text = serialiseRecords([record]);
        let store = this.ecrStores.get(key);
        if (!store || store.record(key)?.secret !== record.secret) {
            store = new RegistryCredentialStore({ file: { name: 'SecretStorage', text }, http });
            this.ecrStores.set(key, store);
        }
        return store;
    }

    private async fallback(http?: HttpClient): Promise<RegistryCredentialStore> {
        const name = this.env[CREDENTIALS_ENV]?.trim();
        const fileText = name ? await readFile(name, 'utf8').catch(() => undefined) : undefined;
        if (name && fileText === undefined) {
            this.log.warn(`${CREDENTIALS_ENV} names ${name}, which cannot be read; it is ignored`);
        }
        const dockerDir = this.env['DOCKER_CONFIG'] || join(this.env['HOME'] || homedir(), '.docker');
        const dockerConfig = await readFile(join(dockerDir, 'config.json'), 'utf8').catch(() => undefined);
        try {
            return new RegistryCredentialStore({
                file: name && fileText !== undefined ? { name, text: fileText } : undefined,
                dockerConfig,
                http,
            });
        } catch (error) {
            // A broken file must not hide SecretStorage and Docker's config: say why, and go on without it.
            this.log.warn(error instanceof Error ? error.message : String(error));
            return new RegistryCredentialStore({ dockerConfig, http });
        }
    }
}

const stores = new WeakMap<vscode.SecretStorage, RegistryCredentials>();

/** The one instance per extension (commands get the ExtensionContext; this keeps ECR tokens between runs). */
export function registryCredentialsFor(secrets: vscode.SecretStorage, log: Log): RegistryCredentials {
    let store = stores.get(secrets);
    if (!store) {
        store = new RegistryCredentials(secrets, log);
        stores.set(secrets, store);
    }
    return store;
}
