import type { CommandContext } from './commandContext';

/** `NGC: Refresh` (view title): forget everything and reload. */
export function refreshView(ctx: CommandContext): void {
    ctx.model.refresh();
}
