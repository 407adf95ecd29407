import * as vscode from 'vscode';

/**
 * `NGC: Open Settings`: the Settings editor filtered to `ngc.`, or to one setting when a link names it (the welcome
 * view's Open Settings passes `ngc.apiUrl`). An error node passed by the tree's fix button is not a setting name.
 */
export async function openSettings(_ctx?: unknown, setting?: unknown): Promise<void> {
    const query = typeof setting === 'string' && /^ngc\.[A-Za-z.]+$/.test(setting) ? setting : 'ngc.';
    await vscode.commands.executeCommand('workbench.action.openSettings', query);
}
