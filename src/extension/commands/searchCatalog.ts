import { pickArtifact } from '../search/searchQuickPick';
import type { CommandContext } from './commandContext';

/** `NGC: Search Catalog`: live search; the pick opens its details panel. */
export async function searchCatalog(ctx: CommandContext): Promise<void> {
    const artifact = await pickArtifact(await ctx.session.source());
    if (artifact) {
        await ctx.details.show(artifact);
    }
}
