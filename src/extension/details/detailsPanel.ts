import * as vscode from 'vscode';
import type { Log } from '../../core/lib/log';
import { refPath, type ArtifactRef } from '../catalog/catalogSource';
import { Disposable } from '../platform/disposableStore';
import type { Session } from '../session';
import type { DetailsPanel } from './detailsController';
import { detailsHtml } from './detailsHtml';

export const DETAILS_VIEW_TYPE = 'ngc.details';

/**
 * One details panel per artifact. Panels are restored after a reload by the serializer (the webview persists only
 * the artifact ref). Messages are validated on receipt; nothing is posted before the webview says `details/ready`.
 */
export class DetailsPanels extends Disposable implements vscode.WebviewPanelSerializer {
    private readonly panels = new Map<string, DetailsPanel>();

    constructor(
        private readonly extensionUri: vscode.Uri,
        private readonly session: Session,
        private readonly log: Log,
    ) {
        super();
        this._register(vscode.window.registerWebviewPanelSerializer(DETAILS_VIEW_TYPE, this));
        this._register(session.onDidChange(() => this.panels.forEach((p) => p.reload())));
    }

    /** Opens (or reveals) the panel of `ref`. */
    async show(ref: ArtifactRef): Promise<void> {
        const clean = pickRef(ref);
        const key = panelKey(clean);
        const existing = this.panels.get(key);
        if (existing) {
            existing.panel.reveal();
            return;
        }
        const panel = vscode.window.createWebviewPanel(DETAILS_VIEW_TYPE, clean.name, vscode.ViewColumn.Active, this.options());
        await this.adopt(panel, clean);
    }

    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        const { panelStateSchema } = await import('../../protocol/details.js');
        const parsed = panelStateSchema.safeParse(state);
        if (!parsed.success) {
            this.log.warn('dropping a details panel whose saved state is not understood');
            panel.dispose();
            return;
        }
        panel.webview.options = this.options();
        await this.adopt(panel, parsed.data.ref);
    }

    private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
        return {
            enableScripts: true,
            retainContextWhenHidden: false,
            localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview')],
        };
    }

    private async adopt(panel: vscode.WebviewPanel, ref: ArtifactRef): Promise<void> {
        const { DetailsPanel } = await import('./detailsController.js');
        const key = panelKey(ref);
        const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
        const uri = (file: string) => panel.webview.asWebviewUri(vscode.Uri.joinPath(root, file)).toString();
        panel.title = ref.name;
        panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'ngc.svg');
        panel.webview.html = detailsHtml({ cspSource: panel.webview.cspSource, script: uri('main.js'), style: uri('main.css'), codicons: uri('codicon.css') });
        const details = new DetailsPanel(panel, ref, this.session, this.log);
        this.panels.set(key, details);
        panel.onDidDispose(() => {
            this.panels.delete(key);
            details.dispose();
        });
    }
}

function panelKey(ref: ArtifactRef): string {
    return `${ref.kind}:${refPath(ref)}`;
}

function pickRef(ref: ArtifactRef): ArtifactRef {
    return ref.team ? { kind: ref.kind, org: ref.org, team: ref.team, name: ref.name } : { kind: ref.kind, org: ref.org, name: ref.name };
}
