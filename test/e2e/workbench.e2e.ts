/**
 * (e2e) The packaged .vsix in a real VS Code (code-server 4.100.3 = VS Code 1.100.3), driven through Debian's
 * Chromium with playwright-core the way a user would: palette commands, the password box, tree rows, the details
 * webview, the Dockerfile editor, a download. Everything runs against the simulator; settings point at it.
 * Run: `scripts/e2e.sh` (installs code-server and Chromium first) or `node --import tsx --test test/e2e/workbench.e2e.ts`.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe } from 'node:test';
import type { Frame, Locator } from 'playwright-core';
import { waitFor } from './harness/processes';
import { ARTIFACTS, waitForSavedFile, type E2eSession } from './harness/session';
import { checkDownloadedFiles, registryDigest, restJson, restList } from './harness/simProbe';
import { e2eSuite, missingE2eDependencies } from './harness/suite';
import { webviewSecurityTests } from './webviewSecurity';

const missing = missingE2eDependencies();

describe('NGC Explorer in a real VS Code', { skip: missing ?? false, timeout: 240_000 }, () => {
    const { test } = e2eSuite('workbench');

    test('Should show the public catalog without a key', async (s) => {
        await s.wb.showNgcViewAsGuest();
        const publicRoot = s.wb.treeRow('Public catalog', 1);
        const groups = await s.wb.expand(publicRoot);
        assert.deepEqual(
            groups.map((g) => g.label),
            ['Containers', 'Models', 'Resources', 'Helm charts'],
        );
        const containers = await s.wb.expand(s.wb.treeRow('Containers', 2));
        const names = containers.map((c) => c.label);
        for (const name of ['pytorch', 'cuda', 'tritonserver', 'badsig']) {
            assert.ok(names.includes(name), `public containers ${names.join(', ')} include ${name}`);
        }
        assert.ok(!names.includes('detector'), 'a private repo of acme is not in the public catalog');
        const entitled = containers.find((c) => c.label === 'nvaie-pytorch');
        assert.equal(
            entitled?.icon,
            'codicon-lock',
            `the entitled repo is listed publicly, locked: ${names.join(', ')}`,
        );
        assert.match(entitled?.description ?? '', /requires entitlement/);
        const blank = [...groups, ...containers]
            .filter((row) => !row.iconGlyph)
            .map((row) => `${row.label} (${row.icon})`);
        assert.deepEqual(blank, [], 'every row shows an icon that exists in the codicon font');
    });

    test('Should show the private org acme after NGC: Set API Key in the password box', async (s) => {
        await s.wb.setApiKey(s.sim.keys.personal);
        await s.wb.waitForNotification(/signed in/i);
        await s.wb.treeRow('acme', 1).waitFor({ timeout: 20_000 });
        assert.equal(await s.wb.treeRow('Browsing as guest', 1).count(), 0, 'the guest banner is gone');
        const children = await s.wb.expand(s.wb.treeRow('acme', 1));
        assert.ok(
            children.some((c) => c.label === 'vision'),
            `acme shows its team vision: ${children.map((c) => c.label).join(', ')}`,
        );
        await s.wb.collapse(s.wb.treeRow('acme', 1));
        assert.match(await s.wb.viewTitle(), /Jon Doe/, 'the view title says who is signed in');
    });

    test('Should list the tags of nvidia/pytorch newest first without cosign signature tags', async (s) => {
        const tags = await s.wb.expand(s.wb.treeRow('pytorch', 3));
        assert.deepEqual(
            tags.map((t) => t.label),
            ['25.03-py3', '25.02-py3', '25.01-py3', '24.12-py3'],
        );
        assert.ok(
            tags.every((t) => t.icon === 'codicon-verified'),
            'signed, not yet verified tags carry the outline verified icon',
        );
        assert.ok(
            tags.every((t) => /linux\/amd64, linux\/arm64/.test(t.description)),
            'the description names both platforms as Docker writes them',
        );
        await s.page.screenshot({ path: join(ARTIFACTS, 'tree.png') });
    });

    test('Should render the tags table of nvidia/pytorch in the details panel', async (s) => {
        await s.wb.treeRow('pytorch', 3).locator('.label-name').click();
        const frame = await s.wb.webviewFrame('#tags-table tbody tr');
        const rows = await frame.locator('#tags-table tbody tr').evaluateAll((trs) =>
            trs.map((tr) => ({
                tag: tr.getAttribute('data-tag'),
                platforms: [...tr.querySelectorAll('.platform')].map((p) => p.textContent?.trim().split(' ')[0]),
                digests: [...tr.querySelectorAll('.platform button')].map((b) =>
                    b.getAttribute('title')?.replace(/^Copy /, ''),
                ),
                signed: (tr.children[4]?.textContent ?? '').trim(),
            })),
        );
        assert.deepEqual(
            rows.map((r) => r.tag),
            ['25.03-py3', '25.02-py3', '25.01-py3', '24.12-py3'],
        );
        const rest = await restJson<{
            images: { tag: string; architectureVariants: { architecture: string; digest: string }[] }[];
        }>(s.sim, '/v2/repos/nvidia/pytorch/images');
        for (const row of rows) {
            const image = rest.images.find((i) => i.tag === row.tag);
            assert.deepEqual(row.platforms, ['linux/amd64', 'linux/arm64'], `${row.tag} platforms`);
            assert.deepEqual(
                row.digests,
                image?.architectureVariants.map((v) => v.digest),
                `${row.tag} shows the per-platform digests`,
            );
            assert.equal(row.signed, 'signed (unverified)', `${row.tag} is shown as signed, not yet verified`);
        }
        assert.match(
            (await frame.locator('#overview').textContent()) ?? '',
            /Getting started/,
            'the overview markdown rendered',
        );
        await s.page.screenshot({ path: join(ARTIFACTS, 'details.png') });
    });

    test('Should append the next page of nvidia/cuda tags in the details panel with Load more', async (s) => {
        await s.wb.treeRow('cuda', 3).locator('.label-name').click();
        const frame = await s.wb.webviewFrame('#reference:has-text("cuda")');
        const rows = frame.locator('#tags-table tbody tr');
        await rows.first().waitFor();
        assert.equal(await rows.count(), 50, 'the first page');
        const images = await restList<{ tag: string }>(s.sim, '/v2/repos/nvidia/cuda/images', 'images');
        const all = images.map((i) => i.tag).filter((t) => !/^sha256-/.test(t));
        assert.ok(all.length > 50, `cuda has more than one page: ${all.length}`);
        await frame.locator('#more-slot vscode-button', { hasText: 'Load more' }).click();
        await waitFor(
            'the second page of tags',
            async () => ((await rows.count()) === all.length ? true : undefined),
            15_000,
        );
        const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-tag')));
        assert.deepEqual([...shown].sort(), [...all].sort(), 'every tag once');
        assert.equal(await frame.locator('#more-slot vscode-button').count(), 0, 'no Load more after the last page');
        assert.match(
            (await frame.locator('#listing h2').textContent()) ?? '',
            new RegExp(`^Tags \\(${all.length}\\)$`),
        );
    });

    test('Should insert a pinned FROM line with the registry index digest into the Dockerfile', async (s) => {
        await s.wb.openFile('Dockerfile');
        await s.wb.goToLine(2);
        await s.wb.runCommandPicking('NGC: Insert Pinned FROM', 'pytorch', 'PyTorch', '25.03-py3', 'All platforms');
        await s.page.keyboard.press('Control+S');
        const expected = `FROM ${s.sim.urls.registry}/nvidia/pytorch:25.03-py3@${await registryDigest(s.sim, 'nvidia/pytorch', '25.03-py3')}`;
        const lines = (
            await waitForSavedFile(s, 'Dockerfile', 'the saved Dockerfile with a FROM line', (text) =>
                text.includes('FROM '),
            )
        ).split('\n');
        assert.deepEqual(lines.slice(0, 3), [
            '# syntax=docker/dockerfile:1',
            expected,
            'RUN python -c "import torch; print(torch.__version__)"',
        ]);
        await s.page.screenshot({ path: join(ARTIFACTS, 'dockerfile.png') });
    });

    test('Should insert a pinned FROM from the details panel into the Dockerfile last edited, at its cursor', async (s) => {
        // The Dockerfile is the active editor from the previous test; put its cursor on the RUN line, then leave it.
        await s.wb.goToLine(3);
        await s.wb.showNgcView();
        await s.wb.treeRow('pytorch', 3).locator('.label-name').click();
        const row = '#tags-table tbody tr[data-tag="25.02-py3"]';
        const frame = await s.wb.webviewFrame(row);
        await frame.locator(`${row} vscode-button`, { hasText: 'Insert FROM' }).click();
        await s.wb.acceptQuickPick('All platforms');
        await s.page.locator('.tabs-container .tab.active[aria-label^="Dockerfile"]').waitFor({ timeout: 15_000 });
        await s.page.keyboard.press('Control+S');
        const expected = `FROM ${s.sim.urls.registry}/nvidia/pytorch:25.02-py3@${await registryDigest(s.sim, 'nvidia/pytorch', '25.02-py3')}`;
        const lines = (
            await waitForSavedFile(s, 'Dockerfile', 'the saved Dockerfile with the second FROM line', (text) =>
                text.includes(':25.02-py3@'),
            )
        ).split('\n');
        assert.equal(lines[2], expected, `inserted at the remembered cursor (line 3): ${lines.join(' | ')}`);
        assert.match(lines[3] ?? '', /^RUN /);
        assert.ok(lines[1]?.includes(':25.03-py3@'), 'the first FROM line is untouched');
    });

    test('Should verify nvidia/pytorch:25.03-py3 from the details panel and mark the row and the tree verified', async (s) => {
        await s.wb.clearAllNotifications();
        const digest = await registryDigest(s.sim, 'nvidia/pytorch', '25.03-py3');
        const { frame, cell } = await verifyInPanel(s, 'pytorch', '25.03-py3');
        const message = await s.wb.waitForNotification(/^Verified: /, 30_000);
        assert.ok(
            message.startsWith(
                `Verified: ${s.sim.urls.registry.replace(/^https?:\/\//, '')}/nvidia/pytorch:25.03-py3@${digest} — `,
            ),
            `the notification names the verified reference: ${message}`,
        );
        assert.match(message, /\(1 of 1 signature valid\)$/);
        assert.deepEqual(await signedCell(cell, 'verified'), { text: 'verified', state: 'verified', tone: 'ok' });
        assert.equal(
            await frame.locator('#tags-table tbody tr[data-tag="25.02-py3"] td:nth-child(5)').textContent(),
            ' signed (unverified)',
            'the other rows keep their unverified label',
        );
        await s.page.screenshot({ path: join(ARTIFACTS, 'verify.png') });
        const pytorch = s.wb.treeRow('pytorch', 3);
        assert.equal(await pytorch.getAttribute('aria-expanded'), 'true', 'the tags of pytorch are shown in the tree');
        const node = await waitFor(
            'the tree tag 25.03-py3 re-rendered as verified',
            async () => {
                const tag = (await s.wb.childrenOf(pytorch)).find((t) => t.label === '25.03-py3');
                return tag?.icon === 'codicon-verified-filled' ? tag : undefined;
            },
            15_000,
        );
        assert.ok(node.iconGlyph, 'the filled verified icon exists in the codicon font');
        assert.match(
            node.description,
            /^verified\b/,
            `the tree description leads with the verdict: ${node.description}`,
        );
        const others = (await s.wb.childrenOf(pytorch)).filter((t) => t.label !== '25.03-py3');
        assert.deepEqual(
            others.map((t) => t.icon),
            ['codicon-verified', 'codicon-verified', 'codicon-verified'],
            'the tags not verified keep the outline icon',
        );
        await s.wb.clearAllNotifications();
    });

    test('Should report that the signature of nvidia/badsig:1.0 does not verify in the row and a notification', async (s) => {
        const digest = await registryDigest(s.sim, 'nvidia/badsig', '1.0');
        const { cell } = await verifyInPanel(s, 'badsig', '1.0');
        const message = await s.wb.waitForNotification(/^Signature does not verify: /, 30_000);
        assert.ok(message.includes(`/nvidia/badsig:1.0@${digest} — `), `names the checked reference: ${message}`);
        assert.deepEqual(await signedCell(cell, 'invalid'), {
            text: 'signature invalid',
            state: 'invalid',
            tone: 'bad',
        });
        assert.equal(
            (await s.wb.notifications()).filter((n) => /^Verified: .*badsig/.test(n)).length,
            0,
            'no success notification for badsig',
        );
        await s.wb.clearAllNotifications();
        // The security tests below reopen badsig with an injected tag name: close this panel so they load afresh.
        await closeActiveEditor(s);
    });

    test('Should show the kept nvidia/cuda panel again as it was, every page loaded, without asking NGC', async (s) => {
        // Load more kept (pinned) the cuda panel; the pytorch panels hid it, and VS Code discarded its page.
        const images = await restList<{ tag: string }>(s.sim, '/v2/repos/nvidia/cuda/images', 'images');
        const all = images.map((i) => i.tag).filter((t) => !/^sha256-/.test(t));
        const before = s.sim.requests.length;
        await s.wb.showNgcView();
        await s.wb.treeRow('cuda', 3).locator('.label-name').click();
        const frame = await s.wb.webviewFrame('#reference:has-text("cuda")');
        const rows = frame.locator('#tags-table tbody tr');
        await rows.first().waitFor();
        assert.equal(await rows.count(), all.length, 'the pages Load more added are still shown');
        const asked = s.sim.requests.slice(before).filter((r) => r.host === 'api' && r.url.includes('cuda'));
        assert.deepEqual(
            asked.map((r) => r.url),
            [],
            'the page was drawn from what the extension had',
        );
    });

    test('Should offer Verify on an unsigned nvidia/cuda tag and report it as not signed', async (s) => {
        await s.wb.showNgcView();
        await s.wb.treeRow('cuda', 3).locator('.label-name').click();
        const frame = await s.wb.webviewFrame('#reference:has-text("cuda")');
        const first = frame.locator('#tags-table tbody tr').first();
        await first.waitFor();
        const tag = (await first.getAttribute('data-tag')) ?? '';
        assert.equal((await first.locator('td:nth-child(5)').textContent())?.trim(), '—', 'no signature claimed');
        const digest = await registryDigest(s.sim, 'nvidia/cuda', tag);
        const { cell } = await verifyInPanel(s, 'cuda', tag);
        const message = await s.wb.waitForNotification(/^Not signed: /, 30_000);
        assert.ok(message.includes(`/nvidia/cuda:${tag}@${digest} — `), `names the checked reference: ${message}`);
        assert.deepEqual(await signedCell(cell, 'unsigned'), { text: 'not signed', state: 'unsigned', tone: 'warn' });
        await s.wb.clearAllNotifications();
        // Leave the workbench as the tests below expect it: the Dockerfile the active editor, as after Insert FROM.
        await s.wb.openFile('Dockerfile');
    });

    test('Should download acme/vision/resnet-custom 1.0 into the workspace with every file verified', async (s) => {
        await s.wb.runCommandPicking('NGC: Download Version…', 'resnet', 'Acme ResNet Custom', '1.0');
        const message = await s.wb.waitForNotification(/downloaded/, 60_000);
        assert.match(message, /3 files/);
        assert.match(message, /3 verified by sha256/);
        const files = await checkDownloadedFiles(
            s.sim,
            '/v2/org/acme/team/vision/models/resnet-custom/versions/1.0/files',
            s.sim.keys.personal,
            join(s.workspace, 'downloads', 'resnet-custom_v1.0'),
        );
        assert.equal(files, 3);
        await s.wb.clearNotifications();
    });

    test('Should show a diagnosis node with a fix for the entitled repo nvidia/nvaie-pytorch', async (s) => {
        await s.wb.showNgcView();
        await s.wb.collapse(s.wb.treeRow('Public catalog', 1));
        const children = await s.wb.expandPath('nvidia', 'Containers', 'nvaie-pytorch');
        assert.equal(children.length, 1, `one node instead of tags: ${JSON.stringify(children)}`);
        const [node] = children;
        assert.equal(node?.icon, 'codicon-error');
        assert.match(`${node?.label} ${node?.description}`, /entitle/i);
        await s.page.screenshot({ path: join(ARTIFACTS, 'entitled.png') });
    });

    webviewSecurityTests(test);

    test('Should never write the API key to disk: not in settings, logs or extension storage', async (s) => {
        const files = await filesUnder(s.root, ['extensions']);
        const logs = files.filter((f) => /NGC Explorer\.log$/.test(f));
        assert.equal(logs.length, 1, `the extension's log channel file exists: ${logs.join(', ')}`);
        assert.match(
            await readFile(logs[0] ?? '', 'utf8'),
            /connected to http:\/\/127\.0\.0\.1:\d+ with a key/,
            'the log covers the keyed session',
        );
        const leaks: string[] = [];
        for (const file of files) {
            const bytes = await readFile(file).catch(() => Buffer.alloc(0));
            if (bytes.includes(s.sim.keys.personal)) {
                leaks.push(file);
            }
        }
        assert.deepEqual(leaks, []);
    });
});

/** Opens the details of the public container `repo` from the tree and clicks Verify in the row of `tag`. */
async function verifyInPanel(s: E2eSession, repo: string, tag: string): Promise<{ frame: Frame; cell: Locator }> {
    await s.wb.showNgcView();
    await s.wb.treeRow(repo, 3).locator('.label-name').click();
    const frame = await s.wb.webviewFrame(`#reference:has-text("${repo}")`);
    const row = frame.locator(`#tags-table tbody tr[data-tag="${tag}"]`);
    await row.waitFor();
    const verify = row.locator('vscode-button', { hasText: 'Verify' });
    assert.equal(await verify.count(), 1, `the row of ${tag} has one Verify button`);
    await verify.click();
    return { frame, cell: row.locator('td:nth-child(5)') };
}

