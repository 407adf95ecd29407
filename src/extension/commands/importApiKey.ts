import type { CommandContext } from './commandContext';
import { confirmSignIn } from './signInPrompts';

/** `NGC: Import API Key…`: only with the user's pick, from NGC_API_KEY / NGC_CLI_API_KEY / the NGC CLI config. */
export async function importApiKey(ctx: CommandContext): Promise<void> {
    if (await ctx.keys.offerImport(ctx.session.settings.env)) {
        await confirmSignIn(ctx);
    }
}
