// Renders media/icon.svg to the 128×128 PNG the Marketplace shows (package.json "icon"), with Debian's Chromium
// through playwright-core (the same browser the e2e tests use). Run: node scripts/render-icon.mjs
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const media = fileURLToPath(new URL('../media/', import.meta.url));
const svg = await readFile(`${media}icon.svg`, 'utf8');
const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox'],
});
try {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: `${media}icon.png`, omitBackground: true });
} finally {
    await browser.close();
}
