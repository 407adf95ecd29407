import { pickArtifact } from '../search/searchQuickPick';
import { treeMark } from '../tree/treeTrace';
import type { CommandContext } from './commandContext';
import { isCatalogRef, nodeArtifact } from './nodeArgs';

/**
 * `NGC: Show Details` for a tree node, a catalog ref (a Dockerfile hover's link, its quick fix), or a searched
 * artifact from the palette. A click on a tree row passes `{ preview: true }`: the artifact opens in the reused
 * preview panel (a double click keeps it).
 */
export async function openDetails(ctx: CommandContext, node?: unknown, options?: unknown): Promise<void> {
    treeMark('details:command');
    const ref = nodeArtifact(node) ?? (isCatalogRef(node) ? node : undefined);
    const target = ref ?? (await pickArtifact(await ctx.session.source(), { title: 'NGC: Show Details' }));
    if (target) {
        const preview =
            typeof options === 'object' && options !== null && 'preview' in options && options.preview === true;
        await ctx.details.show(target, { preview });
    }
}
