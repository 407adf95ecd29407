import * as vscode from 'vscode';
import type { Dispatcher } from 'undici';
import type { NgcClient } from '../core/ngc/client';
import type { RegistryClient } from '../core/registry/client';
import type { ApiKeyStore } from './auth/apiKeyStore';
import type { CatalogSource, Identity } from '../core/catalog/catalogSource';
import { redactor } from '../core/lib/log';
import type { KeyCheckOutcome } from './auth/keyVerdict';
import { GuestFallbackSource } from './platform/guestFallbackSource';
import { Disposable } from './platform/disposableStore';
import { ConnectionSlot } from './platform/connectionSlot';
import { affectsSettings, readSettings, type NgcSettings } from './platform/config';
import type { ChannelLog } from './platform/log';

interface Connection {
    client: NgcClient;
    source: CatalogSource;
    registry: RegistryClient;
    /** The connection's own undici pool: closed when the connection is replaced or the session disposed. */
    dispatcher: Dispatcher;
}

/**
 * The signed-in state: settings + key → one core client and catalog source, rebuilt when either changes (here or,
 * for the key, in another window). Core modules load on first use, not at activation.
 */
export class Session extends Disposable {
    private readonly changed = this._register(new vscode.EventEmitter<void>());
    /** Fires when the key, endpoints, org or team changed: views reload. */
    readonly onDidChange = this.changed.event;
    private readonly connection = new ConnectionSlot<Connection>(
        () => this.build(),
        (c) => c.dispatcher.close(),
    );
    private current: NgcSettings = readSettings();

    constructor(
        private readonly keys: ApiKeyStore,
        private readonly logs: ChannelLog,
    ) {
        super();
        this.reportIgnored();
        this._register(keys.onDidChange(() => this.reset()));
        this._register(
            vscode.workspace.onDidChangeConfiguration((e) => {
                if (affectsSettings(e)) {
                    this.current = readSettings();
                    this.reportIgnored();
                    this.reset();
                }
            }),
        );
    }

    /** One log line per user-only setting a workspace tried to set (its value is not used). */
    private reportIgnored(): void {
        for (const key of this.current.ignoredWorkspaceSettings) {
            this.logs
                .for('settings')
                .warn(`${key} is set by this workspace and ignored: it is read from your user settings only`);
        }
    }

    get settings(): NgcSettings {
        return this.current;
    }

    async hasKey(): Promise<boolean> {
        return (await this.keys.get()) !== undefined;
    }

    client(): Promise<NgcClient> {
        return this.connect().then((c) => c.client);
    }

    /** A registry client for the NGC registry, with `$oauthtoken` + key when a key is set (anonymous otherwise). */
    registry(): Promise<RegistryClient> {
        return this.connect().then((c) => c.registry);
    }

    source(): Promise<CatalogSource> {
        return this.connect().then((c) => c.source);
    }

    /** Who the key belongs to; undefined for a guest; rejects when the key is refused. */
    async identity(signal?: AbortSignal): Promise<Identity | undefined> {
        return (await this.source()).identity(signal);
    }

    reset(): void {
        this.connection.reset();
        this.changed.fire();
    }

    override dispose(): void {
        this.connection.dispose();
        super.dispose();
    }

    private connect(): Promise<Connection> {
        return this.connection.get();
    }

    /**
     * Looks up who `candidate` is with a throwaway client (own pool, closed after) on the current endpoints and org,
     * before it replaces the stored key: the session and its views are untouched whatever the answer.
     */
    async checkKey(candidate: string, signal?: AbortSignal): Promise<KeyCheckOutcome> {
        redactor.add(candidate);
        const core = await loadCore();
        const dispatcher = core.createDispatcher(this.current.proxy, this.current.env);
        try {
            const client = this.newClient(core, dispatcher, candidate);
            const id = await client.identity(signal);
            return {
                identity: {
                    kind: id.kind,
                    user: id.user,
                    orgs: id.orgs,
                    teams: id.teams,
                    roles: id.roles,
                    products: id.products,
                },
            };
        } catch (error) {
            return { error };
        } finally {
            await dispatcher.close().catch(() => undefined);
        }
    }

    private newClient(core: Core, dispatcher: Dispatcher, apiKey: string | undefined): NgcClient {
        const settings = this.current;
        const http = new core.HttpClient({
            dispatcher,
            log: this.logs.for('http'),
            userAgent: `ngc-explorer-vscode/${vscode.version}`,
        });
        return new core.NgcClient({
            http,
            endpoints: settings.endpoints,
            apiKey,
            org: settings.org,
            team: settings.team,
            log: this.logs.for('ngc'),
        });
    }

    private async build(): Promise<Connection> {
        const core = await loadCore();
        const settings = this.current;
        const apiKey = await this.keys.get();
        const dispatcher = core.createDispatcher(settings.proxy, settings.env);
        try {
            const client = this.newClient(core, dispatcher, apiKey);
            this.logs
                .for('session')
                .info(`connected to ${settings.endpoints.apiUrl} ${apiKey ? 'with a key' : 'as guest'}`);
            const registry = new core.RegistryClient({
                http: client.httpClient,
                credentials: client.registryCredentials(),
                log: this.logs.for('registry'),
            });
            const catalogLog = this.logs.for('catalog');
            const keyed = new core.NgcCatalogSource(client, catalogLog);
            // The public catalog never depends on the key: a refused key (revoked since it was stored) reads it as a
            // guest would, through a keyless client on the same pool, made on first need.
            let guest: CatalogSource | undefined;
            const source = apiKey
                ? new GuestFallbackSource(
                      keyed,
                      () =>
                          (guest ??= new core.NgcCatalogSource(
                              this.newClient(core, dispatcher, undefined),
                              catalogLog,
                          )),
                      catalogLog,
                  )
                : keyed;
            return { client, source, registry, dispatcher };
        } catch (error) {
            await dispatcher.close().catch(() => undefined);
            throw error;
        }
    }
}

type Core = Awaited<ReturnType<typeof loadCore>>;

async function loadCore() {
    const [{ HttpClient }, { createDispatcher }, { NgcClient }, { NgcCatalogSource }, { RegistryClient }] =
        await Promise.all([
            import('../core/http/client.js'),
            import('../core/http/agent.js'),
            import('../core/ngc/client.js'),
            import('../core/catalog/ngcCatalogSource.js'),
            import('../core/registry/client.js'),
        ]);
    return { HttpClient, createDispatcher, NgcClient, NgcCatalogSource, RegistryClient };
}
