import * as vscode from 'vscode';
import * as path from 'node:path';
import { readModelSigningSettings } from '../modelSigning/modelSigningSettings';
import { failureReason, showVerification, verificationText } from '../modelSigning/showVerification';
import { withCancellableProgress } from '../platform/progress';
import type { CommandContext } from './commandContext';

/**
 * `NGC: Verify Model Signature…` on any folder (Explorer context menu, or the palette with a folder picker): for
 * models that came from elsewhere. The signature is `result.sigstore` or the one `*.sig` at the top, else picked;
 * the trust is `ngc.modelSigning.rootCertificate` / `.publicKey`, else a picked PEM (a certificate is a root, a
 * `PUBLIC KEY` a key). The verdict badges the folder in the Explorer (✓ / ✗) for this session.
 */
export async function verifyModelFolder(ctx: CommandContext, resource?: unknown): Promise<void> {
    const folder = resource instanceof vscode.Uri ? resource.fsPath : await pickOne('folder', 'Verify This Model');
    if (!folder) {
        return;
    }
    const { signatureCandidates, loadModelTrust } = await import('../../core/modelsign/trustMaterial.js');
    const candidates = await signatureCandidates(folder);
    const signaturePath = candidates.length === 1 ? candidates[0] : await pickOne('file', 'Use This Signature', folder);
    if (!signaturePath) {
        return;
    }
    const settings = readModelSigningSettings(ctx.session.settings.env);
    let root = settings.rootCertificate;
    let key = settings.publicKey;
    if (!root && !key) {
        const picked = await pickOne('file', 'Trust This Root or Key', folder, { PEM: ['pem', 'crt', 'cer', 'pub'] });
        if (!picked) {
            return;
        }
        const text = (await vscode.workspace.fs.readFile(vscode.Uri.file(picked))).toString();
        [root, key] = text.includes('BEGIN CERTIFICATE') ? [picked, undefined] : [undefined, picked];
    }
    const trust = await loadModelTrust(root ? [root] : [], key);
    const { verifyModel } = await import('../../core/modelsign/verifyModel.js');
    const label = path.basename(folder);
    const result = await withCancellableProgress(`NGC: verifying the signature of ${label}`, (report, signal) =>
        verifyModel(folder, {
            signaturePath,
            trustAnchors: trust.trustAnchors,
            publicKey: trust.publicKey,
            signal,
            onProgress: (e) => report(`${e.filesDone}/${e.filesTotal} files`, (100 * e.filesDone) / e.filesTotal),
        }),
    );
    ctx.log.info(`verified ${folder} against ${trust.sources.join(', ')}: ${result.verified ? 'ok' : 'FAILED'}`);
    ctx.model.modelVerifications.recordFolder({
        state: result.verified ? 'verified' : 'failed',
        summary: result.verified ? verificationText(result) : failureReason(result),
        folder,
    });
    await showVerification(label, result, ctx.log);
}

async function pickOne(
    what: 'file' | 'folder',
    openLabel: string,
    near?: string,
    filters?: Record<string, string[]>,
): Promise<string | undefined> {
    const picked = await vscode.window.showOpenDialog({
        canSelectFiles: what === 'file',
        canSelectFolders: what === 'folder',
        canSelectMany: false,
        openLabel,
        filters,
        defaultUri: near ? vscode.Uri.file(near) : vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    return picked?.[0]?.fsPath;
}
