import type { CommandContext } from './commandContext';

/** `NGC: Show Log`: reveals the NGC output channel. */
export function showLog(ctx: CommandContext): void {
    ctx.logs.show();
}
