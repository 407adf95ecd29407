import * as vscode from 'vscode';
import { Disposable } from '../platform/disposableStore';
import { isDockerfile, type DocumentInfo } from './dockerfiles';

interface LastDockerfile {
    uri: vscode.Uri;
    position: vscode.Position;
    viewColumn: vscode.ViewColumn | undefined;
}

/**
 * Remembers the last text editor showing a Dockerfile and its cursor, so `Insert Pinned FROM` run from the details
 * panel (when there is no active text editor) edits the Dockerfile the user was working in. Cheap: two listeners.
 */
export class DockerfileTracker extends Disposable {
    private last: LastDockerfile | undefined;

    constructor() {
        super();
        this.remember(vscode.window.activeTextEditor);
        this._register(vscode.window.onDidChangeActiveTextEditor((editor) => this.remember(editor)));
        this._register(vscode.window.onDidChangeTextEditorSelection((e) => this.remember(e.textEditor)));
        this._register(
            vscode.workspace.onDidCloseTextDocument((doc) => {
                if (this.last && this.last.uri.toString() === doc.uri.toString()) {
                    this.last = undefined;
                }
            }),
        );
    }

    /** The last Dockerfile editor seen, if any. */
    get lastDockerfile(): LastDockerfile | undefined {
        return this.last;
    }

    private remember(editor: vscode.TextEditor | undefined): void {
        if (editor && isDockerfile(documentInfo(editor.document))) {
            this.last = { uri: editor.document.uri, position: editor.selection.active, viewColumn: editor.viewColumn };
        }
    }
}

export function documentInfo(doc: vscode.TextDocument): DocumentInfo {
    return { uri: doc.uri.toString(), languageId: doc.languageId, path: doc.uri.path };
}

/** Text documents open in an editor tab (not merely loaded, as `workspace.textDocuments` are). */
export function openTabDocuments(): DocumentInfo[] {
    const loaded = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
    const out: DocumentInfo[] = [];
    for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
        if (tab.input instanceof vscode.TabInputText) {
            const uri = tab.input.uri;
            const doc = loaded.get(uri.toString());
            out.push(doc ? documentInfo(doc) : { uri: uri.toString(), languageId: undefined, path: uri.path });
        }
    }
    return out;
}
