/** The vscode-free disposable shape; VS Code's own Disposable satisfies it. */
export interface Disposable {
    dispose(): void;
}
