import * as vscode from 'vscode';
import * as path from 'node:path';
import { refPath, type ArtifactRef } from '../catalog/catalogSource';
import { verifyAfterDownload } from '../modelSigning/verifyAfterDownload';
import { withCancellableProgress } from '../platform/progress';
import { formatBytes } from '../tree/format';
import { artifactOf } from '../tree/nodes';
import { isNode } from './catalogCommands';
import { downloadKindOf } from './downloadKind';
import type { CommandContext } from './commandContext';
import { pickVersion } from './pickers';

/**
 * `NGC: Download Version…`: a model or resource version into a workspace folder, verified file by file, with a
 * cancellable notification (bytes, rate, files). Cancelling keeps partials; running again resumes them.
 */
export async function downloadVersion(ctx: CommandContext, node?: unknown): Promise<void> {
    // A container node (or tag) is refused before any picker: its versions list would fail, its download cannot exist.
    const given = isNode(node) ? artifactOf(node) : undefined;
    const early = given && downloadKindOf(given);
    if (early && early.kind === undefined) {
        void vscode.window.showInformationMessage(early.message);
        return;
    }
    const target = await downloadTarget(ctx, node);
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
    const apiKey = await ctx.session.apiKey();
    const ref = target.ref.team
        ? { org: target.ref.org, team: target.ref.team, name: target.ref.name }
        : { org: target.ref.org, name: target.ref.name };
    const label = `${refPath(target.ref)}${target.version ? `:${target.version}` : ''}`;
    const result = await withCancellableProgress(`NGC: downloading ${label}`, async (report, signal) => {
        report('planning…');
        const plan = await planDownload(client, { kind, ref, version: target.version, dest, apiKey, signal });
        let lastPercent = 0;
        const downloaded = await downloadPlan(plan, {
            client,
            apiKey,
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
        report('checking the model signature…');
        return {
            ...downloaded,
            signature: await verifyAfterDownload(client, plan, ctx.session.settings.env, ctx.log, signal),
        };
    });
    const s = result.summary;
    ctx.log.info(
        `downloaded ${label} to ${s.destination}: ${s.files} files, ${s.verifiedSha256} sha256-verified, ${s.verifiedSizeOnly} size-only`,
    );
    const folder = vscode.Uri.file(s.destination);
    const choice = await vscode.window.showInformationMessage(
        `NGC: ${label} downloaded — ${s.files} files, ${formatBytes(s.bytes)}, ${s.verifiedSha256} verified by sha256${s.verifiedSizeOnly ? `, ${s.verifiedSizeOnly} by size only` : ''}${result.signature ? `; ${result.signature}` : ''}.`,
        'Reveal Folder',
    );
    await vscode.commands.executeCommand('revealInExplorer', folder).then(undefined, () => undefined);
    if (choice) {
        await vscode.commands.executeCommand('revealFileInOS', folder);
    }
}

async function downloadTarget(
    ctx: CommandContext,
    node: unknown,
): Promise<{ ref: ArtifactRef; version?: string } | undefined> {
    if (isNode(node) && node.kind === 'version') {
        return { ref: node.artifact, version: node.version.version };
    }
    if (isNode(node) && node.kind === 'artifact') {
        const picked = await pickVersion(ctx, node.artifact);
        return picked && { ref: picked.ref, version: picked.version.version };
    }
    const picked = await pickVersion(ctx);
    return picked && { ref: picked.ref, version: picked.version.version };
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
