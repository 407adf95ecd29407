import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startSimulator, type Simulator } from '../../../sim/server';
import { CHROMIUM, createProfile, installExtension, startCodeServer, type RunningCodeServer } from './codeServer';
import { run, waitFor } from './processes';
import { simEndpointSettings } from './simProbe';
import { Workbench } from './workbench';

export const REPO = resolve(__dirname, '..', '..', '..');
export const ARTIFACTS = join(REPO, 'test-results', 'e2e');

/** Flags measured to work for Debian's Chromium here (environment.md §3d). */
export const CHROMIUM_ARGS = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
];

/** The sample project: a Dockerfile whose line 2 is empty (where the FROM line goes). */
export const DOCKERFILE = '# syntax=docker/dockerfile:1\n\nRUN python -c "import torch; print(torch.__version__)"\n';

export interface SeenRequest {
    url: string;
    /** URL of the frame that made it, '' for a service worker. */
    frameUrl: string;
    fromServiceWorker: boolean;
    /** True when the page's service worker answered it (it never reached the network). */
    servedByServiceWorker?: boolean;
}

export interface E2eSession {
    sim: Simulator;
    codeServer: RunningCodeServer;
    browser: Browser;
    context: BrowserContext;
    page: Page;
    wb: Workbench;
    root: string;
    workspace: string;
    /** Every request the browser made, in order. */
    requests: SeenRequest[];
    /** Every alert/confirm/prompt dialog the browser raised. */
    dialogs: string[];
    /** Console messages of every frame, in order (CSP violations are reported there). */
    console: string[];
    /** Screenshots of the steps that failed (a failed session's folder is kept under CI). */
    failed: string[];
    close(): Promise<void>;
}

export type E2eTest = (name: string, step: (s: E2eSession) => Promise<void>) => void;

/** `it` for a step of the session: when it fails, saves `failure-<step>.png` next to the other screenshots. */
export function e2eTest(session: () => E2eSession | undefined): E2eTest {
    return (name, step) =>
        it(name, async () => {
            const s = session();
            assert.ok(s, 'the e2e session started');
            try {
                await step(s);
            } catch (error) {
                const file = `failure-${name
                    .replace(/[^a-z0-9]+/gi, '-')
                    .toLowerCase()
                    .slice(0, 60)}.png`;
                await s.page.screenshot({ path: join(ARTIFACTS, file) }).catch(() => undefined);
                s.failed.push(file);
                await copyFile(join(ARTIFACTS, file), join(s.root, file)).catch(() => undefined);
                // The extension's own account of the failure (the session's folder is deleted after the run).
                const tail = await extensionLog(s)
                    .then((text) => text.trimEnd().split('\n').slice(-12).join('\n'))
                    .catch((e: unknown) => `(no extension log: ${String(e)})`);
                process.stderr.write(`[e2e] ${name} failed; the extension log ends:\n${tail}\n`);
                throw error;
            }
        });
}

/**
 * Builds and packages the extension (unless NGC_E2E_VSIX names a .vsix), starts the simulator in this process,
 * installs the .vsix into an isolated code-server whose user settings point at the simulator, starts it on a free
 * loopback port and opens the workbench in headless Chromium. `close()` stops everything it started.
 */
