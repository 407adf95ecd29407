import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import {
    downloadFolderFrom,
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

    it('Should declare every endpoint and trust root machine-scoped in package.json', () => {
        const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
            contributes: {
                configuration:
                    | { properties: Record<string, { scope?: string }> }
                    | { properties: Record<string, { scope?: string }> }[];
            };
        };
        const sections = [manifest.contributes.configuration].flat();
        const props = Object.assign({}, ...sections.map((s) => s.properties)) as Record<string, { scope?: string }>;
        for (const key of [
            'apiUrl',
            'authUrl',
            'registry',
            'helmUrl',
            'trustedRealmHosts',
            'modelSigning.rootCertificate',
            'modelSigning.publicKey',
        ]) {
            assert.equal(props[`ngc.${key}`]?.scope, 'machine', `ngc.${key}`);
        }
    });
});

describe('downloadFolderFrom', () => {
    const root = resolve('/work/project');

    it('Should resolve the user setting anywhere, relative ones against the workspace folder', () => {
        assert.deepEqual(downloadFolderFrom({ globalValue: '/data/models' }, root), {
            folder: resolve('/data/models'),
        });
        assert.deepEqual(downloadFolderFrom({ globalValue: 'models' }, root), { folder: join(root, 'models') });
        assert.equal(downloadFolderFrom({ globalValue: '' }, root), undefined);
        assert.equal(downloadFolderFrom(undefined, root), undefined);
    });

    it('Should take a workspace value only inside the workspace folder', () => {
        assert.deepEqual(downloadFolderFrom({ workspaceValue: 'models' }, root), { folder: join(root, 'models') });
        assert.deepEqual(downloadFolderFrom({ workspaceValue: '.' }, root), { folder: root });
        for (const outside of ['..', '../elsewhere', '/home/user/.ssh', 'models/../../x']) {
            const result = downloadFolderFrom({ workspaceFolderValue: outside, globalValue: '/data' }, root);
            assert.ok(result && 'refused' in result, outside);
            assert.match(result.refused, /outside the workspace folder.*user settings/);
        }
        // No folder open: a workspace value has nothing to be inside.
        assert.ok(downloadFolderFrom({ workspaceValue: 'models' }, undefined)?.hasOwnProperty('refused'));
    });
});
