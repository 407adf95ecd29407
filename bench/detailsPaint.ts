/**
 * Benchmark: click in the catalog tree → first paint of the details panel's header, in the real workbench
 * (code-server + headless Chromium, as the e2e suite runs it) against the simulator, as a guest.
 *   npx tsx bench/detailsPaint.ts [--sessions N] [--vsix FILE]...   # several --vsix: before/after, interleaved
 *   (default: 3 sessions of the working tree, built and packaged here)
 * Each session is a fresh code-server (so the first panel is cold: no webview yet, the panel code, undici and zod not
 * loaded, no connection): Public catalog › Containers, then a single click on `pytorch` (cold), on `cuda` and
 * `tritonserver` (the preview panel moving on), a double click on `tritonserver` (kept), and a click on `badsig` (a new
 * panel in a warm window). Measured in the browser, not through Playwright's round trips: from the click's
 * `pointerdown` in the workbench to the first animation frame in which the webview's `#reference` shows the artifact
 * (polled on every frame with `requestAnimationFrame` inside the webview, so within one frame of the paint). Clocks:
 * both sides' `timeOrigin + performance.now()`, and the simulator's on Node's. Also per click, relative to the
 * pointerdown: when the webview frame appeared, when its script (`main.js`) finished loading, when the first
 * simulator API request of the click arrived, and when the panel showed its "Loading…" line. Goal (issue 11): first
 * paint < 300 ms after the click. Writes bench/results/details-paint-<time>.json.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { chromium, type Frame, type Locator, type Page } from 'playwright-core';
import { startSimulator } from '../sim/server';
import { CHROMIUM, createProfile, installExtension, startCodeServer } from '../test/e2e/harness/codeServer';
import { run } from '../test/e2e/harness/processes';
import { onApiRequest, simEndpointSettings } from '../test/e2e/harness/simProbe';

const ROOT = resolve(__dirname, '..');
const GOAL_MS = 300;
const ROWS = '.part.sidebar .monaco-list-row';
/** As test/e2e/harness/session.ts launches Debian's Chromium (not imported: that file needs the DOM types). */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];

type ClickKind = 'cold' | 'move' | 'newPanel';

interface Click {
    kind: ClickKind;
    repo: string;
    /** The pointerdown, epoch ms. */
    down: number;
    /** pointerdown → the first frame showing the header. */
    ms: number;
    /** pointerdown → the first frame showing the tags or versions table (the catalog's answer drawn). */
    contentMs: number;
    /** pointerdown → a webview frame attached (cold and new panels). */
    frameMs?: number;
    /** pointerdown → main.js loaded in the webview (cold and new panels). */
    scriptMs?: number;
    /** pointerdown → the panel showed "Loading…" (the host answered the page's `details/ready`). */
    loadingMs?: number;
    /** pointerdown → the first simulator API request of this click. */
    requestMs?: number;
    /** pointerdown → `ngc.details.open` runs in the extension host (VS Code: the click to the extension host). */
    commandMs?: number;
    /** pointerdown → `createWebviewPanel` returned (new panels only). */
    createdMs?: number;
    /** pointerdown → the page's HTML was set (new panels; a moving preview keeps its page). */
    htmlMs?: number;
}

