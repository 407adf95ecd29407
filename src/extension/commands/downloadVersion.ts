import * as vscode from 'vscode';
import * as path from 'node:path';
import { formatArtifactRef } from '../../core/ngc/artifactRef';
import { withCancellableProgress } from '../platform/progress';
import { formatBytes } from '../../core/lib/format';
import { downloadKindOf } from './downloadKind';
import type { CommandContext } from './commandContext';
import { nodeArtifact } from './nodeArgs';
import { versionTarget } from './targets';

/**
 * `NGC: Download Version…`: a model or resource version into a workspace folder, verified file by file, with a
 * cancellable notification (bytes, rate, files). Cancelling keeps partials; running again resumes them.
 */
export async function downloadVersion(ctx: CommandContext, node?: unknown): Promise<void> {
    // A container node (or tag) is refused before any picker: its versions list would fail, its download cannot exist.
    const given = nodeArtifact(node);
    const early = given && downloadKindOf(given);
    if (early && early.kind === undefined) {
        void vscode.window.showInformationMessage(early.message);
        return;
    }
    const target = await versionTarget(ctx, node);
    if (!target) {
        return;
    }
    const decided = downloadKindOf(target.ref);
    if (decided.kind === undefined) {
        void vscode.window.showInformationMessage(decided.message);
        return;
    }
    const kind = decided.kind;
    const dest = await chooseDestination(ctx);
    if (!dest) {
        return;
    }
    const [{ planDownload }, { downloadPlan }] = await Promise.all([
        import('../../core/transfer/plan.js'),
        import('../../core/transfer/download.js'),
    ]);
    const client = await ctx.session.client();
    const ref = target.ref.team
        ? { org: target.ref.org, team: target.ref.team, name: target.ref.name }
        : { org: target.ref.org, name: target.ref.name };
    const label = `${formatArtifactRef(target.ref)}${target.version ? `:${target.version}` : ''}`;
    const result = await withCancellableProgress(`NGC: downloading ${label}`, async (report, signal) => {
        report('planning…');
        const plan = await planDownload(client, { kind, ref, version: target.version, dest, signal });
        let lastPercent = 0;
        return downloadPlan(plan, {
            client,
            concurrency: ctx.session.settings.downloadConcurrency,
            signal,
            log: ctx.logs.for('transfer'),
            onProgress: (event) => {
                if (event.type === 'bytes') {
                    const percent = event.bytesTotal > 0 ? (event.bytesDone / event.bytesTotal) * 100 : 0;
                    const rate = event.rate > 0 ? `${formatBytes(event.rate)}/s` : '';
                    report(
                        `${formatBytes(event.bytesDone)} of ${formatBytes(event.bytesTotal)} · ${rate} · ${event.filesDone}/${event.filesTotal} files`,
                        Math.max(0, percent - lastPercent),
                    );
                    lastPercent = percent;
                } else if (event.type === 'retry') {
                    ctx.log.debug(`retrying ${event.path} (attempt ${event.attempt}): ${event.reason}`);
                } else if (event.type === 'fileFailed') {
                    ctx.log.warn(`${event.path}: ${event.message}`);
                }
            },
        });
    });
    const s = result.summary;
    ctx.log.info(
        `downloaded ${label} to ${s.destination}: ${s.files} files, ${s.verifiedSha256} sha256-verified, ${s.verifiedSizeOnly} size-only`,
    );
    const folder = vscode.Uri.file(s.destination);
    const choice = await vscode.window.showInformationMessage(
        `NGC: ${label} downloaded — ${s.files} files, ${formatBytes(s.bytes)}, ${s.verifiedSha256} verified by sha256${s.verifiedSizeOnly ? `, ${s.verifiedSizeOnly} by size only` : ''}.`,
        'Reveal Folder',
    );
    await vscode.commands.executeCommand('revealInExplorer', folder).then(undefined, () => undefined);
    if (choice) {
        await vscode.commands.executeCommand('revealFileInOS', folder);
    }
}

/** `ngc.download.destination` (relative to the first workspace folder), else a folder picker. */
async function chooseDestination(ctx: CommandContext): Promise<string | undefined> {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const configured = ctx.session.settings.downloadDestination;
    if (configured) {
        return path.isAbsolute(configured) || !root ? configured : path.join(root, configured);
    }
    const picked = await vscode.window.showOpenDialog({
        canSelectFolders: true,
        canSelectFiles: false,
        canSelectMany: false,
        openLabel: 'Download Here',
        title: 'NGC: download into which folder?',
        defaultUri: root ? vscode.Uri.file(root) : undefined,
    });
    return picked?.[0]?.fsPath;
}
