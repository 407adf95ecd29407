/**
 * (e2e) Empty and edge states of issue 11, items 7 and 8, in the real workbench (code-server + Chromium) against the
 * simulator: the NGC view's welcome while the API endpoint refuses connections (the simulator not running), with
 * Retry and Open Settings, and the tree back once the endpoint answers; the palette's version picker marks a version
 * still uploading and refuses it; Helm chart versions offer Download and Copy Helm Command in the tree, with NGC
 * credentials only for a private org. Screenshots: test-results/e2e/welcome-*.png.
 * Run: `node --import tsx --test test/e2e/welcome.e2e.ts` (after scripts/install-e2e-deps.sh).
 */
import assert from 'node:assert/strict';
import { createConnection, createServer, type AddressInfo, type Server } from 'node:net';
import { after, describe } from 'node:test';
import type { Locator } from 'playwright-core';
import { waitFor } from './harness/processes';
import { reloadWindow, setUserSetting, type E2eSession } from './harness/session';
import { e2eSuite, missingE2eDependencies } from './harness/suite';

const missing = missingE2eDependencies();

/** Words that belong to the CLI and must never reach an editor surface. */
const CLI_WORDS = /--dest|--type|ngc-explorer |NGC_API_KEY|NGC_CLI_API_KEY|NGC_ORG|export [A-Z_]+=/;

