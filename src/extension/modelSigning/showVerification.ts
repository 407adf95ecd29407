import * as vscode from 'vscode';
import type { Log } from '../../core/lib/log';
import { describeModelFailure, failuresByCheck, type ModelVerification } from '../../core/modelsign/result';

/** One line for a notification: "verified (N files, signed by CN=…)" or "FAILED: fileDigest (2 files), …". */
export function verificationText(result: ModelVerification): string {
    if (result.verified) {
        const signer =
            result.signer?.kind === 'certificate'
                ? result.signer.subject.replace(/.*CN=/, '')
                : `key sha256:${result.signer?.sha256.slice(0, 12) ?? '?'}…`;
        return `signature verified (${result.filesVerified} files, signed by ${signer})`;
    }
    return `signature verification FAILED: ${failureReason(result)}`;
}

/** Why a check failed, each failing check once with its first file: `fileDigest (model.safetensors +1)`. */
export function failureReason(result: ModelVerification): string {
    return failuresByCheck(result)
        .map(({ check, count, first }) =>
            first.file === undefined
                ? `${check}: ${first.message}`
                : `${check} (${first.file}${count > 1 ? ` +${count - 1}` : ''})`,
        )
        .join(', ');
}

/** Logs every failure and shows the verdict; a failure offers the log. */
export async function showVerification(label: string, result: ModelVerification, log: Log): Promise<void> {
    for (const f of result.failures) {
        log.warn(
            `${label}: ${describeModelFailure(f)}${f.expected ? ` (expected ${f.expected}, got ${f.actual ?? '-'})` : ''}`,
        );
    }
    if (result.verified) {
        void vscode.window.showInformationMessage(`NGC: ${label}: ${verificationText(result)}.`);
        return;
    }
    const choice = await vscode.window.showErrorMessage(`NGC: ${label}: ${verificationText(result)}.`, 'Show Log');
    if (choice) {
        await vscode.commands.executeCommand('ngc.log.show');
    }
}
