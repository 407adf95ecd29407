import type { CommandContext } from './commandContext';
import { isNode } from './nodeArgs';

/** Inline on a node: reload that node's subtree only (the whole tree without a node). */
export function refreshNode(ctx: CommandContext, node?: unknown): void {
    ctx.model.refresh(isNode(node) ? node : undefined);
}
