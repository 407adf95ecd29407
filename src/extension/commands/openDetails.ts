import { pickArtifact } from '../search/searchQuickPick';
import { artifactOf } from '../tree/nodes';
import { isNode } from './catalogCommands';
import type { CommandContext } from './commandContext';

/** `NGC: Show Details` for a tree node, or a searched artifact from the palette. */
export async function openDetails(ctx: CommandContext, node?: unknown): Promise<void> {
    const ref = isNode(node) ? artifactOf(node) : undefined;
    const target = ref ?? (await pickArtifact(await ctx.session.source(), { title: 'NGC: Show Details' }));
    if (target) {
        await ctx.details.show(target);
    }
}
