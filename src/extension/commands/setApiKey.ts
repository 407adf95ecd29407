import type { CommandContext } from './commandContext';
import { adoptKey } from './adoptKey';

/** `NGC: Set API Key`: password box → NGC checks who it is → SecretStorage; a refused key never replaces the old one. */
export async function setApiKey(ctx: CommandContext): Promise<void> {
    const key = await ctx.keys.ask();
    if (key) {
        await adoptKey(ctx, key);
    }
}
