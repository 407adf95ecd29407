import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(__dirname, '../../../..');
const MODULE = join(ROOT, 'src/extension/tree/treeTrace.ts');
/** tsx's loader by URL: the child runs in a temporary folder, where `--import tsx` would not resolve. */
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/**
 * Runs treeMark twice in a fresh node (the variable is read when the module loads), in `cwd`, with `env` on top of
 * ours; returns what the child printed: whether it traces.
 */
function markInChild(cwd: string, env: Record<string, string | undefined>): string {
    const script = [
        `const { treeMark, treeTracing } = require(${JSON.stringify(MODULE)});`,
        `treeMark('loadMore:command 1'); treeMark('getChildren:end 50'); process.stdout.write(String(treeTracing));`,
    ].join('');
    const childEnv = { ...process.env, ...env };
    if (env.NGC_TREE_TRACE === undefined) {
        delete childEnv.NGC_TREE_TRACE;
    }
    return execFileSync(process.execPath, ['--import', TSX, '-e', script], { cwd, env: childEnv, encoding: 'utf8' });
}

test('treeMark writes epoch-ms lines on the page clock when NGC_TREE_TRACE names a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tree-trace-'));
    try {
        const file = join(dir, 'trace.log');
        const before = Date.now();
        assert.equal(markInChild(dir, { NGC_TREE_TRACE: file }), 'true');
        const after = Date.now();
        const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
        assert.equal(lines.length, 2);
        const [first, second] = lines.map((line) => /^(\d+\.\d{2}) (.+)$/.exec(line));
        assert.ok(first && second, `lines look like "<ms> <what>": ${lines.join(' | ')}`);
        assert.equal(first[2], 'loadMore:command 1');
        assert.equal(second[2], 'getChildren:end 50');
        for (const match of [first, second]) {
            const at = Number(match[1]);
            assert.ok(at >= before - 5 && at <= after + 5, `${at} within [${before}, ${after}]`);
        }
        assert.ok(Number(second[1]) >= Number(first[1]), 'in order');
    } finally {
        await rm(dir, { recursive: true, force: true });
    }
});

test('treeMark writes nothing and treeTracing is false without NGC_TREE_TRACE', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tree-trace-'));
    try {
        assert.equal(markInChild(dir, { NGC_TREE_TRACE: undefined }), 'false');
        assert.deepEqual(await readdir(dir), [], 'no file written anywhere in the working directory');
    } finally {
        await rm(dir, { recursive: true, force: true });
    }
});
