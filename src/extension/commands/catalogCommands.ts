import * as vscode from 'vscode';
import { catalogPageUrl } from '../../core/catalog/catalogUrls';
import { artifactOf, type CatalogNode } from '../tree/nodes';
import type { CommandContext } from './commandContext';

/** View title: forget everything and reload. */
export function refreshView(ctx: CommandContext): void {
    ctx.model.refresh();
}

/** Inline on a node: reload that node's subtree only. */
export function refreshNode(ctx: CommandContext, node?: unknown): void {
    ctx.model.refresh(isNode(node) ? node : undefined);
}

export async function loadMore(ctx: CommandContext, node?: unknown): Promise<void> {
    if (isNode(node) && node.kind === 'loadMore') {
        await ctx.model.loadMore(node);
    }
}

/** On an error node: reload the level that failed. */
export function retry(ctx: CommandContext, node?: unknown): void {
    const parent = isNode(node) ? ctx.model.getParent(node) : undefined;
    ctx.model.refresh(parent);
}

/** Opens the artifact's catalog page, where a licence is accepted or an entitlement requested. */
export async function openLicense(_ctx: CommandContext, node?: unknown): Promise<void> {
    const ref = isNode(node) ? artifactOf(node) : isRef(node) ? node : undefined;
    await vscode.env.openExternal(vscode.Uri.parse(ref ? catalogPageUrl(ref) : 'https://catalog.ngc.nvidia.com/'));
}

/** Opens the artifact's page on catalog.ngc.nvidia.com (from an artifact node or a "not entitled" diagnosis). */
export async function openCatalogPage(ctx: CommandContext, node?: unknown): Promise<void> {
    await openLicense(ctx, node);
}

export async function openSettings(): Promise<void> {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'ngc.');
}

export function showLog(ctx: CommandContext): void {
    ctx.logs.show();
}

export function isNode(value: unknown): value is CatalogNode {
    return typeof value === 'object' && value !== null && 'kind' in value && 'id' in value;
}

function isRef(
    value: unknown,
): value is { kind: 'container' | 'model' | 'resource' | 'helm-chart'; org: string; team?: string; name: string } {
    return typeof value === 'object' && value !== null && 'org' in value && 'name' in value && 'kind' in value;
}
