/**
 * (e2e) Dockerfile intelligence of issue 13 in the real workbench (code-server + Chromium) against the simulator:
 * CodeLens and hover on a pinned and an unpinned NGC `FROM` line, the stale-digest warning once the simulator moves
 * the tag and its quick fix, completion of repositories and tags inside `FROM <registry>/`. Facts shown are checked
 * against the simulator read independently (plain fetch). Screenshots: test-results/e2e/dockerfile-*.png.
 * Run: `node --import tsx --test test/e2e/dockerfile.e2e.ts` (after scripts/install-e2e-deps.sh).
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe } from 'node:test';
import { formatBytes } from '../../src/protocol/text';
import { waitFor } from './harness/processes';
import { waitForSavedFile, type E2eSession } from './harness/session';
import { imageConfigEnv, registryDigest, restJson, restList } from './harness/simProbe';
import { e2eSuite, missingE2eDependencies } from './harness/suite';

const missing = missingE2eDependencies();

const FILE = 'stages.Dockerfile';

describe(
    'Dockerfile intelligence for NGC base images in a real VS Code (issue 13)',
    { skip: missing ?? false, timeout: 300_000 },
    () => {
        const { test, shot } = e2eSuite('dockerfile');
        let pinned = '';

        test('Should show CodeLens and hover facts on a pinned and an unpinned NGC FROM line', async (s) => {
            const reg = s.sim.urls.registry;
            pinned = await registryDigest(s.sim, 'nvidia/pytorch', '25.03-py3');
            await writeFile(
                join(s.workspace, FILE),
                [
                    '# syntax=docker/dockerfile:1',
                    `FROM ${reg}/nvidia/pytorch:25.03-py3@${pinned} AS train`,
                    'RUN python -c "import torch"',
                    `FROM ${reg}/nvidia/pytorch:25.01-py3 AS serve`,
                    '',
                ].join('\n'),
            );
            await s.wb.openFile(FILE);
            const lenses = await waitFor(
                'the CodeLens of both FROM lines',
                async () => {
                    const all = await lensTexts(s);
                    return all.length >= 2 && /not pinned/.test(all[1] ?? '') ? all : undefined;
                },
                30_000,
            );
            assert.deepEqual(lenses, [
                'pinned · current | signed (unverified)',
                'not pinned — pin | 2 newer tags | signed (unverified)',
            ]);
            await shot(s, 'codelens');

            const env = await imageConfigEnv(s.sim, 'nvidia/pytorch', '25.03-py3', 'amd64');
            const hover = await hoverAt(s, 2, 20);
            await shot(s, 'hover-pinned');
            assert.match(hover, new RegExp(`${escape(reg)}/nvidia/pytorch:25\\.03-py3`));
            assert.match(hover, /pinned · current/);
            assert.match(hover, /signed \(unverified\)/);
            assert.match(hover, /linux\/amd64/);
            assert.match(hover, /linux\/arm64/);
            assert.match(hover, /tag pushed 2025-03-20/);
            assert.ok(env.PYTORCH_VERSION && env.CUDA_VERSION, 'the image config names PyTorch and CUDA');
            assert.ok(hover.includes(`PyTorch ${env.PYTORCH_VERSION}`), `PyTorch version in: ${hover}`);
            assert.ok(hover.includes(`CUDA ${env.CUDA_VERSION}`), `CUDA version in: ${hover}`);
            assert.match(hover, /Show details/);
            assert.doesNotMatch(hover, /Newer in this series/, 'the newest tag has nothing newer');
            await s.page.keyboard.press('Escape');

            const unpinned = await hoverAt(s, 4, 20);
            await shot(s, 'hover-unpinned');
            const index25011 = await registryDigest(s.sim, 'nvidia/pytorch', '25.01-py3');
            assert.ok(
                unpinned.includes(`not pinned (would pin to ${index25011.slice(0, 19)}…)`),
                `offers the tag's index digest: ${unpinned}`,
            );
            assert.match(unpinned, /Newer in this series: 25\.03-py3 \(2025-03-20\), 25\.02-py3 \(2025-03-17\)/);
            await s.page.keyboard.press('Escape');
        });

        test('Should warn of a stale digest after the tag moves, and refresh it with the quick fix', async (s) => {
            await moveTag(s, 'nvidia/pytorch', '25.03-py3', '25.02-py3');
            try {
                const moved = await registryDigest(s.sim, 'nvidia/pytorch', '25.03-py3');
                assert.notEqual(moved, pinned, 'the simulator moved the tag');
                // A save asks the registry again (answers are otherwise kept for minutes).
                await s.wb.goToLine(3);
                await s.page.keyboard.press('End');
                await s.page.keyboard.type(' && echo moved');
                await s.page.keyboard.press('Control+S');
                await waitFor(
                    'the stale CodeLens',
                    async () => ((await lensTexts(s))[0]?.startsWith('digest stale — update') ? true : undefined),
                    30_000,
                );
                await s.page.keyboard.press('Control+Shift+M');
                const problem = await waitFor(
                    'the stale-digest problem',
                    async () => (await problems(s)).find((p) => /now points to/.test(p)),
                    20_000,
                );
                assert.ok(
                    problem.includes(`now points to ${moved.slice(0, 19)}…, not the pinned ${pinned.slice(0, 19)}…`),
                    problem,
                );
                await shot(s, 'stale-problem');

                await s.wb.goToLine(2);
                await s.page.keyboard.press('End');
                await s.page.keyboard.press('Control+.');
                const fix = s.page.locator('.action-widget .monaco-list-row', { hasText: 'Refresh the pinned digest' });
                await fix.waitFor({ timeout: 15_000 });
                await shot(s, 'quick-fix');
                // The preferred fix is focused; the widget takes keys, not clicks, while it opens.
                await waitFor(
                    'the refresh fix focused',
                    async () => ((await fix.getAttribute('class'))?.includes('focused') ? true : undefined),
                    5_000,
                );
                await s.page.keyboard.press('Enter');
                await waitFor(
                    'the current CodeLens again',
                    async () => ((await lensTexts(s))[0]?.startsWith('pinned · current') ? true : undefined),
                    30_000,
                );
                await s.page.keyboard.press('Control+S');
                const saved = await waitForSavedFile(
                    s,
                    FILE,
                    'the saved Dockerfile with the refreshed digest',
                    (text) => text.includes(moved),
                );
                assert.equal(
                    saved.split('\n')[1],
                    `FROM ${s.sim.urls.registry}/nvidia/pytorch:25.03-py3@${moved} AS train`,
                );
                await waitFor(
                    'no stale-digest problem',
                    async () => ((await problems(s)).some((p) => /now points to/.test(p)) ? undefined : true),
                    20_000,
                );
                await shot(s, 'refreshed');
            } finally {
                await moveTag(s, 'nvidia/pytorch', '25.03-py3', null);
            }
        });

        test('Should complete repositories and tags inside FROM <registry>/, newest tags first with size and date', async (s) => {
            const reg = s.sim.urls.registry;
            const listed = await restList<{ tag: string; size: number; updatedDate: string }>(
                s.sim,
                '/v2/repos/nvidia/pytorch/images',
                'images',
            );
            s.sim.clearRequests();
            await s.wb.goToLine(5);
            await s.page.keyboard.type(`FROM ${reg}/nvidia/`, { delay: 30 });
            const repos = await waitFor(
                'repositories of nvidia',
                async () => {
                    const rows = await suggestions(s);
                    return rows.some((r) => r.startsWith('pytorch')) ? rows : undefined;
                },
                20_000,
            );
            assert.ok(
                repos.some((r) => r.startsWith('tao')),
                `the tao team is offered: ${repos.join(' | ')}`,
            );
            assert.ok(
                repos.some((r) => r.startsWith('cuda')),
                repos.join(' | '),
            );
            await s.page.keyboard.type('pyt', { delay: 80 });
            await shot(s, 'complete-repository');
            await waitFor(
                'pytorch focused',
                async () => ((await suggestions(s))[0]?.startsWith('pytorch') ? true : undefined),
                10_000,
            );
            await s.page.keyboard.press('Enter');
            const tags = await waitFor(
                'the tags of nvidia/pytorch',
                async () => {
                    const rows = await suggestions(s);
                    return rows.some((r) => r.startsWith('25.03-py3')) ? rows : undefined;
                },
                20_000,
            );
            await shot(s, 'complete-tag');
            const newestFirst = [...listed].sort((a, b) => b.updatedDate.localeCompare(a.updatedDate));
            assert.deepEqual(
                tags.map((t) => t.split(' ')[0]),
                newestFirst.map((t) => t.tag),
                'every tag, newest first',
            );
            const newest = newestFirst[0];
            assert.ok(newest);
            assert.ok(
                tags[0]?.includes(`${formatBytes(newest.size)} · ${newest.updatedDate.slice(0, 10)}`),
                `size and date in the detail: ${tags[0]}`,
            );
            await s.page.keyboard.press('Enter');
            await s.page.keyboard.press('Control+S');
            const saved = await waitForSavedFile(s, FILE, 'the completed FROM line saved', (text) =>
                text.includes('AS serve\nFROM'),
            );
            assert.equal(saved.split('\n')[4], `FROM ${reg}/nvidia/pytorch:${newest.tag}`);
            const searches = s.sim.requests.filter((r) => r.host === 'api' && r.url.includes('/search'));
            assert.ok(searches.length <= 3, `a handful of searches while typing, not one per key: ${searches.length}`);
        });

        test('Should open the repository from the hover link, show its description, and flag a failed Verify on its line', async (s) => {
            const reg = s.sim.urls.registry;
            const repo = await restJson<{ shortDescription: string }>(s.sim, '/v2/repos/nvidia/badsig');
            await s.page.keyboard.press('Escape');
            await s.page.keyboard.press('Control+End');
            await s.page.keyboard.press('Enter');
            await s.page.keyboard.type(`FROM ${reg}/nvidia/badsig:1.0 AS checked`);
            await s.page.keyboard.press('Escape');
            await s.page.keyboard.press('Control+S');
            await waitFor(
                'the CodeLens of the badsig line',
                async () => ((await lensTexts(s)).length >= 4 ? true : undefined),
                30_000,
            );
            const hover = await hoverAt(s, 6, 20);
            assert.ok(hover.includes(repo.shortDescription), `the catalog's description: ${hover}`);
            await shot(s, 'hover-description');
            await s.page.locator('.monaco-hover a', { hasText: 'Show details' }).click();
            const frame = await s.wb.webviewFrame('#reference:has-text("badsig")');
            await shot(s, 'details-from-hover');
            const row = frame.locator('#tags-table tbody tr[data-tag="1.0"]');
            await row.locator('vscode-button[title^="Verify Signature"]').click();
            await s.wb.waitForNotification(/^Signature does not verify: /, 30_000);
            await s.page.locator(`.tabs-container .tab[aria-label^="${FILE}"]`).click();
            const problem = await waitFor(
                'the signature problem',
                async () => (await problems(s)).find((p) => /does not verify/.test(p)),
                20_000,
            );
            assert.match(problem, /nvidia\/badsig:1\.0: its signature does not verify against NGC's key/);
            await waitFor(
                'the lens of the badsig line to say the signature is invalid',
                async () => ((await lensTexts(s))[3]?.includes('signature invalid ✗') ? true : undefined),
                10_000,
            );
            await shot(s, 'signature-invalid');
        });
    },
);

/** The CodeLens rows of the active editor, top to bottom, each as its text (`a | b`). */
async function lensTexts(s: E2eSession): Promise<string[]> {
    const lenses = s.page.locator('.editor-instance .monaco-editor .codelens-decoration');
    const rows = await lenses.evaluateAll((els) =>
        els.map((e) => ({ top: e.getBoundingClientRect().top, text: (e.textContent ?? '').replace(/\u00a0/g, ' ') })),
    );
    return rows.sort((a, b) => a.top - b.top).map((r) => r.text.trim());
}

