import type { CommandContext } from './commandContext';
import { confirmSignIn } from './signInPrompts';

/** `NGC: Set API Key`: password box → SecretStorage → check who it is, and say so. */
export async function setApiKey(ctx: CommandContext): Promise<void> {
    if (await ctx.keys.prompt()) {
        await confirmSignIn(ctx);
    }
}