describe(
    'Welcome and edge states in a real VS Code (issue 11: unreachable endpoint, pickers, Helm charts)',
    { skip: missing ?? false, timeout: 300_000 },
    () => {
        const { test, log, shot } = e2eSuite('welcome');
        /** Stands in for the simulator starting on the port the settings name (forwards to the running one). */
        let forwarder: Server | undefined;
        after(() => new Promise<void>((done) => (forwarder ? forwarder.close(() => done()) : done())));

        test('Should show a welcome with Retry and Open Settings while the API endpoint refuses connections, and the tree once it answers', async (s) => {
            const port = await closedPort();
            await setUserSetting(s, 'ngc.apiUrl', `http://127.0.0.1:${port}`);
            await s.wb.showNgcView();
            // A guest's groups need no request; the view loads the public Containers behind them and finds the
            // endpoint closed before the user opens anything.
            const welcome = s.page.locator('.part.sidebar .welcome-view-content');
            await welcome.getByText(/NGC cannot be reached/).waitFor({ timeout: 30_000 });
            assert.equal(await visibleRows(s), 0, 'the tree gives way to the welcome');
            const text = await welcome.innerText();
            log(`welcome: ${text.replace(/\n+/g, ' | ')}`);
            assert.match(text, /refused, the host was not found, or it did not answer in time/);
            assert.doesNotMatch(text, CLI_WORDS);
            assert.deepEqual(await buttons(welcome), ['Retry', 'Open Settings']);
            await shot(s, 'unreachable');

            // Retry while the endpoint is still closed: the welcome stays (the failed listing was asked again).
            await welcome.locator('.monaco-button', { hasText: 'Retry' }).click();
            await s.page.waitForTimeout(4_000);
            assert.equal(await welcome.getByText(/NGC cannot be reached/).isVisible(), true);
            assert.equal(await visibleRows(s), 0);

            // Open Settings goes to the endpoint setting.
            await welcome.locator('.monaco-button', { hasText: 'Open Settings' }).click();
            const setting = s.page.locator('.settings-editor .setting-item-contents', { hasText: /Api Url/ }).first();
            await setting.waitFor({ timeout: 15_000 }).catch(async (error: unknown) => {
                await shot(s, 'open-settings-failed');
                throw error;
            });
            assert.equal(
                await s.page.locator('.settings-editor .setting-item-contents').count(),
                1,
                'the Settings editor shows the API endpoint alone',
            );
            await shot(s, 'open-settings');
            await s.wb.runCommand('View: Close All Editors');

            // The endpoint comes up (the simulator started there): Retry brings the tree back.
            forwarder = await forward(port, new URL(s.sim.urls.api));
            await welcome.locator('.monaco-button', { hasText: 'Retry' }).click();
            await s.wb.treeRow('Public catalog', 1).waitFor({ timeout: 30_000 });
            assert.equal(await welcome.isVisible(), false, 'the welcome is gone');
            const containers = await s.wb.expandPath('Public catalog', 'Containers');
            assert.ok(
                containers.some((c) => c.label === 'pytorch'),
                'the catalog reads once the endpoint answers',
            );
            await shot(s, 'back');
            await s.wb.collapse(s.wb.treeRow('Containers', 2));
        });

        test('Should list a version still uploading as not downloadable in the palette picker, and refuse it with a reason', async (s) => {
            await s.wb.runCommandPicking('NGC: Download Version…', 'peoplenet', 'PeopleNet');
            const pending = s.wb.quickPickRow('3.0');
            await pending.waitFor({ timeout: 15_000 });
            assert.match(
                (await pending.locator('.label-description').textContent()) ?? '',
                /^upload pending · not downloadable/,
            );
            assert.equal(await pending.locator('.codicon-clock').count(), 1, 'the clock icon of the tree');
            assert.doesNotMatch(
                (await s.wb.quickPickRow('2.6.1').locator('.label-description').textContent()) ?? '',
                /not downloadable/,
            );
            await shot(s, 'picker-pending');
            await pending.click();
            const message = await s.wb.waitForNotification(/cannot be downloaded yet/, 20_000);
            assert.match(message, /upload pending/);
            assert.doesNotMatch(message, CLI_WORDS);
            assert.deepEqual(await s.wb.notificationButtons(/cannot be downloaded yet/), ['Choose Another Version']);
            await s.page.waitForTimeout(800); // the toast's fade-in
            await shot(s, 'picker-refused');
            await s.wb.clickNotificationButton(/cannot be downloaded yet/, 'Choose Another Version');
            await s.wb.quickPickRow('2.6.1').waitFor({ timeout: 15_000 });
            assert.match(await s.wb.quickInputTitle(), /nvidia\/tao\/peoplenet/);
            await s.wb.closeQuickInput();
            await s.wb.clearAllNotifications();

            // Download Version… finds Helm charts too.
            await s.wb.runCommand('NGC: Download Version…');
            await s.wb.typeInQuickInput('gpu-operator');
            await s.wb.quickPickRow(/NVIDIA GPU Operator/).waitFor({ timeout: 15_000 });
            await s.wb.closeQuickInput();
        });

        test('Should offer Download and Copy Helm Command on chart versions in the tree, with credentials only for a private org', async (s) => {
            await s.context.grantPermissions(['clipboard-read', 'clipboard-write']);
            await s.wb.showNgcView();
            await s.wb.expandPath('Public catalog', 'Helm charts');
            const chart = s.wb.treeRow('gpu-operator', 3);
            await s.wb.expand(chart);
            const version = await s.wb.childRow(chart, 'v24.9.2');
            await version.hover();
            assert.deepEqual(await inlineActions(version), ['Copy Helm Command', 'Download Version…']);
            await shot(s, 'helm-inline');
            await version.locator('.actions .action-label[aria-label="Copy Helm Command"]').click();
            const helm = s.sim.urls.helm.replace(/\/+$/, '');
            assert.equal(
                await clipboard(s),
                `helm repo add nvidia ${helm}/nvidia\nhelm fetch nvidia/gpu-operator --version v24.9.2`,
                'a public chart: no credentials, the same text as the details panel',
            );
            await s.wb.collapse(s.wb.treeRow('Public catalog', 1));

            await s.wb.setApiKey(s.sim.keys.personal);
            await s.wb.waitForNotification(/signed in — Jon Doe/, 30_000);
            await s.wb.clearAllNotifications();
            await s.page.evaluate(() => navigator.clipboard.writeText(''));
            await s.wb.expandPath('acme', 'vision', 'Helm charts', 'vision/detector-chart');
            const priv = s.wb.treeRow('0.1.0', 5);
            await priv.click({ button: 'right' });
            const entry = s.page
                .locator('.context-view .monaco-menu .action-item .action-label', { hasText: 'Copy Helm Command' })
                .first();
            await entry.hover();
            await shot(s, 'helm-context-menu');
            await s.page.keyboard.press('Enter');
            const copied = await clipboard(s);
            assert.equal(
                copied,
                `helm repo add acme-vision ${helm}/acme/vision --username='$oauthtoken' --password="$NGC_API_KEY"\n` +
                    'helm fetch acme-vision/detector-chart --version 0.1.0',
            );
            assert.equal(copied.includes(s.sim.keys.personal), false, 'the key itself never reaches the clipboard');
        });

        test('Should say NGC is not reachable in the status bar with a key set, keep the key, and recover on Retry', async (s) => {
            const status = s.page.locator('.part.statusbar .statusbar-item', { hasText: /NGC|acme|nvidia/ }).first();
            await status.filter({ hasText: /nvidia|acme/ }).waitFor({ timeout: 30_000 });
            // The endpoint goes away (the simulator stopped): a fresh window finds it closed.
            assert.ok(forwarder, 'the first test started the forwarder');
            const port = (forwarder.address() as AddressInfo).port;
            // No new connection is accepted from here; the old window's sockets end with its extension host.
            forwarder.close();
            forwarder = undefined;
            await reloadWindow(s);
            await s.wb.showNgcView();
            const offline = s.page.locator('.part.statusbar .statusbar-item', { hasText: 'NGC: not reachable' });
            await offline.waitFor({ timeout: 30_000 });
            assert.equal(
                await s.page.locator('.part.statusbar .statusbar-item', { hasText: 'key refused' }).count(),
                0,
                'an unreachable NGC is not a refused key',
            );
            assert.match(await s.wb.viewTitle(), /NGC not reachable/);
            await offline.hover();
            await s.page.locator('.monaco-hover', { hasText: /Your API key is kept/ }).waitFor({ timeout: 10_000 });
            await shot(s, 'status-unreachable');
            // The endpoint is back; a click on the status item retries the view and the status.
            forwarder = await forward(port, new URL(s.sim.urls.api));
            await offline.click();
            await s.page
                .locator('.part.statusbar .statusbar-item', { hasText: /nvidia|acme/ })
                .first()
                .waitFor({ timeout: 30_000 });
            assert.doesNotMatch(await s.wb.viewTitle(), /not reachable/);
        });
    },
);

