import { pickArtifact } from '../search/searchQuickPick';
import type { CommandContext } from './commandContext';
import { nodeArtifact } from './nodeArgs';

/** `NGC: Show Details` for a tree node, or a searched artifact from the palette. */
export async function openDetails(ctx: CommandContext, node?: unknown): Promise<void> {
    const ref = nodeArtifact(node);
    const target = ref ?? (await pickArtifact(await ctx.session.source(), { title: 'NGC: Show Details' }));
    if (target) {
        await ctx.details.show(target);
    }
}