/** Puts the cursor at `line:column` (1-based), shows the hover (Ctrl+K Ctrl+I) and returns its text. */
async function hoverAt(s: E2eSession, line: number, column: number): Promise<string> {
    await s.page.keyboard.press('Control+G');
    await s.wb.typeInQuickInput(`:${line}:${column}`);
    await s.page.keyboard.press('Enter');
    await s.wb.quickInput.waitFor({ state: 'hidden' });
    await s.page.keyboard.press('Control+K');
    await s.page.keyboard.press('Control+I');
    return waitFor(
        'the hover of the FROM line',
        async () => (await s.page.locator('.monaco-hover').allTextContents()).find((t) => /Show details/.test(t)),
        20_000,
    );
}

/** Rows of the open suggest widget (label and detail), top to bottom. */
async function suggestions(s: E2eSession): Promise<string[]> {
    const rows = s.page.locator('.editor-widget.suggest-widget.visible .monaco-list-row');
    const all = await rows.evaluateAll((els) =>
        els.map((e) => ({
            index: Number(e.getAttribute('data-index')),
            label: e.querySelector('.label-name')?.textContent ?? '',
            detail: e.querySelector('.details-label')?.textContent ?? '',
        })),
    );
    return all.sort((a, b) => a.index - b.index).map((r) => `${r.label} ${r.detail}`.trim());
}

/** Rows of the Problems panel. */
async function problems(s: E2eSession): Promise<string[]> {
    return s.page.locator('.markers-panel .monaco-list-row').allTextContents();
}

/** Moves `repository:tag` to what `to` points at in the simulated registry (`null` puts it back). */
async function moveTag(s: E2eSession, repository: string, tag: string, to: string | null): Promise<void> {
    const response = await fetch(`http://${s.sim.urls.registry}/_sim/move-tag`, {
        method: 'POST',
        body: JSON.stringify({ repository, tag, to }),
    });
    assert.equal(response.status, 204, await response.text());
}

function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
