import * as vscode from 'vscode';
import { formatArtifactRef, type CatalogRef } from '../../core/ngc/artifactRef';
import { formatBytes } from '../../core/lib/format';
import { transferProgressText } from '../../core/lib/progressText';
import type { DownloadResult } from '../../core/transfer/download';
import { acknowledgingCancel } from '../platform/cancelNotice';
import { realFolderInside, workspaceRefusal } from '../platform/settingSources';
import { verifyAfterDownload } from '../modelSigning/verifyAfterDownload';
import { withCancellableProgress } from '../platform/progress';
import { downloadKindOf } from './downloadKind';
import type { CommandContext } from './commandContext';
import { nodeArtifact } from './nodeArgs';
import type { PartialDownload } from './partialDownload';
import { readyVersionTarget } from './targets';

type FileKind = 'model' | 'resource' | 'helm-chart';

/** One download as the user asked for it; Resume runs it again unchanged (no pickers). */
interface DownloadJob {
    ref: CatalogRef;
    version?: string;
    kind: FileKind;
    dest: string;
}

/**
 * `NGC: Download Version…`: a model or resource version into a workspace folder, verified file by file, with a
 * cancellable notification (bytes, rate, time left, files). A cancel is acknowledged with Resume (partials are kept
 * and resumed) and Delete Partial Files; the finished notification offers Reveal in Explorer and Open Folder in OS
 * and moves no view by itself.
 */
export async function downloadVersion(ctx: CommandContext, node?: unknown): Promise<void> {
    // A container node (or tag) is refused before any picker: its versions list would fail, its download cannot exist.
    const given = nodeArtifact(node);
    const early = given && downloadKindOf(given);
    if (early && early.kind === undefined) {
        void vscode.window.showInformationMessage(early.message);
        return;
    }
    const target = await readyVersionTarget(ctx, node);
    if (!target) {
        return;
    }
    const decided = downloadKindOf(target.ref);
    if (decided.kind === undefined) {
        void vscode.window.showInformationMessage(decided.message);
        return;
    }
    const dest = await chooseDestination(ctx);
    if (!dest) {
        return;
    }
    await runDownload(ctx, { ref: target.ref, version: target.version, kind: decided.kind, dest });
}

async function runDownload(ctx: CommandContext, job: DownloadJob): Promise<void> {
    const [{ planDownload }, { downloadPlan }, partials] = await Promise.all([
        import('../../core/transfer/plan.js'),
        import('../../core/transfer/download.js'),
        import('./partialDownload.js'),
    ]);
    const client = await ctx.session.client();
    const ref = job.ref.team
        ? { org: job.ref.org, team: job.ref.team, name: job.ref.name }
        : { org: job.ref.org, name: job.ref.name };
    const label = `${formatArtifactRef(job.ref)}${job.version ? `:${job.version}` : ''}`;
    let partial: PartialDownload | undefined;
    let wrote = false;
    const result = await acknowledgingCancel(
        ctx.log,
        'download',
        label,
        () =>
            withCancellableProgress(`NGC: downloading ${label}`, async (report, signal) => {
                report('planning…');
                const plan = await planDownload(client, {
                    kind: job.kind,
                    ref,
                    version: job.version,
                    dest: job.dest,
                    signal,
                });
                partial = await partials.beforeDownload(plan);
                let lastPercent = 0;
                let downloaded: DownloadResult;
                try {
                    downloaded = await downloadPlan(plan, {
                        client,
                        concurrency: ctx.session.settings.downloadConcurrency,
                        signal,
                        log: ctx.logs.for('transfer'),
                        onProgress: (event) => {
                            if (event.type === 'bytes') {
                                const percent = event.bytesTotal > 0 ? (event.bytesDone / event.bytesTotal) * 100 : 0;
                                report(transferProgressText(event), Math.max(0, percent - lastPercent));
                                lastPercent = Math.max(lastPercent, percent);
                            } else if (event.type === 'retry') {
                                ctx.log.debug(`retrying ${event.path} (attempt ${event.attempt}): ${event.reason}`);
                            } else if (event.type === 'fileFailed') {
                                ctx.log.warn(`${event.path}: ${event.message}`);
                            }
                        },
                    });
                } finally {
                    wrote = await partials.leftFiles(partial);
                }
                report('checking the model signature…');
                const signature = await verifyAfterDownload(
                    client,
                    plan,
                    ctx.session.settings.env,
                    ctx.log,
                    signal,
                    ctx.model.modelVerifications,
                );
                return { ...downloaded, signature };
            }),
        () => ({
            Resume: () => runDownload(ctx, job),
            'Run Again': () => runDownload(ctx, job),
            ...(partial && wrote
                ? {
                      'Delete Partial Files': async () => {
                          if (partial) {
                              await partials.deletePartialDownload(partial);
                              ctx.log.info(`deleted the partial download of ${label} in ${partial.plan.destination}`);
                              void vscode.window.showInformationMessage(`Deleted the partial download of ${label}.`);
                          }
                      },
                  }
                : {}),
        }),
        () => wrote,
    );
    if (result) {
        announce(ctx, label, result);
    }
}

/**
 * The finished notification. Not awaited, and nothing moves unless the user clicks: the NGC view stays where it is.
 * "Reveal in Explorer" selects the folder in VS Code's Explorer; "Open Folder in OS" opens the system file manager.
 */
function announce(ctx: CommandContext, label: string, result: DownloadResult & { signature?: string }): void {
    const s = result.summary;
    ctx.log.info(
        `downloaded ${label} to ${s.destination}: ${s.files} files, ${s.verifiedSha256} sha256-verified, ${s.verifiedSizeOnly} size-only`,
    );
    const folder = vscode.Uri.file(s.destination);
    const files = `${s.files} file${s.files === 1 ? '' : 's'}`;
    const bySize = s.verifiedSizeOnly ? `, ${s.verifiedSizeOnly} by size only` : '';
    void vscode.window
        .showInformationMessage(
            `NGC: ${label} downloaded — ${files}, ${formatBytes(s.bytes)}, ${s.verifiedSha256} verified by sha256${bySize}${result.signature ? `; ${result.signature}` : ''}.`,
            REVEAL_IN_EXPLORER,
            OPEN_IN_OS,
        )
        .then(async (choice) => {
            if (choice === REVEAL_IN_EXPLORER) {
                await vscode.commands.executeCommand('revealInExplorer', folder);
            } else if (choice === OPEN_IN_OS) {
                await vscode.commands.executeCommand('revealFileInOS', folder);
            }
        });
}

const REVEAL_IN_EXPLORER = 'Reveal in Explorer';
const OPEN_IN_OS = 'Open Folder in OS';

function refuseDestination(ctx: CommandContext, message: string): void {
    ctx.log.warn(message);
    void vscode.window.showWarningMessage(message);
}

/**
 * `ngc.download.destination` (relative to the first workspace folder; a workspace's own value only inside it, links
 * followed, else the user's own value), else a folder picker.
 */
async function chooseDestination(ctx: CommandContext): Promise<string | undefined> {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const configured = ctx.session.settings.downloadDestination;
    if (configured && 'folder' in configured) {
        if (!configured.fromWorkspace || (root !== undefined && (await realFolderInside(root, configured.folder)))) {
            return configured.folder;
        }
        refuseDestination(ctx, workspaceRefusal(configured.folder));
        if (configured.userFolder !== undefined) {
            return configured.userFolder;
        }
    } else if (configured) {
        refuseDestination(ctx, configured.refused);
        if (configured.userFolder !== undefined) {
            return configured.userFolder;
        }
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
