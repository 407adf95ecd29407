import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';
import { describeIdentity } from './identityText';

/** `NGC: Set API Key`: password box → SecretStorage → check who it is, and say so. */
export async function setApiKey(ctx: CommandContext): Promise<void> {
    if (await ctx.keys.prompt()) {
        await confirmSignIn(ctx);
    }
}

/** `NGC: Import API Key…`: only with the user's pick, from NGC_API_KEY / NGC_CLI_API_KEY / the NGC CLI config. */
export async function importApiKey(ctx: CommandContext): Promise<void> {
    if (await ctx.keys.offerImport(ctx.session.settings.env)) {
        await confirmSignIn(ctx);
    }
}

/** `NGC: Sign Out`: removes the key from SecretStorage; every window falls back to guest access. */
export async function signOut(ctx: CommandContext): Promise<void> {
    await ctx.keys.clear();
    void vscode.window.showInformationMessage('Signed out of NGC. The public catalog stays available.');
}

/** `NGC: Show Signed-In Identity`: key kind, user, orgs, teams and roles. */
export async function showIdentity(ctx: CommandContext): Promise<void> {
    const identity = await ctx.session.identity();
    if (!identity) {
        const choice = await vscode.window.showInformationMessage(
            'No NGC API key is set: browsing the public catalog as guest.',
            'Set API Key',
        );
        if (choice) {
            await vscode.commands.executeCommand('ngc.auth.setApiKey');
        }
        return;
    }
    const lines = describeIdentity(identity);
    await vscode.window.showQuickPick(
        lines.map((l) => ({ label: l.label, description: l.description })),
        { title: 'NGC identity', placeHolder: lines[0]?.label, canPickMany: false },
    );
}

async function confirmSignIn(ctx: CommandContext): Promise<void> {
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
