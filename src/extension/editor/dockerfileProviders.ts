import * as vscode from 'vscode';
import type { EditorFix } from '../../core/dockerfile/editorFacts';
import type { LineAnalysis } from '../../core/dockerfile/lineAnalysis';
import type { ArtifactRef } from '../../core/ngc/artifactRef';
import type { DockerfileState } from './dockerfileState';

export const SELECTOR: vscode.DocumentSelector = [
    { language: 'dockerfile' },
    { pattern: '**/{Dockerfile,Dockerfile.*,*.dockerfile,*.Dockerfile,Containerfile}' },
];

function lineAt(analyses: readonly LineAnalysis[] | undefined, offset: number): LineAnalysis | undefined {
    return analyses?.find((a) => offset >= a.line.start && offset <= a.line.end);
}

class FixAction extends vscode.CodeAction {
    constructor(
        readonly fix: EditorFix,
        readonly document: vscode.TextDocument,
        readonly analysis: LineAnalysis,
        diagnostic: vscode.Diagnostic,
        repo: ArtifactRef | undefined,
    ) {
        super(fix.title, vscode.CodeActionKind.QuickFix);
        this.diagnostics = [diagnostic];
        this.isPreferred = fix.preferred;
        if (fix.edit) {
            this.edit = new vscode.WorkspaceEdit();
            this.edit.replace(
                document.uri,
                new vscode.Range(document.positionAt(fix.edit.start), document.positionAt(fix.edit.end)),
                fix.edit.newText,
            );
        } else if (fix.kind === 'openDetails' && repo) {
            this.command = {
                command: 'ngc.details.open',
                title: fix.title,
                arguments: [{ kind: 'container', ...repo }],
            };
        }
    }
}

/** Hover, quick fixes and CodeLens over the latest analyses: each provider only turns core data into VS Code objects. */
export function registerDockerfileProviders(state: DockerfileState): vscode.Disposable {
    const lensChanged = new vscode.EventEmitter<void>();
    const subscriptions: vscode.Disposable[] = [
        lensChanged,
        state.onDidAnalyse(() => lensChanged.fire()),
        vscode.languages.registerHoverProvider(SELECTOR, {
            async provideHover(document, position, token) {
                const analysis = lineAt(state.analyses(document.uri), document.offsetAt(position));
                if (!analysis) {
                    return undefined;
                }
                const [{ hoverMarkdown }, { ngcRepoOf }, { catalogPageUrl }, facts] = await Promise.all([
                    import('../../core/dockerfile/hoverText.js'),
                    import('../../core/dockerfile/signatures.js'),
                    import('../../core/catalog/catalogUrls.js'),
                    state.facts(),
                ]);
                const ref = analysis.line.ref;
                const controller = new AbortController();
                token.onCancellationRequested(() => controller.abort());
                const [inspection, description] = await Promise.all([
                    ref?.tag === undefined ? undefined : facts.inspect({ ...ref, tag: ref.tag }, controller.signal),
                    ref === undefined ? undefined : facts.description(ref, controller.signal),
                ]);
                const repo = ngcRepoOf(ref, state.ngcRegistry());
                const catalogRef = repo ? ({ kind: 'container', ...repo } as const) : undefined;
                const markdown = new vscode.MarkdownString(
                    hoverMarkdown(analysis, inspection, {
                        ...(description?.ok && description.value ? { description: description.value } : {}),
                        ...(catalogRef
                            ? {
                                  catalogUrl: catalogPageUrl(catalogRef),
                                  detailsLink: `command:ngc.details.open?${encodeURIComponent(JSON.stringify([catalogRef]))}`,
                                  ngcRepo: repo,
                              }
                            : {}),
                        signatures: state.signatures,
                    }),
                );
                markdown.isTrusted = { enabledCommands: ['ngc.details.open'] };
                const range = new vscode.Range(
                    document.positionAt(analysis.line.start),
                    document.positionAt(analysis.line.end),
                );
                return new vscode.Hover(markdown, range);
            },
        }),
        vscode.languages.registerCodeActionsProvider(
            SELECTOR,
            {
                async provideCodeActions(document, _range, context) {
                    const analyses = state.analyses(document.uri);
                    const ours = context.diagnostics.filter((d) => d.source === 'NGC');
                    if (!analyses || ours.length === 0) {
                        return [];
                    }
                    // The core decides every fix; diagnostics carry only their code.
                    const [{ diagnosticsOf }, { ngcRepoOf }] = await Promise.all([
                        import('../../core/dockerfile/editorFacts.js'),
                        import('../../core/dockerfile/signatures.js'),
                    ]);
                    const options = { ngcRegistry: state.ngcRegistry(), signatures: state.signatures };
                    return ours.flatMap((d) => {
                        const analysis = lineAt(analyses, document.offsetAt(d.range.start));
                        if (!analysis) {
                            return [];
                        }
                        const fixes = diagnosticsOf([analysis], options).find((x) => x.code === d.code)?.fixes ?? [];
                        const repo = ngcRepoOf(analysis.line.ref, options.ngcRegistry);
                        return fixes.map((f) => new FixAction(f, document, analysis, d, repo));
                    });
                },
                async resolveCodeAction(action) {
                    if (!(action instanceof FixAction) || action.fix.kind !== 'moveTag' || !action.fix.moveTo) {
                        return action;
                    }
                    // Moving a tag needs the new tag's digest: resolved only when the fix is chosen.
                    const [{ expectedDigest }, facts] = await Promise.all([
                        import('../../core/dockerfile/editorFacts.js'),
                        state.facts(),
                    ]);
                    const { line } = action.analysis;
                    const ref = line.ref;
                    if (!ref) {
                        return action;
                    }
                    const tag = await facts.tag({ ...ref, tag: action.fix.moveTo });
                    const digest = tag.ok ? expectedDigest(line, tag.value) : undefined;
                    const colon = line.written.split('@')[0]?.lastIndexOf(':') ?? -1;
                    if (digest && colon > 0) {
                        action.edit = new vscode.WorkspaceEdit();
                        const doc = action.document;
                        action.edit.replace(
                            doc.uri,
                            new vscode.Range(doc.positionAt(line.start + colon + 1), doc.positionAt(line.end)),
                            `${action.fix.moveTo}@${digest}`,
                        );
                    }
                    return action;
                },
            },
            { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
        ),
        vscode.languages.registerCodeLensProvider(SELECTOR, {
            onDidChangeCodeLenses: lensChanged.event,
            async provideCodeLenses(document) {
                if (vscode.workspace.getConfiguration('ngc').get<boolean>('dockerfile.codeLens') === false) {
                    return [];
                }
                const analyses = state.analyses(document.uri);
                if (!analyses) {
                    return [];
                }
                const { codeLensesOf } = await import('../../core/dockerfile/editorFacts.js');
                const options = { ngcRegistry: state.ngcRegistry(), signatures: state.signatures };
                return codeLensesOf(analyses, options).map((lens) => {
                    const range = new vscode.Range(lens.line, 0, lens.line, 0);
                    const pin = /pin$|update$/.test(lens.title);
                    return new vscode.CodeLens(range, {
                        title: lens.title,
                        command: pin ? 'ngc.dockerfile.pin' : '',
                        arguments: pin ? [document.uri] : [],
                    });
                });
            },
        }),
    ];
    return vscode.Disposable.from(...subscriptions);
}
