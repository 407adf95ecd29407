import * as vscode from 'vscode';

/**
 * The single place where VS Code's CancellationToken becomes core's AbortSignal. Aborting closes the socket in core
 * (undici honours the signal), so cancelling stops the transfer instead of racing it.
 */
export function toAbortSignal(token: vscode.CancellationToken): { signal: AbortSignal; dispose(): void } {
    const controller = new AbortController();
    if (token.isCancellationRequested) {
        controller.abort();
        return { signal: controller.signal, dispose() {} };
    }
    const listener = token.onCancellationRequested(() => controller.abort());
    return { signal: controller.signal, dispose: () => listener.dispose() };
}

export type ProgressReport = (message: string, increment?: number) => void;

/**
 * The user pressed Cancel on a progress notification: whatever the task threw after that (core's CancelledError,
 * undici's AbortError, a half-read stream's error) becomes this one error, so commands can acknowledge the cancel
 * (`acknowledgeCancel`) and the command wrapper stays silent about it. Other aborts (timeouts) stay failures.
 */
export class UserCancelledError extends Error {
    override readonly name = 'UserCancelledError';
    constructor(cause?: unknown) {
        super('Cancelled by the user', cause === undefined ? undefined : { cause });
    }
    static is(error: unknown): error is UserCancelledError {
        return error instanceof UserCancelledError;
    }
}

/**
 * Runs `task` under a cancellable notification; the task receives an AbortSignal and a report function. When the
 * user cancels, the promise rejects with {@link UserCancelledError}.
 */
export function withCancellableProgress<T>(
    title: string,
    task: (report: ProgressReport, signal: AbortSignal) => Promise<T>,
    location: vscode.ProgressLocation = vscode.ProgressLocation.Notification,
): Thenable<T> {
    return vscode.window.withProgress({ location, title, cancellable: true }, async (progress, token) => {
        const { signal, dispose } = toAbortSignal(token);
        try {
            return await task((message, increment) => progress.report({ message, increment }), signal);
        } catch (error) {
            // After Cancel, any failure is the cancel's echo (a stream cut mid-read reports itself in its own words).
            if (token.isCancellationRequested) {
                throw UserCancelledError.is(error) ? error : new UserCancelledError(error);
            }
            throw error;
        } finally {
            dispose();
        }
    });
}
