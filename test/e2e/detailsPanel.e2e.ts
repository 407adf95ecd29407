/**
 * (e2e) The details panel in the real workbench (code-server + Chromium) against the simulator: no key reaches the
 * webview (issue 10 item 5), Mirror to… on a tag row (issue 12 item 4), what is inside a tag in one click (issue 13
 * item 1), and model signature verdicts after a download in the versions table and as an Explorer badge (issue 14
 * item 4). Screenshots: test-results/e2e/details-*.png.
 * Run: `node --import tsx --test test/e2e/detailsPanel.e2e.ts` (after scripts/install-e2e-deps.sh).
 */
import assert from 'node:assert/strict';
import { appendFile, cp } from 'node:fs/promises';
import { join } from 'node:path';
import { describe } from 'node:test';
import type { Frame, Locator } from 'playwright-core';
import { SIM_ROOT_CERT_PEM } from '../../sim/modelSigning/simCa';
import { waitFor } from './harness/processes';
import { setUserSetting, type E2eSession } from './harness/session';
import { imageConfigEnv, restJson } from './harness/simProbe';
import { e2eSuite, missingE2eDependencies } from './harness/suite';

const missing = missingE2eDependencies();

describe(
    'The details panel in a real VS Code (issues 10.5, 12.4, 13.1, 14.4)',
    { skip: missing ?? false, timeout: 420_000 },
    () => {
        const { test, shot } = e2eSuite('details');
        let frame: Frame;

        test('Should never paint a key the server echoed in a tag name', async (s) => {
            // The personal key's shape (nvapi-…) is masked by the redactor even though this window never saw the key.
            // Trust the simulator's model-signing root for the downloads below (a reload applies the setting).
            await setUserSetting(s, 'ngc.modelSigning.rootCertificate', SIM_ROOT_CERT_PEM);
            await echoInTagName(s, 'nvidia', 'badsig', `echo-${s.sim.keys.personal}`);
            await s.wb.showNgcViewAsGuest();
            frame = await openDetails(s, 'badsig', 'Bad Signature', 'nvidia/badsig');
            const tags = await frame
                .locator('#tags-table > tbody > tr')
                .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-tag') ?? ''));
            assert.ok(tags.includes('echo-nvapi-***'), `the echoed tag is masked: ${tags.join(', ')}`);
            const html = await frame.locator('body').innerHTML();
            assert.ok(!html.includes(s.sim.keys.personal), 'the key is nowhere in the page');
            await shot(s, 'key-masked');
        });

        test('Should show which PyTorch is in 25.03-py3 with one click, per platform, after a loading state', async (s) => {
            frame = await openDetails(s, 'pytorch', 'PyTorch', 'nvidia/pytorch');
            const row = tagRow(frame, '25.03-py3');
            // The first registry answer drips, so the loading state can be seen.
            s.sim.faults.add({ host: 'registry', times: 1, fault: { kind: 'slow', bytesPerSecond: 200 } });
            await row.locator('button.expand').click();
            const detail = frame.locator('tr.inspection[data-inspection-for="25.03-py3"]');
            await detail.locator('text=Reading the image configs of 25.03-py3').waitFor({ timeout: 15_000 });
            await shot(s, 'inspect-loading');
            await detail.locator('.inspection-table').waitFor({ timeout: 60_000 });
            const platforms = await detail.locator('.inspection-table tbody tr').evaluateAll((rows) =>
                rows.map((r) => ({
                    platform: r.getAttribute('data-platform'),
                    created: r.children[1]?.textContent ?? '',
                    versions: Object.fromEntries(
                        [...r.querySelectorAll('li')].map((li) => [
                            li.getAttribute('data-variable') ?? '',
                            li.querySelector('.mono')?.textContent ?? '',
                        ]),
                    ),
                    names: [...r.querySelectorAll('li .framework')].map((n) => n.textContent),
                    layers: r.children[3]?.textContent ?? '',
                    size: r.children[4]?.textContent ?? '',
                })),
            );
            assert.deepEqual(
                platforms.map((p) => p.platform),
                ['linux/amd64', 'linux/arm64'],
            );
            for (const [i, arch] of ['amd64', 'arm64'].entries()) {
                const env = await imageConfigEnv(s.sim, 'nvidia/pytorch', '25.03-py3', arch);
                const p = platforms[i];
                assert.ok(p && env.PYTORCH_VERSION && env.CUDA_VERSION);
                assert.equal(p.versions.PYTORCH_VERSION, env.PYTORCH_VERSION, `PyTorch of ${arch}`);
                assert.equal(p.versions.CUDA_VERSION, env.CUDA_VERSION, `CUDA of ${arch}`);
                assert.ok(p.names.includes('PyTorch') && p.names.includes('CUDA'), p.names.join(', '));
                assert.match(p.created, /^\d{4}-\d\d-\d\d$/);
                assert.match(p.layers, /^\d+ layers?$/);
                assert.match(p.size, /^\d+(\.\d)? (B|KiB|MiB|GiB)$/);
            }
            await shot(s, 'inspect-pytorch');
            // Closing and opening again asks nothing more: the answer is kept.
            const before = s.sim.requests.length;
            await row.locator('button.expand').click();
            await detail.waitFor({ state: 'detached' });
            await row.locator('button.expand').click();
            await detail.locator('.inspection-table').waitFor();
            assert.equal(s.sim.requests.length, before, 'no request for a row opened again');
        });

        test('Should explain an inspection that fails through the diagnosis, with Retry', async (s) => {
            const row = tagRow(frame, '25.02-py3');
            s.sim.faults.add({
                host: 'registry',
                path: /manifests\/25\.02-py3$/,
                times: 1,
                fault: { kind: 'status', status: 404 },
            });
            await row.locator('button.expand').click();
            const detail = frame.locator('tr.inspection[data-inspection-for="25.02-py3"]');
            const problem = detail.locator('.problem');
            await problem.waitFor({ timeout: 30_000 });
            const text = (await problem.textContent()) ?? '';
            assert.doesNotMatch(text, /^\s*404\s*$/);
            assert.match(text, /not found|does not exist|no such/i, text);
            await shot(s, 'inspect-error');
            await problem.locator('vscode-button', { hasText: 'Retry' }).click();
            await detail.locator('.inspection-table').waitFor({ timeout: 30_000 });
        });

        test('Should offer Mirror to… on a tag row and ask for the target of that tag', async (s) => {
            const mirror = tagRow(frame, '25.03-py3').getByRole('button', { name: 'Mirror Image 25.03-py3' });
            await mirror.click();
            await waitFor(
                'the Mirror to… target picker',
                async () => (/Mirror nvidia\/pytorch to/.test(await s.wb.quickInputTitle()) ? true : undefined),
                15_000,
            );
            await shot(s, 'mirror-picker');
            await s.wb.closeQuickInput();
        });

        test('Should show verified after downloading signed-detector 1.1 and the failure after 1.0, in the panel and the Explorer', async (s) => {
            frame = await openDetails(s, 'signed-detector', 'Signed Detector', 'nvidia/signed-detector');
            assert.deepEqual(await signatureCells(frame), { '1.1': 'signed', '1.0': 'signed' });

            await versionRow(frame, '1.1').getByRole('button', { name: 'Download Version 1.1' }).click();
            const ok = await s.wb.waitForNotification(/signed-detector:1\.1 downloaded/, 90_000);
            assert.match(ok, /signature verified/);
            await waitFor(
                '1.1 verified in the panel',
                async () => ((await signatureCells(frame))['1.1'] === 'verified' ? true : undefined),
                15_000,
            );

            await versionRow(frame, '1.0').getByRole('button', { name: 'Download Version 1.0' }).click();
            const cells = await waitFor(
                '1.0 failed in the panel',
                async () => {
                    const c = await signatureCells(frame);
                    return c['1.0']?.startsWith('failed') ? c : undefined;
                },
                90_000,
            );
            assert.equal(cells['1.1'], 'verified');
            assert.match(cells['1.0'] ?? '', /^failed: fileDigest \(model\.safetensors\)$/, 'the check and the file');
            await shot(s, 'versions-verdicts');
            // Toasts hide on their own; the notification centre keeps the failure.
            assert.ok(
                (await notificationCentre(s)).some((n) =>
                    /signed-detector:1\.0: signature verification FAILED: fileDigest \(model\.safetensors\)/.test(n),
                ),
                'the failure was notified',
            );

            await s.wb.runCommand('View: Show Explorer');
            const downloads = explorerRow(s, 'downloads');
            await downloads.waitFor();
            if ((await downloads.getAttribute('aria-expanded')) !== 'true') {
                await downloads.click();
            }
            const badges = await waitFor(
                'both folders badged in the Explorer',
                async () => {
                    const b = await explorerBadges(s, ['signed-detector_v1.1', 'signed-detector_v1.0']);
                    return b['signed-detector_v1.1'] && b['signed-detector_v1.0'] ? b : undefined;
                },
                20_000,
            );
            assert.deepEqual(badges, { 'signed-detector_v1.1': '✓', 'signed-detector_v1.0': '✗' });
            assert.equal((await explorerBadges(s, ['downloads', 'Dockerfile'])).downloads, undefined, 'no badge above');
            const failedHover = await explorerHover(s, 'signed-detector_v1.0', /FAILED/);
            assert.match(failedHover, /NGC model signature verification FAILED: fileDigest \(model\.safetensors\)/);
            await shot(s, 'explorer-badge-failed');
            const verifiedHover = await explorerHover(s, 'signed-detector_v1.1', /signature verified/);
            assert.match(verifiedHover, /NGC model signature verified \(5 files, signed by /);
            await shot(s, 'explorer-badges');
        });

        test('Should badge a folder checked with Verify Model Signature… from the Explorer', async (s) => {
            // A model that reached the workspace another way: a copy of the verified 1.1, one weight file changed.
            const copy = join(s.workspace, 'downloads', 'from-a-colleague');
            await cp(join(s.workspace, 'downloads', 'signed-detector_v1.1'), copy, { recursive: true });
            await appendFile(join(copy, 'model.safetensors'), 'x');
            const row = explorerRow(s, 'from-a-colleague');
            await waitFor('the copy in the Explorer', async () => ((await row.count()) > 0 ? true : undefined), 20_000);
            await row.click({ button: 'right' });
            await s.wb.contextMenuItem('Verify Model Signature…').hover();
            await s.page.keyboard.press('Enter');
            await s.wb.waitForNotification(/from-a-colleague: signature verification FAILED: fileDigest/, 60_000);
            const badge = await waitFor(
                'the copy badged',
                async () => (await explorerBadges(s, ['from-a-colleague']))['from-a-colleague'],
                20_000,
            );
            assert.equal(badge, '✗');
            assert.match(
                await explorerHover(s, 'from-a-colleague', /FAILED/),
                /NGC model signature verification FAILED: fileDigest \(model\.safetensors\)/,
            );
            assert.equal((await explorerBadges(s, ['signed-detector_v1.1']))['signed-detector_v1.1'], '✓', 'unchanged');
            await shot(s, 'explorer-badge-folder');
        });
    },
);

/** `NGC: Show Details`, searching `search` and picking `pick`; the panel's frame once it shows `reference`. */
async function openDetails(s: E2eSession, search: string, pick: string, reference: string): Promise<Frame> {
    await s.wb.showNgcView(); // activates the extension: its commands are in the palette from then on
    await s.wb.runCommandPicking('NGC: Show Details', search, pick);
    const frame = await s.wb.webviewFrame(`#reference:has-text("${reference}")`, 30_000);
    await frame.locator('#listing table tbody tr').first().waitFor({ timeout: 30_000 });
    return frame;
}

function tagRow(frame: Frame, tag: string): Locator {
    return frame.locator(`#tags-table > tbody > tr[data-tag="${tag}"]`);
}

function versionRow(frame: Frame, version: string): Locator {
    return frame.locator(`#versions-table > tbody > tr[data-version="${version}"]`);
}

/** The Signature cell of each version row, as text. */
async function signatureCells(frame: Frame): Promise<Record<string, string>> {
    return frame
        .locator('#versions-table > tbody > tr')
        .evaluateAll((rows) =>
            Object.fromEntries(
                rows.map((r) => [
                    r.getAttribute('data-version') ?? '',
                    (r.querySelector('td.signature')?.textContent ?? '').trim(),
                ]),
            ),
        );
}

/** The file decoration badge of Explorer rows, by name (VS Code draws it with a CSS `::after`). */
async function explorerBadges(s: E2eSession, names: string[]): Promise<Record<string, string | undefined>> {
    return s.page.locator('.explorer-folders-view .monaco-list-row').evaluateAll(
        (rows, wanted) =>
            Object.fromEntries(
                rows.flatMap((r) => {
                    const name = r.querySelector('.label-name')?.textContent ?? '';
                    const label = r.querySelector('.monaco-icon-label');
                    const content = label ? getComputedStyle(label, '::after').content : 'none';
                    const badge = /^"(.*)"$/.exec(content)?.[1];
                    return wanted.includes(name) && badge ? [[name, badge]] : [];
                }),
            ),
        names,
    );
}

function explorerRow(s: E2eSession, name: string): Locator {
    return s.page
        .locator('.explorer-folders-view .monaco-list-row')
        .filter({ has: s.page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/\./g, '\\.')}$`) }) })
        .first();
}

/** Every notification message, from the notification centre (toasts hide after a while; the centre keeps them). */
async function notificationCentre(s: E2eSession): Promise<string[]> {
    await s.wb.runCommand('Notifications: Show Notifications');
    const messages = s.page.locator('.notifications-center .notification-list-item-message');
    await messages.first().waitFor({ timeout: 10_000 });
    const all = await messages.allTextContents();
    await s.wb.runCommand('Notifications: Hide Notifications');
    return all;
}

/** The hover of the Explorer row `name` (its path, then the decoration's tooltip); hovers again if none comes. */
async function explorerHover(s: E2eSession, name: string, expected: RegExp): Promise<string> {
    const label = explorerRow(s, name).locator('.label-name');
    const hover = s.page.locator('.workbench-hover, .monaco-hover').filter({ hasText: expected }).first();
    return waitFor(
        `the hover of ${name}`,
        async () => {
            await s.page.mouse.move(0, 0);
            const box = await label.boundingBox();
            assert.ok(box, `${name} is on screen`);
            // Several small moves over the label, as a pointer does: the hover service starts its delay on movement.
            for (const dx of [2, 6, 10]) {
                await s.page.mouse.move(box.x + dx, box.y + box.height / 2);
            }
            const shown = await hover
                .waitFor({ state: 'visible', timeout: 4_000 })
                .then(() => true)
                .catch(() => false);
            return shown ? ((await hover.textContent()) ?? '') : undefined;
        },
        30_000,
    );
}

/** Serves the guest tag list of `org/repo` with its first tag renamed to `tagName` (what a server echoing does). */
async function echoInTagName(s: E2eSession, org: string, repo: string, tagName: string): Promise<void> {
    const path = `/v2/repos/${org}/${repo}/images`;
    const body = await restJson<{ images: { tag: string }[] }>(s.sim, path);
    const first = body.images[0];
    assert.ok(first, `${org}/${repo} has images`);
    first.tag = tagName;
    s.sim.faults.add({ host: 'api', path, fault: { kind: 'json', body, status: 200 } });
}
