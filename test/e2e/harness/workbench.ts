import type { Frame, Locator } from 'playwright-core';
import { waitFor } from './processes';
import { escape, QuickInputs } from './quickInputs';

export interface TreeRow {
    label: string;
    description: string;
    /** The codicon class of the item's icon (`codicon-verified-filled`). */
    icon: string;
    /** False when the codicon does not exist (the icon renders as nothing). */
    iconGlyph: boolean;
    level: number;
    index: number;
}

/**
 * What a user does in the VS Code workbench, as Playwright steps. Selectors are VS Code 1.100's DOM: the command
 * palette and every quick pick/input are `.quick-input-widget`; tree rows are `.monaco-list-row` with `aria-level`
 * and `aria-expanded`; a webview is an iframe (`index.html`) holding another (`fake.html`) with the page.
 */
export class Workbench extends QuickInputs {
    async open(url: string): Promise<void> {
        await this.page.goto(url);
        await this.page.locator('.monaco-workbench').waitFor({ timeout: 30_000 });
        // The status bar appears once the extension host connected.
        await this.page.locator('.part.statusbar').waitFor({ timeout: 30_000 });
    }

    /** Opens the NGC activity-bar container. */
    async showNgcView(): Promise<void> {
        const item = this.page.locator('.activitybar .action-item', { has: this.page.locator('[aria-label^="NGC"]') });
        // A container with one view shows the view's name (and its description) in the sidebar title.
        const title = this.page.locator('.part.sidebar .composite.title', { hasText: /NGC/ });
        // Right after a window (re)load the workbench may still be restoring its layout: a click then can be undone
        // (the container shown, then hidden). Click until the view stays shown.
        await waitFor(
            'the NGC view shown',
            async () => {
                if (await title.isVisible()) {
                    return true;
                }
                if ((await item.getAttribute('class'))?.includes('checked') !== true) {
                    await item.click();
                }
                await title.waitFor({ timeout: 3_000 }).catch(() => undefined);
                return (await title.isVisible()) ? true : undefined;
            },
            30_000,
            500,
        );
    }

    /** Opens the NGC view and waits for the guest banner: the extension is up and the tree loaded, with no key. */
    async showNgcViewAsGuest(): Promise<void> {
        await this.showNgcView();
        await this.treeRow('Browsing as guest', 1).waitFor({ timeout: 20_000 });
    }

    /** The catalog view's name and description (`Catalog - Jon Doe`), from its pane header (hidden when alone). */
    async viewTitle(): Promise<string> {
        return (await this.page.locator('.part.sidebar .pane-header').first().getAttribute('aria-label')) ?? '';
    }

    /** A row of the NGC tree by exact label, optionally at a depth (1 = top level); the first match. */
    treeRow(label: string | RegExp, level?: number): Locator {
        const text = typeof label === 'string' ? new RegExp(`^${escape(label)}$`) : label;
        let rows = this.page.locator('.part.sidebar .monaco-list-row');
        if (level !== undefined) {
            rows = this.page.locator(`.part.sidebar .monaco-list-row[aria-level="${level}"]`);
        }
        return rows.filter({ has: this.page.locator('.label-name', { hasText: text }) }).first();
    }

    /** The row `label` directly under `parent` (rows are addressed by their current `data-index`). */
    async childRow(parent: Locator, label: string): Promise<Locator> {
        const child = (await this.childrenOf(parent)).find((c) => c.label === label);
        if (!child) {
            throw new Error(`no row '${label}' under ${await parent.getAttribute('aria-label')}`);
        }
        return this.page.locator(`.part.sidebar .monaco-list-row[data-index="${child.index}"]`);
    }

    /** The rows directly under `parent` (up to the next row at its level), in order. */
    async childrenOf(parent: Locator): Promise<TreeRow[]> {
        const level = Number(await parent.getAttribute('aria-level'));
        const parentIndex = Number(await parent.getAttribute('data-index'));
        const rows = await this.page.locator('.part.sidebar .monaco-list-row').evaluateAll((els) =>
            els.map((e) => ({
                index: Number(e.getAttribute('data-index')),
                level: Number(e.getAttribute('aria-level')),
                label: e.querySelector('.label-name')?.textContent ?? '',
                description: e.querySelector('.label-description')?.textContent ?? '',
                icon:
                    [...(e.querySelector('.custom-view-tree-node-item-icon')?.classList ?? [])].find((c) =>
                        c.startsWith('codicon-'),
                    ) ?? '',
                iconGlyph: ((el) =>
                    !!el && !['none', 'normal', '""'].includes(getComputedStyle(el, '::before').content))(
                    e.querySelector('.custom-view-tree-node-item-icon'),
                ),
            })),
        );
        rows.sort((a, b) => a.index - b.index);
        const out = [];
        for (const row of rows.filter((r) => r.index > parentIndex)) {
            if (row.level <= level) {
                break;
            }
            if (row.level === level + 1) {
                out.push(row);
            }
        }
        return out;
    }

