import * as vscode from 'vscode';
import { Disposable } from '../platform/disposableStore';
import type { CatalogTreeModel } from './catalogTreeModel';
import type { CatalogNode } from './nodes';
import { toTreeItem } from './treeItems';

export const CATALOG_VIEW_ID = 'ngc.catalog';

/** Owns the TreeView; turns model changes into `onDidChangeTreeData`. All fetching lives in the model. */
export class CatalogTreeProvider extends Disposable implements vscode.TreeDataProvider<CatalogNode> {
    private readonly changed = this._register(new vscode.EventEmitter<CatalogNode | undefined>());
    readonly onDidChangeTreeData = this.changed.event;
    readonly view: vscode.TreeView<CatalogNode>;

    constructor(private readonly model: CatalogTreeModel) {
        super();
        this._register(model.onDidChange((node) => this.changed.fire(node)));
        this.view = this._register(
            vscode.window.createTreeView(CATALOG_VIEW_ID, { treeDataProvider: this, showCollapseAll: true }),
        );
    }

    getTreeItem(node: CatalogNode): vscode.TreeItem {
        return toTreeItem(node);
    }

    getChildren(node?: CatalogNode): Promise<CatalogNode[]> {
        return this.model.getChildren(node);
    }

    getParent(node: CatalogNode): CatalogNode | undefined {
        return this.model.getParent(node);
    }

    /** Updates the message shown above the tree (who is signed in). */
    setDescription(text: string | undefined): void {
        this.view.description = text;
    }
}
