import type { Locator, Page } from 'playwright-core';
import { waitFor } from './processes';

/**
 * The command palette and every quick pick / input box (`.quick-input-widget` in VS Code 1.100), as Playwright
 * steps; {@link Workbench} builds on it.
 */
export class QuickInputs {
    constructor(readonly page: Page) {}

    get quickInput(): Locator {
        return this.page.locator('.quick-input-widget');
    }

    /** Runs a command from the palette by its full title (`NGC: Set API Key`). */
    async runCommand(title: string): Promise<void> {
        await this.closeQuickInput();
        await this.openQuickInput(() => this.page.keyboard.press('F1'));
        await this.quickInput.locator('input.input').fill(`>${title}`);
        await this.acceptQuickPick(title);
    }

    /**
     * Does `open` (a key, a click) until the quick input shows and stays for a moment. A quick input closes when
     * focus leaves it, and an editor that finishes rendering (a walkthrough, a webview) can take focus just after
     * it opened; a key pressed while a webview has focus can also be lost on its way to the workbench.
     */
    async openQuickInput(open: () => Promise<unknown>, timeoutMs = 20_000, settleMs = 300): Promise<void> {
        const input = this.quickInput.locator('input.input');
        await waitFor(
            'the quick input open',
            async () => {
                if (!(await input.isVisible())) {
                    await open();
                    await input.waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined);
                    await this.page.waitForTimeout(settleMs);
                }
                return (await input.isVisible()) ? true : undefined;
            },
            timeoutMs,
            0,
        );
    }

    /** Runs a palette command, types `search` into its quick pick and accepts `picks` in turn (artifact, version…). */
    async runCommandPicking(title: string, search: string, ...picks: (string | RegExp)[]): Promise<void> {
        await this.runCommand(title);
        await this.typeInQuickInput(search);
        for (const pick of picks) {
            await this.acceptQuickPick(pick);
        }
    }

    /** Fills the password box of the open quick input with `value`, without accepting. */
    async enterPassword(value: string): Promise<void> {
        const password = this.quickInput.locator('input[type="password"]');
        await password.waitFor({ state: 'visible' });
        await password.fill(value);
    }

    /** NGC: Set API Key with `key` typed into its password box (the outcome is for the caller to wait for). */
    async setApiKey(key: string): Promise<void> {
        await this.runCommand('NGC: Set API Key');
        await this.enterPassword(key);
        await this.page.keyboard.press('Enter');
    }

    /** Waits for the quick pick row whose label is `label` (exactly, after codicons), focuses it and presses Enter. */
    async acceptQuickPick(label: string | RegExp, timeoutMs = 15_000): Promise<void> {
        const row = this.quickPickRow(label);
        await row.waitFor({ state: 'visible', timeout: timeoutMs });
        await row.click();
    }

    quickPickRow(label: string | RegExp): Locator {
        const text = typeof label === 'string' ? new RegExp(`^\\s*${escape(label)}\\s*$`) : label;
        return this.quickInput
            .locator('.quick-input-list .monaco-list-row')
            .filter({ has: this.page.locator('.label-name', { hasText: text }) });
    }

    /** Types into the open quick input (search box or input box) without accepting. */
    async typeInQuickInput(text: string): Promise<void> {
        const input = this.quickInput.locator('input.input');
        await input.waitFor({ state: 'visible' });
        await input.fill(text);
    }

    async quickInputTitle(): Promise<string> {
        return (await this.quickInput.locator('.quick-input-title').textContent()) ?? '';
    }

    async closeQuickInput(): Promise<void> {
        if (await this.quickInput.isVisible()) {
            await this.page.keyboard.press('Escape');
            await this.quickInput.waitFor({ state: 'hidden' });
        }
    }
}

export function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
