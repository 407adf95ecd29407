import * as vscode from 'vscode';
import type { LineAnalysis } from '../../core/dockerfile/lineAnalysis';
import type { ImageFacts } from '../../core/dockerfile/imageFacts';
import type { SignatureCheck, SignatureChecks } from '../../core/dockerfile/signatures';
import type { CatalogRef } from '../../core/ngc/artifactRef';
import type { DocumentRefresher } from '../../core/dockerfile/refresher';
import type { Log } from '../../core/lib/log';
import type { Session } from '../session';
import { Disposable } from '../platform/disposableStore';
import { documentInfo } from './dockerfileTracker';
import { isDockerfile } from './dockerfiles';
import { registerDockerfileCompletion } from './dockerfileCompletion';
import { registerDockerfileProviders, SELECTOR } from './dockerfileProviders';
import type { DockerfileState } from './dockerfileState';

/**
 * Hover, diagnostics, quick fixes and CodeLens on NGC `FROM` lines. Analyses run on open and save at once and after
 * a quiet period on edits (core `DocumentRefresher`), through one shared `ImageFacts` (rebuilt when the key or the
 * endpoints change), whose answers are cached: editing a Dockerfile does not send a request per keystroke. Core
 * modules load on the first Dockerfile, not at activation.
 */
export class DockerfileFeatures extends Disposable implements DockerfileState {
    private readonly collection = this._register(vscode.languages.createDiagnosticCollection('ngc'));
    private readonly results = new Map<string, readonly LineAnalysis[]>();
    private readonly analysed = this._register(new vscode.EventEmitter<vscode.Uri>());
    readonly onDidAnalyse = this.analysed.event;
    private factsPromise: Promise<ImageFacts> | undefined;
    private refresherPromise: Promise<DocumentRefresher<readonly LineAnalysis[]>> | undefined;

    readonly signatures: SignatureChecks;

    constructor(
        private readonly session: Session,
        private readonly storage: vscode.Uri,
        readonly log: Log,
        verifications: Verifications,
    ) {
        super();
        this.signatures = (repo, tag) => verifications.verificationOf({ kind: 'container', ...repo }, tag);
        // A Verify verdict re-renders the diagnostics from the last analyses: no request.
        // The model announces verdicts through the tree nodes it has loaded; coming back to a Dockerfile re-renders it
        // too, so a Verify run from the details panel shows there even when the tree never listed that tag.
        this._register(verifications.onDidChange(() => this.renderAll()));
        this._register(
            vscode.window.onDidChangeActiveTextEditor((e) => e && void this.render(e.document.uri.toString())),
        );
        this._register(session.onDidChange(() => (this.factsPromise = undefined)));
        this._register(registerDockerfileProviders(this));
        this._register(registerDockerfileCompletion(SELECTOR, this, session));
        const watch = (doc: vscode.TextDocument, now: boolean) => {
            if (isDockerfile(documentInfo(doc))) {
                void this.refresher().then((r) =>
                    now ? r.now(doc.uri.toString(), doc.getText()) : r.edited(doc.uri.toString(), () => doc.getText()),
                );
            }
        };
        this._register(vscode.workspace.onDidOpenTextDocument((doc) => watch(doc, true)));
        this._register(
            vscode.workspace.onDidSaveTextDocument((doc) => {
                void this.facts().then((f) => f.forget());
                watch(doc, true);
            }),
        );
        this._register(vscode.workspace.onDidChangeTextDocument((e) => watch(e.document, false)));
        this._register(
            vscode.workspace.onDidCloseTextDocument((doc) => {
                void this.refresherPromise?.then((r) => r.close(doc.uri.toString()));
                this.results.delete(doc.uri.toString());
                this.collection.delete(doc.uri);
            }),
        );
        this._register(
            vscode.workspace.onDidChangeConfiguration((e) => {
                if (e.affectsConfiguration('ngc.dockerfile')) {
                    vscode.workspace.textDocuments.forEach((d) => watch(d, true));
                }
            }),
        );
        setTimeout(() => vscode.workspace.textDocuments.forEach((d) => watch(d, true)), 0);
    }

    ngcRegistry(): string {
        return this.session.settings.endpoints.registry;
    }

    analyses(uri: vscode.Uri): readonly LineAnalysis[] | undefined {
        return this.results.get(uri.toString());
    }