/** Adds the extension host's marks (`NGC_TREE_TRACE`) after this click's pointerdown to `click`. */
async function withMarks(click: Click, trace: string): Promise<Click> {
    const marks = (await readFile(trace, 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map((line) => ({ at: Number(line.slice(0, line.indexOf(' '))), what: line.slice(line.indexOf(' ') + 1) }));
    let after = click.down;
    const next = (what: string): number | undefined => {
        const mark = marks.find((m) => m.at >= after && m.at <= click.down + click.contentMs && m.what === what);
        if (mark) {
            after = mark.at;
        }
        return mark === undefined ? undefined : mark.at - click.down;
    };
    const commandMs = next('details:command');
    const createdMs = next('details:created');
    const htmlMs = next('details:html');
    return {
        ...click,
        ...(commandMs !== undefined ? { commandMs } : {}),
        ...(createdMs !== undefined ? { createdMs } : {}),
        ...(htmlMs !== undefined ? { htmlMs } : {}),
    };
}

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: { sessions: { type: 'string', default: '3' }, vsix: { type: 'string', multiple: true } },
    });
    const sessions = Math.max(1, Number(values.sessions));
    const root = await mkdtemp(join(tmpdir(), 'ngc-bench-details-'));
    try {
        let vsixes = values.vsix?.map((v) => resolve(v)) ?? [];
        if (vsixes.length === 0) {
            const vsix = join(root, 'ngc-explorer.vsix');
            await run(process.execPath, ['esbuild.mjs'], { cwd: ROOT });
            await run(join(ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '-o', vsix], {
                cwd: ROOT,
            });
            vsixes = [vsix];
        }
        const clicks: Click[][][] = vsixes.map(() => []);
        for (let n = 0; n < sessions; n++) {
            // Interleaved: one session of each build in turn, so a busy machine slows all of them alike.
            for (const [i, vsix] of vsixes.entries()) {
                const own = await session(vsix, join(root, `s${n}-${i}`));
                clicks[i]?.push(own);
                process.stdout.write(
                    `${basename(vsix)} session ${n + 1}: ${own.map((c) => `${c.kind} ${c.repo} ${fmt(c.ms)}`).join(', ')} ms\n`,
                );
            }
        }
        const date = new Date().toISOString();
        const results = vsixes.map((vsix, i) => {
            const all = (clicks[i] ?? []).flat();
            const of = (kind: ClickKind) => all.filter((c) => c.kind === kind);
            return {
                vsix,
                sessions,
                goalMs: GOAL_MS,
                cold: stats(of('cold')),
                move: stats(of('move')),
                newPanel: stats(of('newPanel')),
                clicks: clicks[i],
            };
        });
        for (const r of results) {
            process.stdout.write(`\n== ${r.vsix}\n`);
            for (const kind of ['cold', 'move', 'newPanel'] as const) {
                const s = r[kind];
                process.stdout.write(
                    `  ${kind.padEnd(9)} click → header median ${fmt(s.median)} ms (${s.samples.join(', ')}), ` +
                        `→ table ${fmt(s.contentMs)} ms; ` +
                        `frame ${fmt(s.frameMs)}, main.js ${fmt(s.scriptMs)}, "Loading…" ${fmt(s.loadingMs)}, ` +
                        `first request ${fmt(s.requestMs)} ms; extension host: command ${fmt(s.commandMs)}, ` +
                        `panel created ${fmt(s.createdMs)}, HTML set ${fmt(s.htmlMs)} ms (medians)` +
                        (kind === 'cold' ? `; goal < ${GOAL_MS}: ${s.median < GOAL_MS ? 'met' : 'NOT met'}` : '') +
                        '\n',
                );
            }
        }
        await mkdir(join(ROOT, 'bench', 'results'), { recursive: true });
        const file = join(ROOT, 'bench', 'results', `details-paint-${date.replace(/[:.]/g, '-')}.json`);
        await writeFile(file, JSON.stringify({ date, results }, null, 2));
        process.stdout.write(`wrote ${file}\n`);
    } finally {
        await rm(root, { recursive: true, force: true });
    }
}