/** Buttons of a welcome view, in order. */
async function buttons(welcome: Locator): Promise<string[]> {
    return (await welcome.locator('.monaco-button').allTextContents()).map((t) => t.trim());
}

/** Tree rows shown in the side bar. */
async function visibleRows(s: E2eSession): Promise<number> {
    return s.page.locator('.part.sidebar .monaco-list-row:visible').count();
}

/** The inline action buttons of a hovered tree row, by their titles. */
async function inlineActions(row: Locator): Promise<string[]> {
    return row
        .locator('.actions .action-label')
        .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.getAttribute('title') ?? ''));
}

async function clipboard(s: E2eSession): Promise<string> {
    return waitFor(
        'the helm commands on the clipboard',
        async () => {
            const text = await s.page.evaluate(() => navigator.clipboard.readText()).catch(() => '');
            return text.startsWith('helm ') ? text : undefined;
        },
        10_000,
    );
}

/** A loopback port nothing listens on (a server bound it and let it go). */
async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const address = server.address();
    assert.ok(address && typeof address === 'object');
    await new Promise<void>((done) => server.close(() => done()));
    return address.port;
}

/** Listens on `port` and pipes every connection to `target` (the simulator's API). */
async function forward(port: number, target: URL): Promise<Server> {
    const server = createServer((client) => {
        const upstream = createConnection(Number(target.port), target.hostname);
        client.pipe(upstream).pipe(client);
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
    return server;
}
