import type { CommandContext } from './commandContext';
import { treeMark } from '../tree/treeTrace';
import { isNode } from './nodeArgs';

/** The "Load more" row at the end of a paged level: fetches the next page into it. */
export async function loadMore(ctx: CommandContext, node?: unknown): Promise<void> {
    if (isNode(node) && node.kind === 'loadMore') {
        treeMark(`loadMore:command ${node.nextPage}`);
        await ctx.model.loadMore(node);
    }
}
