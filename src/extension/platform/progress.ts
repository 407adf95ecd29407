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

/** Runs `task` under a cancellable notification; the task receives an AbortSignal and a report function. */
export function withCancellableProgress<T>(
    title: string,
    task: (report: ProgressReport, signal: AbortSignal) => Promise<T>,
    location: vscode.ProgressLocation = vscode.ProgressLocation.Notification,
): Thenable<T> {
    return vscode.window.withProgress({ location, title, cancellable: true }, async (progress, token) => {
        const { signal, dispose } = toAbortSignal(token);
        try {
            return await task((message, increment) => progress.report({ message, increment }), signal);
        } finally {
            dispose();
        }
    });
}
