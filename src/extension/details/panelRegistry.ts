/** How the registry makes, loads and shows a panel; `setUp` loads the artifact of `key` into `panel`. */
export interface PanelOps<P> {
    /** Must be synchronous: the panel is registered before the first await, which closes the window for twins. */
    create(): P;
    setUp(panel: P, key: string): Promise<void>;
    reveal(panel: P): void;
}

/**
 * One panel per key, counting panels still being set up, and at most one *preview* panel, the way VS Code's preview
 * editors work: a single click shows an artifact in the preview panel, replacing what it showed; a double click or
 * an edit-like action keeps (pins) it, and the next single click opens a new preview. An artifact already shown,
 * pinned or previewed, is revealed, never opened twice. Creating a details panel takes a few awaits (the controller
 * is imported lazily); a second click on the same artifact in that window reveals the panel being built. No vscode
 * here: the operations are passed in.
 */
export class PanelRegistry<P> {
    private readonly panels = new Map<string, P>();
    private readonly pending = new Map<string, Promise<void>>();
    private preview: P | undefined;

    /**
     * Reveals the panel of `key` (waiting for its set-up if that is still running), else loads `key` into the preview
     * panel when `asPreview` and there is one, else creates a panel. `asPreview` false pins the panel it shows.
     */
    async show(key: string, ops: PanelOps<P>, asPreview = false): Promise<void> {
        const existing = this.panels.get(key);
        if (existing !== undefined) {
            if (!asPreview) {
                this.pin(existing);
            }
            ops.reveal(existing);
            await this.pending.get(key);
            return;
        }
        const reused = asPreview ? this.preview : undefined;
        const panel = reused ?? ops.create();
        if (reused !== undefined) {
            this.forget(reused);
            ops.reveal(reused);
        }
        this.add(key, panel);
        this.preview = asPreview ? panel : this.preview;
        const ready = ops.setUp(panel, key);
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

    /** Keeps `panel`: the next preview opens beside it instead of replacing it. */
    pin(panel: P): void {
        if (this.preview === panel) {
            this.preview = undefined;
        }
    }

    isPreview(panel: P): boolean {
        return this.preview === panel;
    }

    /** Registers a panel created elsewhere (restored after a reload: pinned). */
    add(key: string, panel: P): void {
        this.panels.set(key, panel);
    }

    get(key: string): P | undefined {
        return this.panels.get(key);
    }

    /** The key `panel` shows now. */
    keyOf(panel: P): string | undefined {
        for (const [key, p] of this.panels) {
            if (p === panel) {
                return key;
            }
        }
        return undefined;
    }

    /** Forgets `panel` under `key` (it was closed); a newer panel registered under the same key is kept. */
    delete(key: string, panel: P): void {
        if (this.panels.get(key) === panel) {
            this.panels.delete(key);
        }
        if (this.preview === panel && this.keyOf(panel) === undefined) {
            this.preview = undefined;
        }
    }

    private forget(panel: P): void {
        const key = this.keyOf(panel);
        if (key !== undefined) {
            this.panels.delete(key);
            this.pending.delete(key);
        }
    }
}

/**
 * Tells a double click from two single clicks: VS Code's tree runs an item's command once per click and has no
 * double-click event, so two runs for the same item within `windowMs` are one double click.
 */
export class DoubleClicks {
    private last: { key: string; at: number } | undefined;

    constructor(private readonly windowMs = 500) {}

    /** Records a click on `key` at `now` (ms); true when it is the second of a double click. */
    click(key: string, now: number): boolean {
        const double = this.last !== undefined && this.last.key === key && now - this.last.at <= this.windowMs;
        this.last = double ? undefined : { key, at: now };
        return double;
    }
}