export async function startSession(log: (line: string) => void): Promise<E2eSession> {
    const root = await mkdtemp(join(tmpdir(), 'ngc-e2e-'));
    const cleanups: (() => Promise<unknown>)[] = [];
    const failed: string[] = [];
    const close = async () => {
        for (const cleanup of cleanups.reverse()) {
            await cleanup().catch((error: unknown) => log(`cleanup: ${String(error)}`));
        }
        // Under CI the clone (and test-results/) goes after the run: a failed session keeps its folder (the extension
        // and code-server logs, the failure screenshots) in the temp folder, and says where.
        if (failed.length > 0 && process.env.CI === 'true') {
            log(`kept the failed session's logs and screenshots in ${root}`);
        } else if (!process.env.NGC_E2E_KEEP) {
            await rm(root, { recursive: true, force: true });
        }
    };
    try {
        let vsix = process.env.NGC_E2E_VSIX;
        if (!vsix) {
            vsix = join(root, 'ngc-explorer.vsix');
            await run(process.execPath, ['esbuild.mjs'], { cwd: REPO });
            await run(join(REPO, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '-o', vsix], {
                cwd: REPO,
            });
            log(`packaged ${vsix}`);
        }
        const sim = await startSimulator();
        cleanups.push(() => sim.close());
        const workspace = join(root, 'workspace');
        await mkdir(workspace);
        await writeFile(join(workspace, 'Dockerfile'), DOCKERFILE);
        const profile = await createProfile(root, {
            ...simEndpointSettings(sim),
            'ngc.download.destination': 'downloads',
        });
        await installExtension(profile, vsix);
        const codeServer = await startCodeServer(profile, workspace, join(root, 'code-server.log'));
        cleanups.push(() => codeServer.stop());
        log(`code-server at ${codeServer.url}, logs in ${root}`);
        const browser = await chromium.launch({
            executablePath: CHROMIUM,
            headless: true,
            args: CHROMIUM_ARGS,
            env: profile.env,
        });
        cleanups.push(() => browser.close());
        const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
        await context.addInitScript(installProbe);
        const requests: SeenRequest[] = [];
        const seen = new WeakMap<object, SeenRequest>();
        context.on('request', (request) => {
            let frameUrl = '';
            try {
                frameUrl = request.frame().url();
            } catch {
                // service-worker requests have no frame
            }
            const entry: SeenRequest = { url: request.url(), frameUrl, fromServiceWorker: frameUrl === '' };
            seen.set(request, entry);
            requests.push(entry);
        });
        context.on('response', (response) => {
            const entry = seen.get(response.request());
            if (entry) {
                entry.servedByServiceWorker = response.fromServiceWorker();
            }
        });
        const page = await context.newPage();
        const dialogs: string[] = [];
        const consoleLines: string[] = [];
        page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
        page.on('dialog', (dialog) => {
            dialogs.push(`${dialog.type()}: ${dialog.message()}`);
            void dialog.dismiss();
        });
        const wb = new Workbench(page);
        await wb.open(`${codeServer.url}/?folder=${encodeURIComponent(workspace)}`);
        return {
            sim,
            codeServer,
            browser,
            context,
            page,
            wb,
            root,
            workspace,
            requests,
            dialogs,
            console: consoleLines,
            failed,
            close,
        };
    } catch (error) {
        await close();
        throw error;
    }
}

/**
 * Runs in every frame before its own scripts (webviews included): records calls of alert/confirm/prompt (a sandboxed
 * webview without allow-modals would swallow them silently). The override is a property of the window, so it
 * survives VS Code replacing the webview's document with document.open() (event listeners would not).
 */
function installProbe(): void {
    const w = window as unknown as Record<string, unknown> & { __ngcProbe?: { calls: string[] } };
    const probe = { calls: [] as string[] };
    w.__ngcProbe = probe;
    for (const name of ['alert', 'confirm', 'prompt']) {
        const original = w[name] as ((...args: unknown[]) => unknown) | undefined;
        w[name] = (...args: unknown[]) => {
            probe.calls.push(`${name}(${String(args[0])})`);
            return original?.apply(window, args);
        };
    }
}

/** The extension's log channel files under the session's isolated profile, oldest extension host first. */
export async function extensionLog(s: E2eSession): Promise<string> {
    const entries = await readdir(s.root, { recursive: true, withFileTypes: true });
    // One log per extension host; a window reload starts another (the folders are named by time: sorted = in order).
    const files = entries
        .filter((e) => e.isFile() && e.name === 'NGC Explorer.log')
        .map((e) => join(e.parentPath ?? e.path, e.name))
        .sort();
    assert.ok(files.length > 0, 'the extension log file exists');
    return (await Promise.all(files.map((f) => readFile(f, 'utf8')))).join('');
}

/** Waits until the workspace file `name` on disk satisfies `ready` (a save went through) and returns its text. */
export function waitForSavedFile(
    s: E2eSession,
    name: string,
    what: string,
    ready: (text: string) => boolean,
    timeoutMs = 15_000,
): Promise<string> {
    return waitFor(
        what,
        async () => {
            const text = await readFile(join(s.workspace, name), 'utf8');
            return ready(text) ? text : undefined;
        },
        timeoutMs,
    );
}

/** Reloads the window (a new extension host) and waits for the workbench and its status bar. */
export async function reloadWindow(s: E2eSession): Promise<void> {
    await s.wb.runCommand('Developer: Reload Window');
    await s.page.locator('.monaco-workbench').waitFor({ timeout: 30_000 });
    await s.page.locator('.part.statusbar').waitFor({ timeout: 30_000 });
}

/**
 * Writes one user setting and reloads the window: code-server's browser client does not see an outside edit of the
 * settings file reliably.
 */
export async function setUserSetting(s: E2eSession, key: string, value: unknown): Promise<void> {
    const file = join(s.root, 'user-data', 'User', 'settings.json');
    const settings = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    // Written beside and renamed over: VS Code watches the file, and a read between truncate and write would see no
    // settings at all (the endpoints back at NVIDIA's hosts for a moment).
    await writeFile(`${file}.new`, JSON.stringify({ ...settings, [key]: value }, null, 4));
    await rename(`${file}.new`, file);
    await reloadWindow(s);
}