    /** Expands a tree row (twistie click) and waits until its children loaded (no progress bar, a child row). */
    async expand(row: Locator): Promise<TreeRow[]> {
        await row.waitFor();
        if ((await row.getAttribute('aria-expanded')) !== 'true') {
            await row.locator('.monaco-tl-twistie').click();
        }
        await waitFor(
            `${await row.textContent()} expanded`,
            async () => ((await row.getAttribute('aria-expanded')) === 'true' ? true : undefined),
            10_000,
        );
        return waitFor(
            'children of the expanded row',
            async () => {
                const children = await this.childrenOf(row);
                return children.length > 0 ? children : undefined;
            },
            20_000,
        );
    }

    /** Expands the top-level row `top`, then each row of `below` under the one before; the children of the last. */
    async expandPath(top: string, ...below: string[]): Promise<TreeRow[]> {
        let row = this.treeRow(top, 1);
        let children = await this.expand(row);
        for (const label of below) {
            row = await this.childRow(row, label);
            children = await this.expand(row);
        }
        return children;
    }

    async collapse(row: Locator): Promise<void> {
        if ((await row.getAttribute('aria-expanded')) === 'true') {
            await row.locator('.monaco-tl-twistie').click();
        }
    }

    /** The entry `label` of the open context menu (right-click); hover it and press Enter to run it. */
    contextMenuItem(label: string): Locator {
        return this.page.locator('.context-view .monaco-menu .action-item .action-label', { hasText: label }).first();
    }

    /** Notification toasts currently shown, as text. */
    async notifications(): Promise<string[]> {
        return this.page.locator('.notification-toast .notification-list-item-message').allTextContents();
    }

    async waitForNotification(text: RegExp, timeoutMs = 20_000): Promise<string> {
        let shown: string[] = [];
        return waitFor(
            `a notification matching ${text}`,
            async () => {
                shown = await this.notifications();
                return shown.find((n) => text.test(n));
            },
            timeoutMs,
        ).catch((error: unknown) => {
            throw new Error(`${String(error)} (shown: ${JSON.stringify(shown)})`);
        });
    }

    async clearNotifications(): Promise<void> {
        await this.page.keyboard.press('Escape');
        const toasts = this.page.locator('.notification-toast .codicon-notifications-clear');
        for (const close of await toasts.all()) {
            await close.click().catch(() => undefined);
        }
    }

    /**
     * Clears every notification with the palette command and waits until no toast is left in the DOM
     * (`clearNotifications` clicks close buttons, which waits out its timeout on toasts already hidden).
     */
    async clearAllNotifications(): Promise<void> {
        await this.runCommand('Notifications: Clear All Notifications');
        await waitFor(
            'no notification toast',
            async () => ((await this.page.locator('.notification-toast').count()) === 0 ? true : undefined),
            10_000,
        );
    }

    /** The toast whose message matches `text`. */
    toast(text: RegExp): Locator {
        return this.page
            .locator('.notification-toast')
            .filter({ has: this.page.locator('.notification-list-item-message', { hasText: text }) })
            .first();
    }

    /** The button labels of the toast whose message matches `text`, in order. */
    async notificationButtons(text: RegExp): Promise<string[]> {
        const labels = await this.toast(text).locator(TOAST_BUTTON).allTextContents();
        return labels.map((l) => l.trim());
    }

    async clickNotificationButton(text: RegExp, label: string): Promise<void> {
        await this.toast(text).locator(TOAST_BUTTON, { hasText: label }).click();
    }

    /** The webview frame whose page contains `selector` (the inner `fake.html` frame of a panel). */
    async webviewFrame(selector: string, timeoutMs = 20_000): Promise<Frame> {
        return waitFor(
            `a webview frame containing ${selector}`,
            async () => {
                for (const frame of this.page.frames()) {
                    if (frame === this.page.mainFrame() || frame.isDetached()) {
                        continue;
                    }
                    if (
                        await frame
                            .locator(selector)
                            .count()
                            .catch(() => 0)
                    ) {
                        return frame;
                    }
                }
                return undefined;
            },
            timeoutMs,
            250,
        );
    }

    /** Opens a workspace file with Quick Open (Ctrl+P). */
    async openFile(name: string): Promise<void> {
        await this.closeQuickInput();
        await this.page.keyboard.press('Control+P');
        await this.typeInQuickInput(name);
        await this.acceptQuickPick(name);
        await this.page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor();
        await this.page.locator('.editor-instance .monaco-editor').first().waitFor();
    }

    /** Moves the cursor of the active editor to `line` (1-based) with Go to Line. */
    async goToLine(line: number): Promise<void> {
        await this.page.keyboard.press('Control+G');
        await this.typeInQuickInput(`:${line}`);
        await this.page.keyboard.press('Enter');
        await this.quickInput.waitFor({ state: 'hidden' });
    }
}

const TOAST_BUTTON = '.notification-list-item-buttons-container .monaco-button';