/** One fresh workbench on `vsix`: the five clicks. */
async function session(vsix: string, dir: string): Promise<Click[]> {
    const cleanups: (() => Promise<unknown>)[] = [];
    try {
        await mkdir(dir, { recursive: true });
        const sim = await startSimulator();
        cleanups.push(() => sim.close());
        const arrivals: number[] = [];
        onApiRequest(sim, () => arrivals.push(now()));
        const workspace = join(dir, 'workspace');
        await mkdir(workspace);
        const profile = await createProfile(dir, simEndpointSettings(sim));
        // The extension host's marks (src/extension/tree/treeTrace.ts): command, panel created, HTML set.
        const trace = join(dir, 'trace.log');
        profile.env.NGC_TREE_TRACE = trace;
        await installExtension(profile, vsix);
        const codeServer = await startCodeServer(profile, workspace, join(dir, 'code-server.log'));
        cleanups.push(() => codeServer.stop());
        const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
        cleanups.push(() => browser.close());
        const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
        await page.goto(`${codeServer.url}/?folder=${encodeURIComponent(workspace)}`);
        await page.locator('.monaco-workbench').waitFor({ timeout: 30_000 });
        await page.locator('.part.statusbar').waitFor({ timeout: 30_000 });
        const item = page.locator('.activitybar .action-item', { has: page.locator('[aria-label^="NGC"]') });
        if ((await item.getAttribute('class'))?.includes('checked') !== true) {
            await item.click();
        }
        await expand(page, treeRow(page, 'Public catalog', 1));
        await expand(page, treeRow(page, 'Containers', 2));
        const row = (repo: string) => treeRow(page, repo, 3).locator('.label-name');
        const clicks: Click[] = [];
        clicks.push(
            await withMarks(await measure(page, arrivals, 'cold', 'pytorch', (t) => t.click(), row('pytorch')), trace),
        );
        for (const repo of ['cuda', 'tritonserver']) {
            await page.waitForTimeout(600); // two clicks closer than this are a double click
            clicks.push(
                await withMarks(await measure(page, arrivals, 'move', repo, (t) => t.click(), row(repo)), trace),
            );
        }
        await page.waitForTimeout(600);
        await row('tritonserver').dblclick();
        await page.waitForTimeout(1000);
        clicks.push(
            await withMarks(
                await measure(page, arrivals, 'newPanel', 'badsig', (t) => t.click(), row('badsig')),
                trace,
            ),
        );
        return clicks;
    } finally {
        for (const cleanup of cleanups.reverse()) {
            await cleanup().catch(() => undefined);
        }
    }
}

/**
 * Clicks `target` and times pointerdown → the first animation frame in which a webview's `#reference` names `repo`.
 * Every webview frame (those there and those that appear) polls on each of its frames; the first to see it wins.
 */
async function measure(
    page: Page,
    arrivals: number[],
    kind: ClickKind,
    repo: string,
    click: (target: Locator) => Promise<void>,
    target: Locator,
): Promise<Click> {
    await target.waitFor();
    // Strings, not functions: tsx would wrap named inner functions in a `__name` helper the page lacks.
    await page.evaluate(`(() => {
        window.__paintBench = {};
        document.addEventListener('pointerdown', () => (window.__paintBench.down = performance.timeOrigin + performance.now()),
            { capture: true, once: true });
    })()`);
    const from = arrivals.length;
    const watched = new Map<Frame, number>();
    let seen: (value: { frame: Frame; at: number }) => void = () => undefined;
    const headerSeen = new Promise<{ frame: Frame; at: number }>((resolve) => (seen = resolve));
    const loading: Promise<number | undefined>[] = [];
    let done = false;
    const watch = (frame: Frame) => {
        if (done || watched.has(frame) || !frame.url().includes('/webview/')) {
            return;
        }
        watched.set(frame, now());
        poll(frame, `r && (r.textContent || '').includes(${JSON.stringify(repo)})`, repo).then(
            (at) => seen({ frame, at }),
            () => undefined,
        );
        loading.push(poll(frame, `document.querySelector('#app .loading')`, repo).catch(() => undefined));
    };
    page.on('frameattached', watch);
    page.on('framenavigated', watch);
    page.frames().forEach(watch);
    const existing = new Set(watched.keys());
    await click(target);
    const header = await Promise.race([
        headerSeen,
        new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error(`no webview showed ${repo} within 20 s`)), 20_000),
        ),
    ]);
    // The whole panel: the tags or versions table of this artifact drawn (the catalog's answer rendered).
    const content = await poll(
        header.frame,
        `r && (r.textContent || '').includes(${JSON.stringify(repo)}) && document.querySelector('#listing')`,
        `${repo}/content`,
    );
    done = true;
    page.off('frameattached', watch);
    page.off('framenavigated', watch);
    await Promise.all(
        [...watched.keys()].map((f) =>
            f.evaluate(`window.__paintStop = ${JSON.stringify(repo)}`).catch(() => undefined),
        ),
    );
    const down = await page.evaluate<number>('window.__paintBench.down');
    const timing = await header.frame.evaluate<{ origin: number; script?: number }>(`(() => {
        const script = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/main.js'));
        return { origin: performance.timeOrigin, script: script ? script.responseEnd : undefined };
    })()`);
    const fresh = !existing.has(header.frame);
    const loadingAt = (await Promise.all(loading)).filter((t): t is number => t !== undefined && t >= down);
    const request = arrivals.slice(from).find((t) => t >= down);
    return {
        kind,
        repo,
        down,
        ms: header.at - down,
        contentMs: content - down,
        ...(fresh ? { frameMs: (watched.get(header.frame) ?? NaN) - down } : {}),
        ...(fresh && timing.script !== undefined ? { scriptMs: timing.origin + timing.script - down } : {}),
        ...(loadingAt.length ? { loadingMs: Math.min(...loadingAt) - down } : {}),
        ...(request !== undefined ? { requestMs: request - down } : {}),
    };
}

