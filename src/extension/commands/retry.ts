import type { CommandContext } from './commandContext';
import { isNode } from './nodeArgs';

/** On an error node: reload the level that failed. */
export function retry(ctx: CommandContext, node?: unknown): void {
    const parent = isNode(node) ? ctx.model.getParent(node) : undefined;
    ctx.model.refresh(parent);
}
