/**
 * One panel per key, counting panels still being set up. Creating a details panel takes a few awaits (the controller
 * is imported lazily); a second click on the same artifact in that window must reveal the panel being built, not open
 * a twin. No vscode here: `create`, `setUp` and `reveal` are passed in.
 */
export class PanelRegistry<P> {
    private readonly panels = new Map<string, P>();
    private readonly pending = new Map<string, Promise<void>>();

    /**
     * Reveals the panel of `key` (waiting for its set-up if that is still running) or creates one. `create` must be
     * synchronous: the panel is registered before the first await, which is what closes the window for twins.
     */
    async show(
        key: string,
        create: () => P,
        setUp: (panel: P) => Promise<void>,
        reveal: (panel: P) => void,
    ): Promise<void> {
        const existing = this.panels.get(key);
        if (existing !== undefined) {
            reveal(existing);
            await this.pending.get(key);
            return;
        }
        const panel = create();
        this.add(key, panel);
        const ready = setUp(panel);
        this.pending.set(key, ready);
        try {
            await ready;
        } catch (error) {
            this.delete(key, panel);
            throw error;
        } finally {
            if (this.pending.get(key) === ready) {
                this.pending.delete(key);
            }
        }
    }

    /** Registers a panel created elsewhere (restored after a reload). */
    add(key: string, panel: P): void {
        this.panels.set(key, panel);
    }

    get(key: string): P | undefined {
        return this.panels.get(key);
    }

    /** Forgets `panel` under `key`; a newer panel registered under the same key is kept. */
    delete(key: string, panel: P): void {
        if (this.panels.get(key) === panel) {
            this.panels.delete(key);
        }
    }
}
