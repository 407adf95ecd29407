import * as vscode from 'vscode';
import { identityStateOf, type IdentityState } from './auth/identityState';
import { Disposable } from './platform/disposableStore';
import type { Session } from './session';

/**
 * `$(organization) acme/vision` (click: switch org/team) or `NGC: guest`; keeps the `ngc.signedIn` context key that
 * the view title menus use, and the tree view's description. Nothing is looked up until {@link start} (activate calls
 * it when the catalog view is first visible) or the session changes: asking who the key is loads the HTTP core and
 * goes to the network, which no first paint of the editor needs. Until then the item is hidden.
 */
export class NgcStatusBar extends Disposable {
    private readonly item = this._register(
        vscode.window.createStatusBarItem('ngc.org', vscode.StatusBarAlignment.Left, 20),
    );
    /** Settles after the first identity lookup, whenever {@link start} or a session change runs it. */
    readonly ready: Promise<void>;
    private first: (() => void) | undefined;
    private started = false;
    private retryTimer: ReturnType<typeof setTimeout> | undefined;
    private retryMs = RETRY_FIRST_MS;
    private last: IdentityState | undefined;
    private generation = 0;

    constructor(
        private readonly session: Session,
        private readonly onIdentity: (state: IdentityState) => void,
    ) {
        super();
        this.item.name = 'NGC org / team';
        this.ready = new Promise((resolve) => (this.first = resolve));
        this._register({ dispose: () => clearTimeout(this.retryTimer) });
        this._register(
            session.onDidChange(() => {
                this.started = true;
                void this.update();
            }),
        );
    }

    /** Runs the first identity lookup, once; later ones follow session changes. */
    start(): Promise<void> {
        if (!this.started) {
            this.started = true;
            void this.update();
        }
        return this.ready;
    }

    /** Looks again now if NGC could not be reached last time (the view was refreshed: Retry, the status item). */
    retryIfUnreachable(): void {
        if (this.last?.kind === 'unreachable') {
            void this.update();
        }
    }

    async update(): Promise<void> {
        try {
            await this.lookUp();
        } finally {
            this.first?.();
            this.first = undefined;
        }
    }

    private async lookUp(): Promise<void> {
        clearTimeout(this.retryTimer);
        // Lookups can overlap (a session change and a refresh): only the latest one's answer is shown.
        const generation = ++this.generation;
        let state: IdentityState;
        try {
            state = identityStateOf({ identity: await this.session.identity() });
        } catch (error) {
            state = identityStateOf({ error });
        }
        if (this.isDisposed || generation !== this.generation) {
            return;
        }
        clearTimeout(this.retryTimer);
        const { org, team } = this.session.settings;
        await vscode.commands.executeCommand('setContext', 'ngc.signedIn', state.kind !== 'guest');
        switch (state.kind) {
            case 'refused':
                this.item.text = '$(warning) NGC: key refused';
                this.item.tooltip = `${state.title}. Click to set another key.`;
                this.item.command = 'ngc.auth.setApiKey';
                break;
            case 'unreachable':
                // Says nothing about the key: it is kept. Look again on a timer; the click retries the view now.
                this.item.text = '$(debug-disconnect) NGC: not reachable';
                this.item.tooltip = `${state.title}. Your API key is kept. Click to retry.`;
                this.item.command = { command: 'ngc.catalog.refresh', title: 'Retry' };
                this.retryTimer = setTimeout(() => void this.update(), this.retryMs);
                this.retryMs = Math.min(this.retryMs * 2, 5 * 60_000);
                break;
            case 'guest':
                this.item.text = '$(globe) NGC: guest';
                this.item.tooltip = 'Browsing the public catalog. Click to set an API key.';
                this.item.command = 'ngc.auth.setApiKey';
                break;
            case 'signedIn': {
                const { identity } = state;
                const current = org ?? identity.orgs[0];
                this.item.text = `$(organization) ${current ?? 'NGC'}${team ? `/${team}` : ''}`;
                this.item.tooltip = `NGC ${identity.kind} key${identity.user?.name ? ` of ${identity.user.name}` : ''}. Click to switch org/team.`;
                this.item.command = 'ngc.org.switch';
                break;
            }
        }
        if (state.kind !== 'unreachable') {
            this.retryMs = RETRY_FIRST_MS;
        }
        this.last = state;
        this.item.show();
        this.onIdentity(state);
    }
}

/** The first look again after NGC could not be reached; doubled each time up to 5 minutes. */
const RETRY_FIRST_MS = 30_000;
