import * as vscode from 'vscode';
import type { Log } from '../../core/lib/log';
import { formatArtifactRef, type CatalogRef } from '../../core/ngc/artifactRef';
import { Disposable } from '../platform/disposableStore';
import type { Session } from '../session';
import type { DetailsPanel } from './detailsController';
import { detailsHtml } from './detailsHtml';
import type { VerificationLookup } from './detailsModel';
import { PanelRegistry } from './panelRegistry';

export const DETAILS_VIEW_TYPE = 'ngc.details';

/**
 * One details panel per artifact. Panels are restored after a reload by the serializer (the webview persists only
 * the artifact ref). Messages are validated on receipt; nothing is posted before the webview says `details/ready`.
 */
export class DetailsPanels extends Disposable implements vscode.WebviewPanelSerializer {
    private readonly registry = new PanelRegistry<vscode.WebviewPanel>();
    private readonly controllers = new Map<vscode.WebviewPanel, DetailsPanel>();

    constructor(
        private readonly extensionUri: vscode.Uri,
        private readonly session: Session,
        private readonly log: Log,
        /** This session's signature checks (the tree model's), so the panel labels tags as the tree does. */
        private readonly verificationOf: VerificationLookup,
    ) {
        super();
        this._register(vscode.window.registerWebviewPanelSerializer(DETAILS_VIEW_TYPE, this));
        this._register(session.onDidChange(() => this.controllers.forEach((p) => p.reload())));
    }

    /** Opens (or reveals) the panel of `ref`; a second call while the first panel is still being set up reveals it. */
    async show(ref: CatalogRef): Promise<void> {
        const clean = pickRef(ref);
        await this.registry.show(
            panelKey(clean),
            () =>
                vscode.window.createWebviewPanel(
                    DETAILS_VIEW_TYPE,
                    clean.name,
                    vscode.ViewColumn.Active,
                    this.options(),
                ),
            (panel) => this.adopt(panel, clean),
            (panel) => panel.reveal(),
        );
    }

    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        const { panelStateSchema } = await import('../../protocol/details.js');
        const parsed = panelStateSchema.safeParse(state);
        if (!parsed.success) {
            this.log.warn('dropping a details panel whose saved state is not understood');
            panel.dispose();
            return;
        }
        const ref = pickRef(parsed.data.ref);
        if (this.registry.get(panelKey(ref))) {
            // Already open (restored twice, or opened before the restore ran): keep one.
            panel.dispose();
            return;
        }
        panel.webview.options = this.options();
        this.registry.add(panelKey(ref), panel);
        await this.adopt(panel, ref);
    }

    private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
        return {
            enableScripts: true,
            retainContextWhenHidden: false,
            localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview')],
        };
    }

    private async adopt(panel: vscode.WebviewPanel, ref: CatalogRef): Promise<void> {
        const key = panelKey(ref);
        let disposed = false;
        panel.onDidDispose(() => {
            disposed = true;
            this.registry.delete(key, panel);
            this.controllers.get(panel)?.dispose();
            this.controllers.delete(panel);
        });
        panel.title = ref.name;
        panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'ngc.svg');
        const { DetailsPanel } = await import('./detailsController.js');
        if (disposed) {
            return;
        }
        const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
        const uri = (file: string) => panel.webview.asWebviewUri(vscode.Uri.joinPath(root, file)).toString();
        // The controller listens before the page exists, so the webview's `details/ready` cannot be missed.
        this.controllers.set(panel, new DetailsPanel(panel, ref, this.session, this.log, this.verificationOf));
        panel.webview.html = detailsHtml({
            cspSource: panel.webview.cspSource,
            script: uri('main.js'),
            style: uri('main.css'),
            codicons: uri('codicon.css'),
        });
    }
}

function panelKey(ref: CatalogRef): string {
    return `${ref.kind}:${formatArtifactRef(ref)}`;
}

function pickRef(ref: CatalogRef): CatalogRef {
    return ref.team
        ? { kind: ref.kind, org: ref.org, team: ref.team, name: ref.name }
        : { kind: ref.kind, org: ref.org, name: ref.name };
}
