import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';
import { acknowledgingCancel } from '../platform/cancelNotice';
import { withCancellableProgress } from '../platform/progress';
import { mirrorHosts, pinRegistry } from '../mirror/mirrorPins';

/**
 * `NGC: Pin Dockerfile`: every FROM line on the NGC registry gets `:tag@sha256:…` (a stale digest is refreshed),
 * applied as one WorkspaceEdit so a single undo reverts it. Other registries' lines are left alone. A cancel while
 * digests resolve changes nothing and says so.
 */
export async function pinDockerfile(ctx: CommandContext, uri?: unknown): Promise<void> {
    const document =
        uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : await activeDockerfile();
    if (!document) {
        return;
    }
    const [{ parseDockerfile }, { planPins, computePinEdits }, { resolvePinRequests }] = await Promise.all([
        import('../../core/dockerfile/fromLine.js'),
        import('../../core/dockerfile/pin.js'),
        import('../../core/registry/resolveMany.js'),
    ]);
    const text = document.getText();
    const version = document.version;
    // Lines on a mirror's host are pinned too, against the mirror (issue 12 item 6; the CLI's --registry).
    const mirrors = mirrorHosts(ctx);
    const { targets, skipped } = planPins(parseDockerfile(text), {
        ngcRegistry: ctx.session.settings.endpoints.registry,
        extraRegistries: mirrors,
    });
    skipped.forEach((s) => ctx.log.info(`line ${s.line + 1}: ${s.image} skipped: ${s.reason}`));
    if (targets.length === 0) {
        void vscode.window.showInformationMessage(
            `No FROM line uses ${ctx.session.settings.endpoints.registry}: nothing to pin.`,
        );
        return;
    }
    const registry = await pinRegistry(ctx, mirrors);
    const name = vscode.workspace.asRelativePath(document.uri);
    const result = await acknowledgingCancel(
        ctx.log,
        'pin',
        name,
        () =>
            withCancellableProgress('NGC: resolving digests', (report, signal) =>
                resolvePinRequests(
                    registry,
                    targets.map((t) => t.request),
                    { signal, onResolved: (image, done, total) => report(`${done}/${total} ${image}`) },
                ),
            ),
        () => ({ 'Run Again': () => pinDockerfile(ctx, document.uri) }),
    );
    if (!result) {
        return;
    }
    for (const failure of result.failures) {
        ctx.log.warn(
            `could not resolve ${failure.imageKey}: ${failure.error instanceof Error ? failure.error.message : String(failure.error)}`,
        );
    }
    const changes = computePinEdits(targets, result.digests);
    if (document.version !== version) {
        throw new Error('The Dockerfile changed while digests were resolved; run Pin Dockerfile again.');
    }
    if (changes.length > 0) {
        const edit = new vscode.WorkspaceEdit();
        for (const change of changes) {
            edit.replace(
                document.uri,
                new vscode.Range(document.positionAt(change.edit.start), document.positionAt(change.edit.end)),
                change.edit.newText,
            );
        }
        await vscode.workspace.applyEdit(edit);
    }
    const failed = result.failures.length;
    const message = `NGC: pinned ${changes.length} FROM line${changes.length === 1 ? '' : 's'}${failed ? `; ${failed} image${failed === 1 ? '' : 's'} could not be resolved (see log)` : ''}.`;
    if (failed) {
        const choice = await vscode.window.showWarningMessage(message, 'Show Log');
        if (choice) {
            ctx.logs.show();
        }
    } else {
        void vscode.window.showInformationMessage(message);
    }
}

async function activeDockerfile(): Promise<vscode.TextDocument | undefined> {
    const active = vscode.window.activeTextEditor?.document;
    if (
        active &&
        (active.languageId === 'dockerfile' ||
            /(^|[\\/])(Dockerfile|Containerfile)[^\\/]*$|\.dockerfile$/i.test(active.fileName))
    ) {
        return active;
    }
    const files = await vscode.workspace.findFiles(
        '**/{Dockerfile,Dockerfile.*,*.dockerfile,Containerfile}',
        '**/node_modules/**',
        50,
    );
    const pick = await vscode.window.showQuickPick(
        files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })),
        { title: 'NGC: Pin which Dockerfile?' },
    );
    return pick ? vscode.workspace.openTextDocument(pick.uri) : undefined;
}
