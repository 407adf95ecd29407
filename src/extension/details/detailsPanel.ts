import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { redactor, type Log } from '../../core/lib/log';
import { imageRepository } from '../../core/catalog/catalogUrls';
import { formatArtifactRef, type CatalogRef } from '../../core/ngc/artifactRef';
import { Disposable } from '../platform/disposableStore';
import type { Session } from '../session';
import type { DetailsPanel } from './detailsController';
import { detailsHtml, type DetailsSkeleton } from './detailsHtml';
import type { VerificationLookup } from './detailsModel';
import type { TagInspector } from './tagInspection';
import type { ModelVerifications } from '../modelSigning/modelVerifications';
import { DoubleClicks, PanelRegistry } from './panelRegistry';
import { treeMark } from '../tree/treeTrace';

export const DETAILS_VIEW_TYPE = 'ngc.details';

/**
 * One details panel per artifact, and one preview panel that single clicks reuse. Panels are restored after a reload by the serializer (the webview persists only
 * the artifact ref). Messages are validated on receipt; nothing is posted before the webview says `details/ready`.
 */
export class DetailsPanels extends Disposable implements vscode.WebviewPanelSerializer {
    private readonly registry = new PanelRegistry<vscode.WebviewPanel>();
    private readonly controllers = new Map<vscode.WebviewPanel, DetailsPanel>();
    /** The header of the artifact each panel shows, and the one its HTML draws (they differ after a preview move). */
    private readonly skeletons = new WeakMap<vscode.WebviewPanel, DetailsSkeleton>();
    private readonly pageSkeleton = new WeakMap<vscode.WebviewPanel, DetailsSkeleton>();
    private readonly clicks = new DoubleClicks();
    private inspector: Promise<TagInspector> | undefined;
    /** `dist/webview/main.css`, read once when the first page is set (undefined if it could not be read). */
    private pageStyle: { text: string | undefined } | undefined;

    constructor(
        private readonly extensionUri: vscode.Uri,
        private readonly session: Session,
        private readonly log: Log,
        /** This session's signature checks (the tree model's), so the panel labels tags as the tree does. */
        private readonly verificationOf: VerificationLookup,
        /** The extension's global storage: expanded tag rows keep image configs in its content cache. */
        private readonly storage: vscode.Uri,
        /** Model signature checks after downloads in this session (the versions table shows them). */
        private readonly modelVerdicts: ModelVerifications,
    ) {
        super();
        this._register(modelVerdicts.onDidChange(() => this.controllers.forEach((p) => p.refreshRows())));
        this._register(vscode.window.registerWebviewPanelSerializer(DETAILS_VIEW_TYPE, this));
        this._register(session.onDidChange(() => this.controllers.forEach((p) => p.reload())));
    }

    /**
     * Opens (or reveals) the panel of `ref`. `preview` (a single click in the tree) shows it in the one preview panel,
     * replacing what that showed; a second click on the same row within a double-click's time, or any show that is not
     * a preview (the palette, a double click), keeps the panel. A call while the panel is still being set up reveals
     * it; an artifact is never shown in two panels.
     */
    async show(ref: CatalogRef & { displayName?: string }, options: { preview?: boolean } = {}): Promise<void> {
        const clean = pickRef(ref);
        const key = panelKey(clean);
        const preview = options.preview === true && !this.clicks.click(key, Date.now());
        // What the tree row knows (a summary carries the display name): the header drawn before any data arrives.
        const title = typeof ref.displayName === 'string' && ref.displayName !== '' ? ref.displayName : undefined;
        await this.registry.show(
            key,
            {
                create: () => this.create(clean),
                setUp: (panel) => this.load(panel, clean, title),
                reveal: (panel) => panel.reveal(),
            },
            preview,
        );
        const panel = this.registry.get(key);
        if (panel && !preview) {
            this.keep(panel);
        }
    }

    /** Keeps a preview panel open (a double click, an edit-like action in it, or its Keep Open button). */
    keep(panel: vscode.WebviewPanel): void {
        if (this.registry.isPreview(panel)) {
            this.registry.pin(panel);
        }
        this.controllers.get(panel)?.setPreview(false);
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
        this.watch(panel);
        await this.load(panel, ref);
    }

