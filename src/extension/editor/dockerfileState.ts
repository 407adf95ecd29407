import type * as vscode from 'vscode';
import type { LineAnalysis } from '../../core/dockerfile/editorFacts';
import type { ImageFacts } from '../../core/dockerfile/imageFacts';
import type { Log } from '../../core/lib/log';

/** What the providers read: the latest analysis of each document, and the facts service behind it. */
export interface DockerfileState {
    analyses(uri: vscode.Uri): readonly LineAnalysis[] | undefined;
    facts(): Promise<ImageFacts>;
    readonly onDidAnalyse: vscode.Event<vscode.Uri>;
    readonly log: Log;
}

