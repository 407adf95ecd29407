import type * as vscode from 'vscode';

/** Anything with `dispose()`; VS Code's Disposable and core's Disposable both fit. */
export interface DisposableLike {
    dispose(): void;
}

/**
 * The one disposable discipline of the extension layer: a class that registers anything extends this and keeps what
 * it registers with `_register()`. Registering after disposal disposes the late arrival at once.
 */
export abstract class Disposable implements vscode.Disposable {
    private readonly store: DisposableLike[] = [];
    private disposed = false;

    protected _register<T extends DisposableLike>(disposable: T): T {
        if (this.disposed) {
            disposable.dispose();
        } else {
            this.store.push(disposable);
        }
        return disposable;
    }

    protected get isDisposed(): boolean {
        return this.disposed;
    }

    dispose(): void {
        if (this.disposed) {
            return;
        }
        this.disposed = true;
        for (const d of this.store.splice(0).reverse()) {
            try {
                d.dispose();
            } catch {
                // Disposal must not stop other disposals.
            }
        }
    }
}

/** A plain store for places that are not classes (activate). */
export class DisposableStore extends Disposable {
    add<T extends DisposableLike>(disposable: T): T {
        return this._register(disposable);
    }
}
