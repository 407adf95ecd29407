import * as vscode from 'vscode';
import { Disposable } from '../platform/disposableStore';
import type { CatalogTreeModel } from './catalogTreeModel';
import type { CatalogNode } from './nodes';
import { toTreeItem } from './treeItems';
import { WELCOME_CONTEXT_KEY, WelcomeGate } from './welcomeState';

export const CATALOG_VIEW_ID = 'ngc.catalog';

/** Owns the TreeView; turns model changes into `onDidChangeTreeData`. All fetching lives in the model. */
export class CatalogTreeProvider extends Disposable implements vscode.TreeDataProvider<CatalogNode> {
    private readonly changed = this._register(new vscode.EventEmitter<CatalogNode | undefined>());
    readonly onDidChangeTreeData = this.changed.event;
    readonly view: vscode.TreeView<CatalogNode>;
    /** Empties the tree (so the welcome view shows) while the endpoint cannot be reached. */
    private readonly welcome: WelcomeGate;

    constructor(private readonly model: CatalogTreeModel) {
        super();
        this.welcome = new WelcomeGate({
            children: (node) => model.getChildren(node),
            publish: (state) => vscode.commands.executeCommand('setContext', WELCOME_CONTEXT_KEY, state ?? ''),
        });
        this._register(model.onDidChange((node) => this.changed.fire(node)));
        this.view = this._register(
            vscode.window.createTreeView(CATALOG_VIEW_ID, { treeDataProvider: this, showCollapseAll: true }),
        );
    }

    getTreeItem(node: CatalogNode): vscode.TreeItem {
        return toTreeItem(node);
    }

    async getChildren(node?: CatalogNode): Promise<CatalogNode[]> {
        const { nodes, reset } = await this.welcome.children(node);
        if (reset) {
            this.changed.fire(undefined);
        }
        return nodes;
    }

    getParent(node: CatalogNode): CatalogNode | undefined {
        return this.model.getParent(node);
    }

    /** Updates the message shown above the tree (who is signed in). */
    setDescription(text: string | undefined): void {
        this.view.description = text;
    }
}
