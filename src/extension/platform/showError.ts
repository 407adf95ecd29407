import * as vscode from 'vscode';
import { isCancellationError } from '../../core/lib/abort';
import type { Log } from '../../core/lib/log';
import { diagnoseForUi } from './diagnosis';
import { UserCancelledError } from './progress';

const ACTION_BUTTONS = {
    setApiKey: { label: 'Set API Key', command: 'ngc.auth.setApiKey' },
    switchOrg: { label: 'Switch Org', command: 'ngc.org.switch' },
    openLicense: { label: 'Open Licence Page', command: 'ngc.catalog.openLicense' },
    checkSettings: { label: 'Open Settings', command: 'ngc.catalog.openSettings' },
    openCatalogPage: { label: 'Open in NGC Catalog', command: 'ngc.catalog.openCatalogPage' },
    retry: undefined,
} as const;

/**
 * Shows a failure as its diagnosis (title, remedy, one fix button, Show Log). Cancellation is silence, never an error.
 * `args` are passed to the fix command (e.g. the artifact whose licence page should open).
 */
export async function showError(error: unknown, log: Log, args: unknown[] = []): Promise<void> {
    if (isCancellationError(error) || UserCancelledError.is(error)) {
        return;
    }
    const d = diagnoseForUi(error);
    log.error(
        `${d.title}${'detail' in d && d.detail ? ` (${String(d.detail)})` : ''}${error instanceof Error && error.stack ? `\n${error.stack}` : ''}`,
    );
    const fix = d.action ? ACTION_BUTTONS[d.action] : undefined;
    const buttons = [...(fix ? [fix.label] : []), 'Show Log'];
    const choice = await vscode.window.showErrorMessage(`${d.title} — ${d.remedy}`, ...buttons);
    if (fix && choice === fix.label) {
        await vscode.commands.executeCommand(fix.command, ...args);
    } else if (choice === 'Show Log') {
        await vscode.commands.executeCommand('ngc.log.show');
    }
}
