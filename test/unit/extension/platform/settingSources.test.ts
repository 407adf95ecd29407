import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import {
    downloadFolderFrom,
    USER_ONLY_SETTINGS,
    realFolderInside,
    userOnlyText,
    workspaceTriesToSet,
} from '../../../../src/extension/platform/settingSources';

const ROOT = resolve(__dirname, '..', '..', '..', '..');

describe('settings a workspace may not set', () => {
    it('Should read a key-bearing endpoint from the user settings only, never from a workspace', () => {
        const hostile = {
            globalValue: undefined,
            workspaceValue: 'https://evil.example',
            workspaceFolderValue: 'https://evil2.example',
        };
        assert.equal(userOnlyText(hostile), undefined);
        assert.equal(workspaceTriesToSet(hostile), true);
        assert.equal(
            userOnlyText({ globalValue: ' http://127.0.0.1:9 ', workspaceValue: 'https://evil.example' }),
            'http://127.0.0.1:9',
        );
        assert.equal(userOnlyText({ globalValue: '   ' }), undefined);
        assert.equal(userOnlyText({ globalValue: 42 }), undefined);
        assert.equal(workspaceTriesToSet({ globalValue: 'x' }), false);
    });

    it('Should declare every user-only setting (endpoints, trust roots, signature checks) machine-scoped in package.json', () => {
        const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
            contributes: {
                configuration:
                    | { properties: Record<string, { scope?: string }> }
                    | { properties: Record<string, { scope?: string }> }[];
            };
        };
        const sections = [manifest.contributes.configuration].flat();
        const props = Object.assign({}, ...sections.map((s) => s.properties)) as Record<string, { scope?: string }>;
        for (const key of USER_ONLY_SETTINGS) {
            assert.equal(props[`ngc.${key}`]?.scope, 'machine', `ngc.${key}`);
        }
    });
});

describe('downloadFolderFrom', () => {
    const root = resolve('/work/project');

    it('Should resolve the user setting anywhere, relative ones against the workspace folder', () => {
        assert.deepEqual(downloadFolderFrom({ globalValue: '/data/models' }, root), {
            folder: resolve('/data/models'),
            fromWorkspace: false,
        });
        assert.deepEqual(downloadFolderFrom({ globalValue: 'models' }, root), {
            folder: join(root, 'models'),
            fromWorkspace: false,
        });
        assert.equal(downloadFolderFrom({ globalValue: '' }, root), undefined);
        assert.equal(downloadFolderFrom(undefined, root), undefined);
    });

    it("Should take a workspace value only inside the workspace folder, and offer the user's own instead", () => {
        assert.deepEqual(downloadFolderFrom({ workspaceValue: 'models' }, root), {
            folder: join(root, 'models'),
            fromWorkspace: true,
        });
        assert.deepEqual(downloadFolderFrom({ workspaceValue: '.' }, root), { folder: root, fromWorkspace: true });
        assert.deepEqual(
            downloadFolderFrom({ workspaceValue: 'models', globalValue: '/data' }, root),
            { folder: join(root, 'models'), fromWorkspace: true, userFolder: resolve('/data') },
            "the user's own folder rides along, for when a link takes the workspace's outside",
        );
        for (const outside of ['..', '../elsewhere', '/home/user/.ssh', 'models/../../x']) {
            const result = downloadFolderFrom({ workspaceFolderValue: outside, globalValue: '/data' }, root);
            assert.ok(result && 'refused' in result, outside);
            assert.match(result.refused, /outside the workspace folder.*user settings/);
            assert.equal(result.userFolder, resolve('/data'), "the user's own folder is offered instead");
        }
        // No folder open: a workspace value has nothing to be inside.
        const none = downloadFolderFrom({ workspaceValue: 'models' }, undefined);
        assert.ok(none && 'refused' in none && none.userFolder === undefined);
    });
});

describe('realFolderInside (real files and links)', () => {
    it('Should follow links: a committed link out of the workspace is outside, a folder yet to be made inside', async () => {
        const base = await mkdtemp(join(tmpdir(), 'ngc-dest-'));
        try {
            const workspace = join(base, 'ws');
            const secret = join(base, 'home', '.config');
            await mkdir(workspace, { recursive: true });
            await mkdir(secret, { recursive: true });
            await symlink(secret, join(workspace, 'models'));
            assert.equal(await realFolderInside(workspace, join(workspace, 'models')), false);
            assert.equal(await realFolderInside(workspace, join(workspace, 'models', 'not-yet', 'deeper')), false);
            assert.equal(await realFolderInside(workspace, join(workspace, 'downloads', 'not-yet')), true);
            assert.equal(await realFolderInside(workspace, workspace), true);
            assert.equal(await realFolderInside(workspace, join(base, 'home')), false);
            // The workspace reached through a link of its own is still itself.
            await symlink(workspace, join(base, 'ws-link'));
            assert.equal(await realFolderInside(join(base, 'ws-link'), join(workspace, 'downloads')), true);
        } finally {
            await rm(base, { recursive: true, force: true });
        }
    });
});
