import * as vscode from 'vscode';
import { environmentFrom, hostList, type NgcEndpoints } from '../../core/ngc/endpoints';
import type { AgentOptions } from '../../core/http/agent';
import { cosignPublicKeyFileFrom } from './envSettings';
import {
    downloadFolderFrom,
    USER_ONLY_SETTINGS,
    userOnlyText,
    workspaceTriesToSet,
    type DownloadFolder,
} from './settingSources';

/** Everything the extension reads from settings, resolved once per change. */
export interface NgcSettings {
    endpoints: NgcEndpoints;
    org: string | undefined;
    team: string | undefined;
    /** `ngc.download.concurrency`; undefined (the setting's 0) lets the engine choose and adapt. */
    downloadConcurrency: number | undefined;
    /** `ngc.download.destination`, resolved; a workspace's value outside the workspace comes back refused. */
    downloadDestination: DownloadFolder;
    /** `ngc.pull.verifySignature`: check the cosign signature before every pull. */
    pullVerifySignature: boolean;
    proxy: AgentOptions;
    /**
     * The environment these settings were read from, passed explicitly to core functions that take one (the proxy
     * variables of `createDispatcher`, DOCKER_HOST of `DockerDaemon.connect`, the CLI key variables of an import).
     */
    env: NodeJS.ProcessEnv;
    /** `NGC_COSIGN_PUBLIC_KEY`: a PEM file that replaces NGC's published cosign key (mirrors, air-gapped sites). */
    cosignPublicKeyFile: string | undefined;
    /** User-only settings (`ngc.apiUrl`, …) that a workspace set anyway and that were ignored (worth a log line). */
    ignoredWorkspaceSettings: string[];
}

/**
 * Reads `ngc.*` (and VS Code's proxy settings). An endpoint the user did not set explicitly falls back to the same
 * environment variables the CLI reads (NGC_API_URL, …), then to the product default, so the demo and the e2e runner
 * can point a fresh VS Code at the simulator through its environment.
 */
export function readSettings(env: NodeJS.ProcessEnv = process.env): NgcSettings {
    const ngc = vscode.workspace.getConfiguration('ngc');
    const fromEnv = environmentFrom(env);
    const explicit = (key: string): string | undefined => {
        const i = ngc.inspect<string>(key);
        const value = i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
        return typeof value === 'string' && value.trim() !== '' ? value.trim().replace(/\/+$/, '') : undefined;
    };
    // The key goes to these hosts: the user's own settings only (see settingSources.ts).
    const endpoint = (key: string): string | undefined => userOnlyText(ngc.inspect(key))?.replace(/\/+$/, '');
    const http = vscode.workspace.getConfiguration('http');
    const proxyUrl = http.get<string>('proxy')?.trim();
    const noProxy = http.get<string[]>('noProxy');
    return {
        endpoints: {
            apiUrl: endpoint('apiUrl') ?? fromEnv.endpoints.apiUrl,
            authUrl: endpoint('authUrl') ?? fromEnv.endpoints.authUrl,
            registry: (endpoint('registry') ?? fromEnv.endpoints.registry).replace(/^https?:\/\//, ''),
            helmUrl: endpoint('helmUrl') ?? fromEnv.endpoints.helmUrl,
            trustedRealmHosts: trustedRealmHosts(ngc, fromEnv.endpoints.trustedRealmHosts),
        },
        org: explicit('org') ?? fromEnv.org,
        team: explicit('team') ?? fromEnv.team,
        downloadConcurrency: concurrencyOf(ngc.get<number>('download.concurrency')),
        downloadDestination: downloadFolderFrom(
            ngc.inspect('download.destination'),
            vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
        ),
        pullVerifySignature: ngc.get<boolean>('pull.verifySignature') === true,
        proxy: {
            proxyUrl: proxyUrl || undefined,
            noProxy: noProxy && noProxy.length > 0 ? noProxy.join(',') : undefined,
            rejectUnauthorized: http.get<boolean>('proxyStrictSSL') ?? true,
        },
        env,
        cosignPublicKeyFile: cosignPublicKeyFileFrom(env),
        ignoredWorkspaceSettings: USER_ONLY_SETTINGS.filter((key) => workspaceTriesToSet(ngc.inspect(key))).map(
            (key) => `ngc.${key}`,
        ),
    };
}

/** True when a configuration change can alter {@link readSettings}. */
export function affectsSettings(event: vscode.ConfigurationChangeEvent): boolean {
    return event.affectsConfiguration('ngc') || event.affectsConfiguration('http');
}

/** Stores the chosen org/team in the user settings (the status bar and the view title switch them). */
export async function saveOrgTeam(org: string | undefined, team: string | undefined): Promise<void> {
    const ngc = vscode.workspace.getConfiguration('ngc');
    await ngc.update('org', org ?? '', vscode.ConfigurationTarget.Global);
    await ngc.update('team', team ?? '', vscode.ConfigurationTarget.Global);
}

/**
 * `ngc.trustedRealmHosts`: hosts that may receive the NGC key as a registry token service. It decides where the key
 * goes, so only the user's own (global) value counts: a workspace a user merely opened cannot add a host.
 */
function trustedRealmHosts(ngc: vscode.WorkspaceConfiguration, fromEnv: string[] | undefined): string[] | undefined {
    const global = ngc.inspect<string[]>('trustedRealmHosts')?.globalValue;
    const hosts = Array.isArray(global) ? hostList(global.filter((h) => typeof h === 'string').join(',')) : [];
    return hosts.length > 0 ? hosts : fromEnv;
}

function concurrencyOf(value: number | undefined): number | undefined {
    return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? clamp(value, 1, 32) : undefined;
}

function clamp(n: number, min: number, max: number): number {
    return Math.min(max, Math.max(min, Math.round(n)));
}
