import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..', '..');

async function check(root: string): Promise<{ problems: string[] }> {
    const mod = (await import(join(REPO, 'scripts', 'check-commands.mjs'))) as {
        checkCommands(root: string): { problems: string[] };
    };
    return mod.checkCommands(root);
}

function fixture(contributed: string[], registered: string[], menus: string[] = [], welcome = ''): string {
    const root = mkdtempSync(join(tmpdir(), 'ngc-cmds-'));
    mkdirSync(join(root, 'src/extension/commands'), { recursive: true });
    const contributes = {
        commands: contributed.map((command) => ({ command, title: command })),
        menus: { 'view/title': menus.map((command) => ({ command })) },
        viewsWelcome: [{ view: 'ngc.catalog', contents: welcome }],
    };
    writeFileSync(join(root, 'package.json'), JSON.stringify({ contributes }));
    const table = registered.map((id) => `    '${id}': handler,`).join('\n');
    writeFileSync(
        join(root, 'src/extension/commands/registerCommands.ts'),
        `export const COMMANDS: Record<string, H> = {\n${table}\n};\n`,
    );
    return root;
}

describe('check-commands (unit)', () => {
    it('Should pass on the real manifest and command table', async () => {
        assert.deepEqual((await check(REPO)).problems, []);
    });

    it('Should report a contributed command that is not registered and a registered one that is not contributed', async () => {
        const { problems } = await check(fixture(['ngc.a', 'ngc.b'], ['ngc.a', 'ngc.c']));
        assert.deepEqual(problems, ['contributed but not registered: ngc.b', 'registered but not contributed: ngc.c']);
    });

    it('Should report a menu entry naming an unknown command', async () => {
        const { problems } = await check(fixture(['ngc.a'], ['ngc.a'], ['ngc.zzz']));
        assert.deepEqual(problems, ['menu view/title names an unknown command: ngc.zzz']);
    });

    it('Should report a welcome link naming an unknown command, with or without arguments', async () => {
        const welcome =
            '[Retry](command:ngc.a)\n[Open](command:ngc.gone?%5B%22ngc.apiUrl%22%5D)\n[Old](command:ngc.old)\n' +
            '[VS Code](command:workbench.action.openSettings)';
        const { problems } = await check(fixture(['ngc.a'], ['ngc.a'], [], welcome));
        assert.deepEqual(problems, [
            'viewsWelcome names an unknown command: ngc.gone',
            'viewsWelcome names an unknown command: ngc.old',
        ]);
    });
});