/** Waits until the Signed cell shows a verdict of `state` and returns what it shows. */
async function signedCell(
    cell: Locator,
    state: string,
): Promise<{ text: string; state: string | null; tone: string | null }> {
    const verdict = cell.locator(`span[data-verification="${state}"]`);
    await verdict.waitFor({ timeout: 30_000 });
    return {
        text: ((await cell.textContent()) ?? '').trim(),
        state: await verdict.getAttribute('data-verification'),
        tone: await verdict.getAttribute('class'),
    };
}

/** Closes the active editor tab (a details panel) with its close button. */
async function closeActiveEditor(s: E2eSession): Promise<void> {
    const tab = s.page.locator('.tabs-container .tab.active');
    const label = await tab.getAttribute('aria-label');
    await tab.locator('.tab-actions .action-label').click();
    await waitFor(
        `the tab ${label} closed`,
        async () =>
            (await s.page.locator(`.tabs-container .tab[aria-label="${label}"]`).count()) === 0 ? true : undefined,
        10_000,
    );
}

/** Every file under `root`, skipping top-level folders named in `skip`. */
async function filesUnder(root: string, skip: string[]): Promise<string[]> {
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    return entries
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath ?? e.path, e.name))
        .filter((path) => !skip.some((dir) => path.startsWith(join(root, dir) + '/')));
}
