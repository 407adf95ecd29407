import * as vscode from 'vscode';
import { Disposable } from '../platform/disposableStore';
import { badgeOf, type ModelVerificationRecord, type ModelVerifications } from './modelVerifications';

/**
 * The Explorer badge of a downloaded model folder whose signature was checked in this session: ✓ verified, ✗ failed,
 * with the verdict as the tooltip. Only the folder itself is decorated (not its files, not its parents).
 */
export class SignatureBadges extends Disposable implements vscode.FileDecorationProvider {
    private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri[]>());
    readonly onDidChangeFileDecorations = this.changed.event;

    constructor(private readonly verdicts: ModelVerifications) {
        super();
        this._register(
            verdicts.onDidChange(({ folder, previousFolder }) =>
                this.changed.fire([folder, previousFolder].flatMap((f) => (f ? [vscode.Uri.file(f)] : []))),
            ),
        );
        this._register(vscode.window.registerFileDecorationProvider(this));
    }

    provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
        if (uri.scheme !== 'file') {
            return undefined;
        }
        const verdict = this.verdicts.ofFolder(uri.fsPath);
        return verdict ? decorationOf(verdict) : undefined;
    }
}

function decorationOf(verdict: ModelVerificationRecord): vscode.FileDecoration {
    const badge = badgeOf(verdict);
    const decoration = new vscode.FileDecoration(badge.text, badge.tooltip, new vscode.ThemeColor(badge.color));
    decoration.propagate = false;
    return decoration;
}
