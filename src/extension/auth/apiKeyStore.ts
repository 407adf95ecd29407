import * as vscode from 'vscode';
import { homedir } from 'node:os';
import { readFile } from 'node:fs/promises';
import { redactor, type Log } from '../../core/lib/log';
import { Disposable } from '../platform/disposableStore';
import { findKeyCandidates, maskKey } from './keySources';

/** The one SecretStorage key; nothing else about the key is persisted anywhere. */
export const API_KEY_SECRET = 'ngc.apiKey';

/**
 * The API key, in SecretStorage only. Other windows of the same profile see `secrets.onDidChange` and follow (sign in
 * or out) without a reload. Core never sees the storage: it receives the key value through {@link get}.
 */
export class ApiKeyStore extends Disposable {
    private readonly changed = this._register(new vscode.EventEmitter<void>());
    /** Fires after the key was set, replaced or removed, in this window or another one. */
    readonly onDidChange = this.changed.event;
    private cached: Promise<string | undefined> | undefined;

    constructor(
        private readonly secrets: vscode.SecretStorage,
        private readonly log: Log,
    ) {
        super();
        this._register(
            secrets.onDidChange((e) => {
                if (e.key === API_KEY_SECRET) {
                    this.log.info('the API key changed (this or another window)');
                    this.cached = undefined;
                    this.changed.fire();
                }
            }),
        );
    }

    /** The stored key, or undefined for guest access. */
    get(): Promise<string | undefined> {
        this.cached ??= Promise.resolve(this.secrets.get(API_KEY_SECRET)).then((key) => {
            redactor.add(key);
            return key || undefined;
        });
        return this.cached;
    }

    async set(key: string): Promise<void> {
        redactor.add(key);
        this.cached = Promise.resolve(key);
        await this.secrets.store(API_KEY_SECRET, key);
    }

    async clear(): Promise<void> {
        this.cached = Promise.resolve(undefined);
        await this.secrets.delete(API_KEY_SECRET);
    }

    /** Asks for a key in a password box; the trimmed key, not stored (the caller checks it first). */
    async ask(): Promise<string | undefined> {
        const key = await vscode.window.showInputBox({
            title: 'NGC: Set API Key',
            prompt: 'Paste an NGC API key (generated at ngc.nvidia.com → Setup → API Keys). It is kept in SecretStorage only.',
            placeHolder: 'nvapi-…',
            password: true,
            ignoreFocusOut: true,
            validateInput: (v) =>
                /\s/.test(v.trim()) ? 'An API key has no spaces' : v.trim() === '' ? 'Enter a key' : undefined,
        });
        if (key === undefined || key.trim() === '') {
            return undefined;
        }
        redactor.add(key.trim());
        return key.trim();
    }

    /**
     * Offers keys found in NGC_API_KEY / NGC_CLI_API_KEY or the NGC CLI config; nothing is imported without the user
     * picking it. Returns the picked key and where it came from, not stored (the caller checks it first).
     */
    async offerImport(env: NodeJS.ProcessEnv = process.env): Promise<{ key: string; from: string } | undefined> {
        const candidates = await findKeyCandidates(env, homedir(), (p) => readFile(p, 'utf8').catch(() => undefined));
        if (candidates.length === 0) {
            void vscode.window.showInformationMessage(
                'No NGC API key found in NGC_API_KEY, NGC_CLI_API_KEY or the NGC CLI config (~/.ngc/config or $NGC_CLI_CONFIG_DIR/config).',
            );
            return undefined;
        }
        candidates.forEach((c) => redactor.add(c.key));
        const pick = await vscode.window.showQuickPick(
            candidates.map((c) => ({ label: c.label, description: maskKey(c.key), candidate: c })),
            {
                title: 'Import an NGC API key into SecretStorage',
                placeHolder: 'Choose the key to use',
                ignoreFocusOut: true,
            },
        );
        return pick && { key: pick.candidate.key, from: pick.candidate.label };
    }
}
