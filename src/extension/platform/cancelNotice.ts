import * as vscode from 'vscode';
import type { Log } from '../../core/lib/log';
import { cancelNotice, type CancelAction, type CancellableOperation } from './cancelText';
import { UserCancelledError } from './progress';

/**
 * Acknowledges a cancel: logs it and shows what was left and how to go on, with the buttons `handlers` provides
 * (see {@link cancelNotice}). Not awaited by callers: the command ends now, a button runs later.
 */
export function acknowledgeCancel(
    log: Log,
    operation: CancellableOperation,
    subject: string,
    handlers: Partial<Record<CancelAction, () => unknown>>,
    wroteFiles = false,
): void {
    const notice = cancelNotice(operation, subject, wroteFiles);
    log.info(notice.logLine);
    const actions = notice.actions.filter((a) => handlers[a] !== undefined);
    void vscode.window.showInformationMessage(notice.message, ...actions).then(async (choice) => {
        const run = choice && handlers[choice];
        if (run) {
            try {
                await run();
            } catch (error) {
                // A rerun's own failure is shown by the command it runs; log anything that escaped.
                if (!UserCancelledError.is(error)) {
                    log.error(
                        `after the cancel, ${choice} failed: ${error instanceof Error ? error.message : String(error)}`,
                    );
                }
            }
        }
    });
}

/**
 * Runs `work`; when the user cancels it, acknowledges the cancel and resolves undefined instead of rejecting.
 * `handlers` is read after the cancel, so it can offer what the cancelled run left behind.
 */
export async function acknowledgingCancel<T>(
    log: Log,
    operation: CancellableOperation,
    subject: string,
    work: () => PromiseLike<T>,
    handlers: () => Partial<Record<CancelAction, () => unknown>>,
    wroteFiles: () => boolean = () => false,
): Promise<T | undefined> {
    try {
        return await work();
    } catch (error) {
        if (!UserCancelledError.is(error)) {
            throw error;
        }
        acknowledgeCancel(log, operation, subject, handlers(), wroteFiles());
        return undefined;
    }
}
