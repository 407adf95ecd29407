import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const REPO = join(__dirname, '..', '..', '..');

interface Circle {
    files: string[];
    circle: { file: string; kind?: 'value' | 'type' | 'dynamic' }[];
}

async function findCircles(root: string): Promise<Circle[]> {
    const mod = (await import(join(REPO, 'scripts', 'check-cycles.mjs'))) as {
        findCircles(roots: string[], cwd: string): Circle[];
    };
    return mod.findCircles(['src'], root);
}

function fixture(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), 'ngc-cycles-'));
    for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
    }
    return root;
}

describe('check-cycles', () => {
    it('finds no circle in a tree of imports', async () => {
        const root = fixture({
            'src/a.ts': "import { b } from './b';\nimport { c } from './lib/c';",
            'src/b.ts': "import { c } from './lib/c';\nexport const b = c;",
            'src/lib/c.ts': "import { z } from 'zod';\nexport const c = z;",
        });
        assert.deepEqual(await findCircles(root), []);
    });

    it('reports a circle closed by an import type, with the kind of each edge', async () => {
        const root = fixture({
            'src/a.ts': "import { b } from './b.js';\nexport interface A { n: number }",
            'src/b.ts': "import type { A } from './a';\nexport const b = (a: A) => a.n;",
        });
        assert.deepEqual(await findCircles(root), [
            {
                files: ['src/a.ts', 'src/b.ts'],
                circle: [
                    { file: 'src/a.ts', kind: undefined },
                    { file: 'src/b.ts', kind: 'value' },
                    { file: 'src/a.ts', kind: 'type' },
                ],
            },
        ]);
    });

    it('follows re-exports, folder indexes and import() into a longer circle, and prints the shortest way round', async () => {
        const root = fixture({
            'src/a.ts': "export * from './b';",
            'src/b.ts': "export { c } from './c';",
            'src/c.ts': "export const c = async () => (await import('./d')).d;",
            'src/d/index.ts': "import { a } from '../a';\nimport { c } from '../c';\nexport const d = [a, c];",
        });
        const circles = await findCircles(root);
        assert.equal(circles.length, 1);
        assert.deepEqual(circles[0]?.files, ['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/d/index.ts']);
        assert.deepEqual(
            circles[0]?.circle.map(({ file }) => file),
            ['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/d/index.ts', 'src/a.ts'],
        );
        assert.equal(circles[0]?.circle[3]?.kind, 'dynamic');
    });

    it('exits 1 and prints the circle when run on a folder with one', async () => {
        const root = fixture({ 'src/a.ts': "import './b';", 'src/b.ts': "import './a';" });
        const run = spawnSync(process.execPath, [join(REPO, 'scripts', 'check-cycles.mjs'), 'src'], {
            cwd: root,
            encoding: 'utf8',
        });
        assert.equal(run.status, 1);
        assert.match(run.stdout, /src\/a\.ts -> src\/b\.ts -> src\/a\.ts/);
    });
});
