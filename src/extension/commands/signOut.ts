import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';

/** `NGC: Sign Out`: removes the key from SecretStorage; every window falls back to guest access. */
export async function signOut(ctx: CommandContext): Promise<void> {
    await ctx.keys.clear();
    void vscode.window.showInformationMessage('Signed out of NGC. The public catalog stays available.');
}
