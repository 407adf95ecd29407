import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const REPO = join(__dirname, '..', '..', '..');

/**
 * The repository's own eslint.config.mjs, limited to the rules under test; type information is off because the
 * files below exist only as text.
 */
const eslint = new ESLint({
    cwd: REPO,
    overrideConfig: { files: ['**/*.ts'], languageOptions: { parserOptions: { projectService: false } } },
    ruleFilter: ({ ruleId }) => ruleId === 'boundaries/imports' || ruleId === 'no-undef',
});

/** The rule ids reported for `code` as if it were the file at `path`, one per offending line. */
async function lint(path: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: join(REPO, path) });
    assert.ok(result);
    return result.messages.map((m) => `${m.line}:${m.ruleId ?? m.message}`);
}

describe('eslint boundaries', () => {
    it('keeps src/core away from vscode, the extension, the CLI and the simulator, however it imports them', async () => {
        const code = [
            "import type { Uri } from 'vscode';",
            "import { Session } from '../../extension/session';",
            "export { main } from '../../cli/main';",
            "const sim = await import('../../../sim/server');",
            "import { HttpClient } from '../http/client';",
            "import { Agent } from 'undici';",
            "import { join } from 'node:path';",
            "type T = import('../../extension/tree/nodes').TreeNode;",
        ].join('\n');
        assert.deepEqual(await lint('src/core/ngc/probe.ts', code), [
            '1:boundaries/imports',
            '2:boundaries/imports',
            '3:boundaries/imports',
            '4:boundaries/imports',
            '8:boundaries/imports',
        ]);
    });

    it('keeps the CLI away from vscode and the extension but lets it use core', async () => {
        const code = [
            "import * as vscode from 'vscode';",
            "import { x } from '../../extension/activate';",
            "import { NgcClient } from '../../core/ngc/client';",
            "import { CliFailure } from '../failure';",
        ].join('\n');
        assert.deepEqual(await lint('src/cli/commands/probe.ts', code), [
            '1:boundaries/imports',
            '2:boundaries/imports',
        ]);
    });

    it('lets src/protocol import zod and itself only', async () => {
        const code = [
            "import { z } from 'zod';",
            "import { signatureLabel } from './signature';",
            "import type { ArtifactKind } from '../core/ngc/artifactRef';",
            "import { readFile } from 'node:fs';",
        ].join('\n');
        assert.deepEqual(await lint('src/protocol/probe.ts', code), ['3:boundaries/imports', '4:boundaries/imports']);
    });

    it('lets the webview import src/protocol, its own files and its packages, nothing else', async () => {
        const code = [
            "import { hostMessageSchema } from '../../../src/protocol/details';",
            "import { post } from '../api';",
            "import DOMPurify from 'dompurify';",
            "import '@vscode-elements/elements/dist/vscode-button/index.js';",
            "import type { TreeNode } from '../../../src/extension/tree/nodes';",
            "import { redact } from '../../../src/core/lib/log';",
            "import { readFile } from 'node:fs';",
            "import * as vscode from 'vscode';",
            "import { x } from '../../package.json';",
        ].join('\n');
        assert.deepEqual(await lint('webview-ui/src/components/probe.ts', code), [
            '5:boundaries/imports',
            '6:boundaries/imports',
            '7:boundaries/imports',
            '8:boundaries/imports',
            '9:boundaries/imports',
        ]);
    });

    it('lints the .mjs scripts as ES modules under Node: process is there, require and document are not', async () => {
        const code = ['process.exitCode = 1;', "const fs = require('node:fs');", 'document.title = String(fs);'].join(
            '\n',
        );
        assert.deepEqual(await lint('scripts/probe.mjs', code), ['2:no-undef', '3:no-undef']);
    });
});
