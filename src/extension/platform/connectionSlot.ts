/**
 * Holds the one live connection (or the promise of it) and its lifecycle, without vscode: built on first use, dropped
 * and closed on reset (the next caller builds a new one), closed on dispose. A build that fails is forgotten so the
 * next caller retries, but only if it is still the current one: a failure of a build that a reset already replaced
 * must not clear the new connection.
 */
export class ConnectionSlot<T> {
    private current: Promise<T> | undefined;
    private disposed = false;

    constructor(
        private readonly build: () => Promise<T>,
        /** Frees what a built connection holds (its dispatcher's sockets). Errors are ignored. */
        private readonly close: (connection: T) => Promise<void> | void,
    ) {}

    get(): Promise<T> {
        if (this.disposed) {
            return Promise.reject(new Error('the session was disposed'));
        }
        if (!this.current) {
            const pending = this.build();
            this.current = pending;
            pending.catch(() => {
                if (this.current === pending) {
                    this.current = undefined;
                }
            });
        }
        return this.current;
    }

    /** Forgets the current connection and closes it once it is built (requests already sent finish first). */
    reset(): void {
        const old = this.current;
        this.current = undefined;
        if (old) {
            old.then(
                (connection) => Promise.resolve(this.close(connection)).catch(() => undefined),
                () => undefined,
            );
        }
    }

    dispose(): void {
        this.reset();
        this.disposed = true;
    }
}
