import * as vscode from 'vscode';

/** `NGC: Open Settings`: the Settings editor filtered to `ngc.`. */
export async function openSettings(): Promise<void> {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'ngc.');
}