    facts(): Promise<ImageFacts> {
        this.factsPromise ??= this.buildFacts();
        return this.factsPromise;
    }

    override dispose(): void {
        void this.refresherPromise?.then((r) => r.dispose());
        super.dispose();
    }

    private async buildFacts(): Promise<ImageFacts> {
        const [{ ImageFacts }, { DiskContentCache }, { listTags, parseRepoRef }] = await Promise.all([
            import('../../core/dockerfile/imageFacts.js'),
            import('../../core/registry/configCache.js'),
            import('../../core/ngc/repos.js'),
        ]);
        const ngcRegistry = this.session.settings.endpoints.registry;
        return new ImageFacts({
            registry: () => this.session.registry(),
            describe: async (repo, signal) => {
                if (repo.registry !== ngcRegistry) {
                    return undefined;
                }
                const ref = parseRepoRef(repo.repository);
                const details = await (await this.session.source()).details({ kind: 'container', ...ref }, signal);
                return details.description;
            },
            cache: new DiskContentCache({ dir: vscode.Uri.joinPath(this.storage, 'content').fsPath, log: this.log }),
            listTags: async (repo, signal) => {
                if (repo.registry !== ngcRegistry) {
                    return [];
                }
                const tags = await listTags(await this.session.client(), parseRepoRef(repo.repository), { signal });
                return tags.map((t) => ({
                    tag: t.tag,
                    signed: t.signed,
                    ...(t.updatedDate ? { date: t.updatedDate } : {}),
                    ...(t.sizeInBytes !== undefined ? { size: t.sizeInBytes } : {}),
                }));
            },
        });
    }

    private renderAll(): void {
        for (const key of this.results.keys()) {
            void this.render(key);
        }
    }

    /** Diagnostics of the last analysis of `key`, with the current settings and Verify verdicts. */
    private async render(key: string): Promise<void> {
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
        const analyses = this.results.get(key);
        if (!doc || !analyses) {
            return;
        }
        const { diagnosticsOf } = await import('../../core/dockerfile/editorFacts.js');
        const unpinned =
            vscode.workspace.getConfiguration('ngc').get<boolean>('dockerfile.unpinnedDiagnostic') !== false;
        const options = { unpinned, ngcRegistry: this.ngcRegistry(), signatures: this.signatures };
        this.collection.set(
            doc.uri,
            diagnosticsOf(analyses, options).map((d) => {
                const range = new vscode.Range(doc.positionAt(d.start), doc.positionAt(d.end));
                const diagnostic = new vscode.Diagnostic(range, d.message, SEVERITY[d.severity]);
                diagnostic.source = 'NGC';
                diagnostic.code = d.code;
                return diagnostic;
            }),
        );
        this.analysed.fire(doc.uri);
    }

    private refresher(): Promise<DocumentRefresher<readonly LineAnalysis[]>> {
        this.refresherPromise ??= this.buildRefresher();
        return this.refresherPromise;
    }

    private async buildRefresher(): Promise<DocumentRefresher<readonly LineAnalysis[]>> {
        const [{ DocumentRefresher }, { analyzeBaseImages }] = await Promise.all([
            import('../../core/dockerfile/refresher.js'),
            import('../../core/dockerfile/editorFacts.js'),
        ]);
        return new DocumentRefresher<readonly LineAnalysis[]>({
            analyze: async (text, signal) =>
                analyzeBaseImages(
                    text,
                    { ngcRegistry: this.session.settings.endpoints.registry },
                    await this.facts(),
                    signal,
                ),
            onResult: (key, analyses) => {
                this.results.set(key, analyses);
                void this.render(key);
            },
            onError: (key, error) => this.log.warn(`Dockerfile analysis of ${key} failed: ${String(error)}`),
        });
    }
}

/** What the tree model offers about Verify: its verdicts, and when they (or anything else in it) changed. */
export interface Verifications {
    verificationOf(ref: CatalogRef, tag: string): SignatureCheck | undefined;
    onDidChange(listener: () => void): { dispose(): void };
}

const SEVERITY = {
    error: vscode.DiagnosticSeverity.Error,
    warning: vscode.DiagnosticSeverity.Warning,
    information: vscode.DiagnosticSeverity.Information,
    hint: vscode.DiagnosticSeverity.Hint,
} as const;
