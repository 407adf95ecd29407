import * as vscode from 'vscode';
import { catalogPageUrl } from '../../core/catalog/catalogUrls';
import type { CommandContext } from './commandContext';
import { artifactOf } from '../tree/nodes';
import { isCatalogRef, isNode } from './nodeArgs';

/**
 * Opens the artifact's page on catalog.ngc.nvidia.com, where a licence is accepted or an entitlement requested: from
 * a tree node, or a ref from a "not entitled" diagnosis; the catalog's front page without either. Serves both
 * `NGC: Open in NGC Catalog` and `NGC: Open Licence Page`.
 */
export async function openCatalogPage(_ctx: CommandContext, node?: unknown): Promise<void> {
    const ref = isNode(node) ? artifactOf(node) : isCatalogRef(node) ? node : undefined;
    await vscode.env.openExternal(vscode.Uri.parse(ref ? catalogPageUrl(ref) : 'https://catalog.ngc.nvidia.com/'));
}
