import type { CommandContext } from './commandContext';
import { adoptKey } from './adoptKey';

/**
 * `NGC: Import API Key…`: only with the user's pick, from NGC_API_KEY / NGC_CLI_API_KEY / the NGC CLI config; checked
 * with NGC before it replaces the stored key, like a typed one.
 */
export async function importApiKey(ctx: CommandContext): Promise<void> {
    const picked = await ctx.keys.offerImport(ctx.session.settings.env);
    if (picked) {
        await adoptKey(ctx, picked.key, picked.from);
    }
}
