import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';
import { describeIdentity } from './identityText';
import { identityOrOfferKey } from './signInPrompts';

/** `NGC: Show Signed-In Identity`: key kind, user, orgs, teams and roles. */
export async function showIdentity(ctx: CommandContext): Promise<void> {
    const identity = await identityOrOfferKey(ctx, 'No NGC API key is set: browsing the public catalog as guest.');
    if (!identity) {
        return;
    }
    const lines = describeIdentity(identity);
    await vscode.window.showQuickPick(
        lines.map((l) => ({ label: l.label, description: l.description })),
        { title: 'NGC identity', placeHolder: lines[0]?.label, canPickMany: false },
    );
}
