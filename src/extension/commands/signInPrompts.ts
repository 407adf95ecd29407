import * as vscode from 'vscode';
import type { Identity } from '../../core/catalog/catalogSource';
import type { CommandContext } from './commandContext';

/**
 * The signed-in identity; without a key, says `message` with a "Set API Key" button (which runs that command) and
 * resolves undefined.
 */
export async function identityOrOfferKey(ctx: CommandContext, message: string): Promise<Identity | undefined> {
    const identity = await ctx.session.identity();
    if (!identity) {
        const choice = await vscode.window.showInformationMessage(message, 'Set API Key');
        if (choice) {
            await vscode.commands.executeCommand('ngc.auth.setApiKey');
        }
    }
    return identity;
}
