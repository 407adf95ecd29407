import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';
import { startSimulator } from '../../../sim/server';
import { createProfile, installExtension, startCodeServer, CHROMIUM } from '../harness/codeServer';

async function main() {
    const t0 = Date.now();
    const lap = (m: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
    const root = await mkdtemp(join(tmpdir(), 'ngc-e2e-explore-'));
    const sim = await startSimulator();
    const profile = await createProfile(root, {
        'ngc.apiUrl': sim.urls.api, 'ngc.authUrl': sim.urls.auth, 'ngc.registry': sim.urls.registry, 'ngc.helmUrl': sim.urls.helm,
        'ngc.download.destination': 'downloads',
    });
    await installExtension(profile, '/work/main/dist/ngc-explorer.vsix');
    lap('installed');
    const ws = join(root, 'ws'); await mkdir(ws);
    await writeFile(join(ws, 'Dockerfile'), `# syntax=docker/dockerfile:1\n\nRUN echo hello\n`);
    const cs = await startCodeServer(profile, ws, join(root, 'cs.log'));
    lap('code-server ' + cs.url);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'], env: profile.env });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text().slice(0, 200)); });
    await page.goto(`${cs.url}/?folder=${encodeURIComponent(ws)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 30000 });
    lap('workbench');
    await page.waitForTimeout(3000);
    const acts = await page.locator('.activitybar .action-item a, .activitybar .action-label').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    console.log('activity:', acts);
    await page.locator('.activitybar [aria-label^="NGC"]').first().click();
    await page.waitForTimeout(4000);
    const rows = await page.locator('.part.sidebar .monaco-list-row').evaluateAll((els) => els.map((e) => ({ aria: e.getAttribute('aria-label'), level: e.getAttribute('aria-level'), exp: e.getAttribute('aria-expanded'), html: e.innerHTML.slice(0, 600) })));
    console.log(JSON.stringify(rows, null, 1));
    await page.screenshot({ path: '/tmp/e2e-explore/tree.png' });
    await browser.close();
    await cs.stop();
    await sim.close();
    lap('done ' + root);
}
main().catch((e) => { console.error(e); process.exit(1); });