    private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
        return {
            enableScripts: true,
            retainContextWhenHidden: false,
            localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview')],
        };
    }

    private create(ref: CatalogRef): vscode.WebviewPanel {
        const panel = vscode.window.createWebviewPanel(
            DETAILS_VIEW_TYPE,
            ref.name,
            vscode.ViewColumn.Active,
            this.options(),
        );
        treeMark('details:created');
        this.watch(panel);
        return panel;
    }

    private watch(panel: vscode.WebviewPanel): void {
        // A hidden page is discarded (no retainContextWhenHidden) and rebuilt from the HTML when shown again: after a
        // preview moved on (which keeps the page), the HTML must draw the artifact shown now, not the first one.
        panel.onDidChangeViewState(() => {
            const skeleton = this.skeletons.get(panel);
            if (!panel.visible && skeleton && this.pageSkeleton.get(panel) !== skeleton) {
                this.setPage(panel, skeleton);
            }
        });
        panel.onDidDispose(() => {
            this.skeletons.delete(panel);
            const key = this.registry.keyOf(panel);
            if (key !== undefined) {
                this.registry.delete(key, panel);
            }
            this.controllers.get(panel)?.dispose();
            this.controllers.delete(panel);
        });
    }

    /**
     * Loads `ref` into `panel` (new, restored, or the preview panel moving to another artifact). A new page gets its
     * HTML at once, with the header drawn from what the tree knows (`title`, else the name), while the controller and
     * the catalog load: a `details/ready` that arrives before the controller exists is remembered and handed over.
     */
    private async load(panel: vscode.WebviewPanel, ref: CatalogRef, title?: string): Promise<void> {
        const previous = this.controllers.get(panel);
        // A preview moving on keeps its page (no reload: the next artifact paints as soon as its data is there).
        // Only a page on screen is kept: a hidden one is rebuilt from the HTML when shown, which must name this one.
        const keepPage = previous?.pageReady === true && panel.visible;
        previous?.dispose();
        this.controllers.delete(panel);
        panel.title = redactor.redact(title ?? ref.name);
        panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'ngc.svg');
        const skeleton: DetailsSkeleton = {
            title: redactor.redact(title ?? ref.name),
            reference: redactor.redact(
                ref.kind === 'container'
                    ? imageRepository(this.session.settings.endpoints.registry, ref)
                    : formatArtifactRef(ref),
            ),
        };
        let earlyReady = false;
        // Only the message type is looked at (the controller, once loaded, validates everything the page sends).
        const early = keepPage
            ? undefined
            : panel.webview.onDidReceiveMessage((message: unknown) => {
                  earlyReady ||= isReadyMessage(message);
              });
        this.skeletons.set(panel, skeleton);
        if (!keepPage) {
            this.setPage(panel, skeleton);
        }
        const [{ DetailsPanel }, inspector] = await Promise.all([
            import('./detailsController.js'),
            this.tagInspector(),
        ]).finally(() => early?.dispose());
        if (this.registry.keyOf(panel) !== panelKey(ref)) {
            return; // closed, or moved on to another artifact while the controller loaded
        }
        // The controller listens from here on; the page's `details/ready` may already have come (earlyReady).
        const controller = new DetailsPanel(
            panel,
            ref,
            this.session,
            this.log,
            this.verificationOf,
            {
                preview: this.registry.isPreview(panel),
                keep: () => this.keep(panel),
            },
            { inspector, versionVerificationOf: (r, version) => this.modelVerdicts.of(r, version) },
            skeleton,
        );
        this.controllers.set(panel, controller);
        if (keepPage || earlyReady) {
            controller.adoptReadyPage();
        } else {
            controller.prefetch(); // the catalog answer comes while the webview starts
        }
    }

    /** Sets the page of `panel`: its script, styles and the header drawn before the script runs. */
    private setPage(panel: vscode.WebviewPanel, skeleton: DetailsSkeleton): void {
        const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
        const uri = (file: string) => panel.webview.asWebviewUri(vscode.Uri.joinPath(root, file)).toString();
        this.pageSkeleton.set(panel, skeleton);
        panel.webview.html = detailsHtml(
            {
                cspSource: panel.webview.cspSource,
                script: uri('main.js'),
                style: uri('main.css'),
                codicons: uri('codicon.css'),
                styleText: this.styleText(root),
            },
            skeleton,
        );
        treeMark('details:html');
    }

    /** The page stylesheet's text, inlined into each page so that it does not hold the header's first paint. */
    private styleText(root: vscode.Uri): string | undefined {
        if (!this.pageStyle) {
            let text: string | undefined;
            try {
                text = readFileSync(vscode.Uri.joinPath(root, 'main.css').fsPath, 'utf8');
            } catch (error) {
                this.log.debug(`details page: main.css not inlined (${String(error)}); linked instead`);
            }
            this.pageStyle = { text };
        }
        return this.pageStyle.text;
    }

    /** One inspector (and content cache) for all panels; the Dockerfile hover shares the cache directory. */
    private tagInspector(): Promise<TagInspector> {
        this.inspector ??= import('./tagInspection.js').then(
            ({ TagInspector }) =>
                new TagInspector({
                    registry: () => this.session.registry(),
                    cacheDir: vscode.Uri.joinPath(this.storage, 'content').fsPath,
                    log: this.log,
                }),
        );
        return this.inspector;
    }
}

function isReadyMessage(message: unknown): boolean {
    return typeof message === 'object' && message !== null && 'type' in message && message.type === 'details/ready';
}

function panelKey(ref: CatalogRef): string {
    return `${ref.kind}:${formatArtifactRef(ref)}`;
}

function pickRef(ref: CatalogRef): CatalogRef {
    return ref.team
        ? { kind: ref.kind, org: ref.org, team: ref.team, name: ref.name }
        : { kind: ref.kind, org: ref.org, name: ref.name };
}
