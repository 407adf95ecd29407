import * as vscode from 'vscode';
import { Disposable } from '../platform/disposableStore';
import type { CatalogTreeModel } from './catalogTreeModel';
import type { CatalogNode } from './nodes';
import { toTreeItem, withTooltip } from './treeItems';
import { treeMark, treeTracing } from './treeTrace';
import { WELCOME_CONTEXT_KEY, WelcomeGate } from './welcomeState';

export const CATALOG_VIEW_ID = 'ngc.catalog';

/**
 * Owns the TreeView; turns model changes into `onDidChangeTreeData` and expand/collapse into the model's fetching
 * ahead. All fetching lives in the model.
 */
export class CatalogTreeProvider extends Disposable implements vscode.TreeDataProvider<CatalogNode> {
    private readonly changed = this._register(new vscode.EventEmitter<CatalogNode | undefined>());
    readonly onDidChangeTreeData = this.changed.event;
    readonly view: vscode.TreeView<CatalogNode>;
    /** Empties the tree (so the welcome view shows) while the endpoint cannot be reached. */
    private readonly welcome: WelcomeGate;
    /**
     * One TreeItem per node: nodes are immutable and replaced when they change, so a node's item never goes stale,
     * and VS Code re-asking for every row of a level after a "Load more" is a lookup per unchanged row.
     */
    private readonly items = new WeakMap<CatalogNode, vscode.TreeItem>();

    constructor(private readonly model: CatalogTreeModel) {
        super();
        this.welcome = new WelcomeGate({
            children: (node) => model.getChildren(node),
            publish: (state) => vscode.commands.executeCommand('setContext', WELCOME_CONTEXT_KEY, state ?? ''),
            reset: () => this.changed.fire(undefined),
        });
        this._register(model.onDidChange((node) => this.changed.fire(node)));
        this.view = this._register(
            vscode.window.createTreeView(CATALOG_VIEW_ID, { treeDataProvider: this, showCollapseAll: true }),
        );
        this._register(this.view.onDidExpandElement((e) => model.expanded(e.element)));
        this._register(this.view.onDidCollapseElement((e) => model.collapsed(e.element)));
    }

    getTreeItem(node: CatalogNode): vscode.TreeItem {
        let item = this.items.get(node);
        if (!item) {
            item = toTreeItem(node);
            this.items.set(node, item);
        }
        return item;
    }

    /** The hover, built when the user hovers a row rather than for every row sent (see `tooltips.ts`). */
    resolveTreeItem(item: vscode.TreeItem, node: CatalogNode): vscode.TreeItem {
        return withTooltip(item, node);
    }

    async getChildren(node?: CatalogNode): Promise<CatalogNode[]> {
        if (treeTracing) {
            treeMark(`getChildren:start ${node?.id ?? ''}`);
        }
        const { nodes, reset } = await this.welcome.children(node);
        if (reset) {
            this.changed.fire(undefined);
        }
        if (treeTracing) {
            treeMark(`getChildren:end ${nodes.length}`);
            // After VS Code's getTreeItem calls and the row DTOs it builds from them (all in the same microtasks).
            setImmediate(() => treeMark('getChildren:built'));
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
