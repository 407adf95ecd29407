import * as vscode from 'vscode';
import type { Identity } from '../../core/catalog/catalogSource';
import type { CommandContext } from './commandContext';
import { describeIdentity } from './identityText';

/** After a key was stored: check who it is (window progress) and say so. */
export async function confirmSignIn(ctx: CommandContext): Promise<void> {
    const identity = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'NGC: checking the key' },
        () => ctx.session.identity(),
    );
    if (identity) {
        const [head] = describeIdentity(identity);
        void vscode.window.showInformationMessage(
            `NGC: signed in — ${head?.label ?? ''} ${head?.description ?? ''}`.trim(),
        );
    }
}

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
