#!/usr/bin/env node
// Checks that every command in contributes.commands is registered in src/extension/commands/registerCommands.ts and
// that every registered command is contributed, and that every menu/keybinding/viewsWelcome reference names a
// contributed command.
// Usage: node scripts/check-commands.mjs [root]   → exit 0 when consistent, 1 with a list of problems otherwise.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function checkCommands(root) {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const contributes = pkg.contributes ?? {};
    const contributed = new Set((contributes.commands ?? []).map((c) => c.command));
    const table = readFileSync(join(root, 'src/extension/commands/registerCommands.ts'), 'utf8');
    const body = /COMMANDS[^=]*=\s*\{([\s\S]*?)\n\};/.exec(table)?.[1] ?? '';
    const registered = new Set([...body.matchAll(/^\s*'([^']+)'\s*:/gm)].map((m) => m[1]));
    const problems = [];
    for (const id of contributed) {
        if (!registered.has(id)) problems.push(`contributed but not registered: ${id}`);
    }
    for (const id of registered) {
        if (!contributed.has(id)) problems.push(`registered but not contributed: ${id}`);
    }
    for (const [menu, entries] of Object.entries(contributes.menus ?? {})) {
        for (const entry of entries) {
            if (entry.command && !contributed.has(entry.command))
                problems.push(`menu ${menu} names an unknown command: ${entry.command}`);
        }
    }
    // Command links in welcome views and walkthrough steps, with or without arguments (`command:id?%5B…%5D`).
    const links = [
        ...(contributes.viewsWelcome ?? []).map((w) => ['viewsWelcome', w.contents]),
        ...(contributes.walkthroughs ?? []).flatMap((w) => (w.steps ?? []).map((s) => ['walkthrough', s.description])),
    ];
    for (const [where, text] of links) {
        for (const m of (text ?? '').matchAll(/\(command:([\w.]+)(?:\?[^)]*)?\)/g)) {
            if (!m[1].startsWith('ngc.')) continue; // VS Code's own commands (workbench.action.*)
            if (!contributed.has(m[1])) problems.push(`${where} names an unknown command: ${m[1]}`);
        }
    }
    if (registered.size === 0) problems.push('no commands found in the COMMANDS table');
    return { contributed: contributed.size, registered: registered.size, problems };
}

if (import.meta.url === `file://${process.argv[1]}`) {
    const { contributed, registered, problems } = checkCommands(process.argv[2] ?? process.cwd());
    if (problems.length > 0) {
        console.error(problems.map((p) => `check-commands: ${p}`).join('\n'));
        process.exit(1);
    }
    console.log(`check-commands: ${registered} registered, ${contributed} contributed, all consistent`);
}
