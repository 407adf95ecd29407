import * as vscode from 'vscode';

/**
 * `NGC: Open Settings`: the Settings editor filtered to `ngc.`, or to one setting when a link names it (the welcome
 * view's Open Settings passes `ngc.apiUrl`; an error node passed by the tree's fix button is not a setting name).
 * In a remote window the endpoints (scope machine) are listed under the Remote tab only: the User tab
 * finds none of them (seen in code-server 4.100), so a remote window opens the Remote tab.
 */
export async function openSettings(_ctx?: unknown, setting?: unknown): Promise<void> {
    const query = typeof setting === 'string' && /^ngc\.[A-Za-z.]+$/.test(setting) ? `@id:${setting}` : 'ngc.';
    const command = vscode.env.remoteName ? 'workbench.action.openRemoteSettings' : 'workbench.action.openSettings';
    await vscode.commands.executeCommand(command, { query });
}
