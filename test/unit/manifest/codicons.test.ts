import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

/**
 * Every codicon id the extension names must exist in the VS Code it supports (issue 11 §9: `people` does not exist
 * in 1.100, so the team row showed no icon). The workbench (tree, menus, welcome views, walkthroughs) draws from
 * VS Code's own codicon set, listed in codicons-vscode-1.100.txt; the details webview draws from the font it bundles
 * (@vscode/codicons).
 */
const ROOT = resolve(__dirname, '..', '..', '..');

function lines(file: string): Set<string> {
    return new Set(
        readFileSync(file, 'utf8')
            .split('\n')
            .filter((l) => l && !l.startsWith('#')),
    );
}

function sources(dir: string): string[] {
    return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => /\.(ts|json)$/.test(f))
        .map((f) => join(ROOT, dir, f));
}

/** `file: id` for each icon id named in `text`, by the patterns icon ids are written in. */
function iconIds(file: string, patterns: RegExp[]): string[] {
    const text = readFileSync(file, 'utf8');
    return patterns.flatMap((p) => [...text.matchAll(p)].map((m) => `${relative(ROOT, file)}: ${m[1] ?? ''}`));
}

const WORKBENCH_PATTERNS = [
    /\$\(([a-z0-9-]+)(?:~spin)?\)/g, // "$(key)" in package.json, labels and markdown
    /ThemeIcon\(\s*'([a-z0-9-]+)'/g,
    /\bicon: '([a-z0-9-]+)'/g, // node and label data (nodes.ts, signature.ts)
    /^\s+(?:container|model|resource|'helm-chart'): '([a-z0-9-]+)',$/gm, // KIND_ICONS
];

describe('codicon ids (unit)', () => {
    it('Should name only codicons that VS Code 1.100 has, in the manifest and the extension', () => {
        const known = lines(join(__dirname, 'codicons-vscode-1.100.txt'));
        assert.ok(known.size > 500 && known.has('organization') && !known.has('people'), 'the 1.100 list');
        const files = [join(ROOT, 'package.json'), ...sources('src/extension'), ...sources('src/protocol')];
        const used = files.flatMap((f) => iconIds(f, WORKBENCH_PATTERNS));
        assert.ok(used.length > 30, `icon ids found: ${used.length}`);
        assert.deepEqual(
            used.filter((u) => !known.has(u.split(': ')[1] ?? '')),
            [],
        );
    });

    it('Should name only codicons of the bundled font in the details webview', () => {
        const css = readFileSync(join(ROOT, 'node_modules', '@vscode', 'codicons', 'dist', 'codicon.css'), 'utf8');
        const known = new Set([...css.matchAll(/\.codicon-([a-z0-9-]+):before/g)].map((m) => m[1]));
        const used = sources('webview-ui/src').flatMap((f) =>
            iconIds(f, [
                /\bicon\('([a-z0-9-]+)'\)/g,
                /\bbutton\(\s*[^,]+,\s*'([a-z0-9-]+)'/g,
                /\browAction\(\s*[^,]+,\s*'[^']*',\s*'[^']*',\s*'([a-z0-9-]+)'/g,
            ]),
        );
        assert.ok(used.length > 10, `icon ids found: ${used.length}`);
        assert.deepEqual(
            used.filter((u) => !known.has(u.split(': ')[1] ?? '')),
            [],
        );
    });
});
