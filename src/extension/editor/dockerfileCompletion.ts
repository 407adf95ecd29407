import * as vscode from 'vscode';
import type { Candidate } from '../../core/dockerfile/completion';
import type { CompletionCatalog } from '../../core/dockerfile/completionCatalog';
import type { Session } from '../session';
import type { DockerfileState } from './dockerfileState';

function itemKind(kind: Candidate['kind']): vscode.CompletionItemKind {
    const { Module, Folder, Value } = vscode.CompletionItemKind;
    return { registry: Module, org: Folder, team: Folder, repository: Module, tag: Value }[kind];
}

/**
 * Completion inside `FROM <NGC registry>/`: orgs, teams and repositories from the catalog search (core
 * `CompletionCatalog`: cached, a text search only after a pause), then the repository's tags newest first from the
 * shared facts' tag listing (one request per repository). Turns core candidates into CompletionItems, nothing more.
 */
export function registerDockerfileCompletion(
    selector: vscode.DocumentSelector,
    state: DockerfileState,
    session: Session,
): vscode.Disposable {
    let catalog: Promise<CompletionCatalog> | undefined;
    const reset = session.onDidChange(() => (catalog = undefined));
    const build = async (): Promise<CompletionCatalog> => {
        const { CompletionCatalog } = await import('../../core/dockerfile/completionCatalog.js');
        return new CompletionCatalog({
            search: async (scope, text, signal) => {
                const page = await (await session.source()).search({ text, kind: 'container', scope, page: 0 }, signal);
                return { items: page.items, complete: !page.hasMore };
            },
            orgs: async (signal) => (await session.identity(signal))?.orgs ?? [],
            teams: async (org, signal) => ((await session.hasKey()) ? (await session.source()).teams(org, signal) : []),
        });
    };
    const provider = vscode.languages.registerCompletionItemProvider(
        selector,
        {
            async provideCompletionItems(document, position, token) {
                const registry = session.settings.endpoints.registry;
                const before = document.lineAt(position.line).text.slice(0, position.character);
                const core = await import('../../core/dockerfile/completion.js');
                const place = core.completionPlace(before, registry);
                if (!place) {
                    return undefined;
                }
                const controller = new AbortController();
                token.onCancellationRequested(() => controller.abort());
                let candidates: Candidate[];
                let incomplete = false;
                if (place.kind === 'registry') {
                    candidates = [core.registryCandidate(registry)];
                } else if (place.kind === 'tag') {
                    const tags = await (await state.facts()).tagsOf({ registry, repository: place.repository });
                    candidates = tags.ok ? core.tagCandidates(tags.value) : [];
                } else {
                    catalog ??= build();
                    const answer = await (await catalog).path(place.scope, place.typed, controller.signal);
                    if (!answer) {
                        return new vscode.CompletionList([], true);
                    }
                    candidates = core.pathCandidates(place, answer.hits, answer);
                    incomplete = !answer.complete;
                }
                const range = new vscode.Range(position.line, place.start, position.line, position.character);
                const items = candidates.map((c) => {
                    const item = new vscode.CompletionItem(c.label, itemKind(c.kind));
                    item.insertText = c.insert;
                    item.filterText = c.insert;
                    item.range = range;
                    item.sortText = c.sortText;
                    if (c.detail) {
                        item.detail = c.detail;
                    }
                    if (c.documentation) {
                        item.documentation = c.documentation;
                    }
                    if (c.retrigger) {
                        item.command = { command: 'editor.action.triggerSuggest', title: 'Continue' };
                    }
                    return item;
                });
                return new vscode.CompletionList(items, incomplete);
            },
        },
        '/',
        ':',
    );
    return vscode.Disposable.from(reset, provider);
}