/**
 * Resolves with the time (`timeOrigin + performance.now()` in the frame) of the first animation frame where
 * `condition` (an expression; `r` is `#reference`) holds; rejects when the frame goes or the click's polling is
 * stopped (`window.__paintStop` set to the click's repo).
 */
async function poll(frame: Frame, condition: string, click: string): Promise<number> {
    const started = Date.now();
    // Short in-page rAF loops (250 ms each) re-issued from here: the webview replaces its document while it loads,
    // and a loop left in the old one would never see the new page.
    const loop = `new Promise((resolve) => {
        const until = performance.now() + 250;
        const tick = () => {
            if (window.__paintStop === ${JSON.stringify(click)}) return resolve(-1);
            const r = document.querySelector('#reference');
            if (${condition}) return resolve(performance.timeOrigin + performance.now());
            if (performance.now() > until) return resolve(0);
            requestAnimationFrame(tick);
        };
        tick();
    })`;
    while (Date.now() - started < 20_000 && !frame.isDetached()) {
        // An evaluate issued while the webview swaps its document can stay pending for good: give up on it after 400 ms.
        const at = await Promise.race([
            frame.evaluate<number>(loop).catch(() => 0),
            new Promise<number>((r) => setTimeout(() => r(0), 400)),
        ]);
        if (at < 0) {
            throw new Error('stopped');
        }
        if (at > 0) {
            return at;
        }
    }
    throw new Error(`not seen in ${frame.url()}`);
}

function treeRow(page: Page, label: string, level: number): Locator {
    return page
        .locator(`${ROWS}[aria-level="${level}"]`)
        .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) })
        .first();
}

/** Expands `row` and waits until the row after it is one level deeper (its first child). */
async function expand(page: Page, row: Locator): Promise<void> {
    await row.waitFor({ timeout: 30_000 });
    if ((await row.getAttribute('aria-expanded')) !== 'true') {
        await row.locator('.monaco-tl-twistie').click();
    }
    const index = Number(await row.getAttribute('data-index'));
    const level = Number(await row.getAttribute('aria-level'));
    await page.locator(`${ROWS}[data-index="${index + 1}"][aria-level="${level + 1}"]`).waitFor({ timeout: 30_000 });
}

function stats(clicks: Click[]) {
    const med = (pick: (c: Click) => number | undefined) =>
        median(
            clicks
                .map(pick)
                .filter((v): v is number => v !== undefined)
                .sort((a, b) => a - b),
        );
    return {
        median: med((c) => c.ms),
        samples: clicks.map((c) => round(c.ms)),
        contentMs: med((c) => c.contentMs),
        frameMs: med((c) => c.frameMs),
        scriptMs: med((c) => c.scriptMs),
        loadingMs: med((c) => c.loadingMs),
        requestMs: med((c) => c.requestMs),
        commandMs: med((c) => c.commandMs),
        createdMs: med((c) => c.createdMs),
        htmlMs: med((c) => c.htmlMs),
    };
}

function median(sorted: number[]): number {
    const mid = Math.floor(sorted.length / 2);
    const at = (i: number) => sorted[i] ?? NaN;
    return round(sorted.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2);
}

function now(): number {
    return performance.timeOrigin + performance.now();
}

function round(ms: number): number {
    return Math.round(ms * 10) / 10;
}

function fmt(ms: number): string {
    return Number.isFinite(ms) ? ms.toFixed(1) : '–';
}

main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
});
