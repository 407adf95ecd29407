import * as vscode from 'vscode';
import type { Identity } from '../core/catalog/catalogSource';
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

    constructor(
        private readonly session: Session,
        private readonly onIdentity: (identity: Identity | undefined, error: boolean) => void,
    ) {
        super();
        this.item.name = 'NGC org / team';
        this.ready = new Promise((resolve) => (this.first = resolve));
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

    async update(): Promise<void> {
        try {
            await this.lookUp();
        } finally {
            this.first?.();
            this.first = undefined;
        }
    }

    private async lookUp(): Promise<void> {
        let identity: Identity | undefined;
        let failed = false;
        try {
            identity = await this.session.identity();
        } catch {
            failed = true;
        }
        const { org, team } = this.session.settings;
        await vscode.commands.executeCommand('setContext', 'ngc.signedIn', identity !== undefined || failed);
        if (failed) {
            this.item.text = '$(warning) NGC: key refused';
            this.item.tooltip = 'The API key was refused. Click to set another.';
            this.item.command = 'ngc.auth.setApiKey';
        } else if (!identity) {
            this.item.text = '$(globe) NGC: guest';
            this.item.tooltip = 'Browsing the public catalog. Click to set an API key.';
            this.item.command = 'ngc.auth.setApiKey';
        } else {
            const current = org ?? identity.orgs[0];
            this.item.text = `$(organization) ${current ?? 'NGC'}${team ? `/${team}` : ''}`;
            this.item.tooltip = `NGC ${identity.kind} key${identity.user?.name ? ` of ${identity.user.name}` : ''}. Click to switch org/team.`;
            this.item.command = 'ngc.org.switch';
        }
        this.item.show();
        this.onIdentity(identity, failed);
    }
}
