import type * as vscode from 'vscode';
import type { LineAnalysis } from '../../core/dockerfile/lineAnalysis';
import type { ImageFacts } from '../../core/dockerfile/imageFacts';
import type { SignatureChecks } from '../../core/dockerfile/signatures';
import type { Log } from '../../core/lib/log';

/** What the providers read: the latest analysis of each document, and the facts service behind it. */
export interface DockerfileState {
    analyses(uri: vscode.Uri): readonly LineAnalysis[] | undefined;
    facts(): Promise<ImageFacts>;
    readonly onDidAnalyse: vscode.Event<vscode.Uri>;
    readonly log: Log;
    /** Verify verdicts of this session (the tree model records them). */
    readonly signatures: SignatureChecks;
    /** The NGC registry host[:port] in settings. */
    ngcRegistry(): string;
}
