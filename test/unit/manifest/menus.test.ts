import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';

/**
 * The tree's right-click menu offers every action its inline icons offer (issue 11 §10: Copy Pull Command was an
 * icon on a tag but missing from its context menu). Checked on the contextValues the tree gives its rows
 * (treeItems.ts contextValueOf): each row an inline entry shows on gets a menu entry for the same command.
 */
const ROOT = resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { menus: Record<string, { command: string; when?: string; group?: string }[]> };
};

/** Rows of every kind the tree makes, as contextValueOf writes them. */
const ROWS = [
    'ngcRoot;public;ngcRefreshable;',
    'ngcRoot;org;ngcRefreshable;',
    'ngcTeam;ngcRefreshable;',
    ...['container', 'model', 'resource', 'helm-chart'].flatMap((kind) => [
        `ngcGroup;${kind};ngcRefreshable;`,
        `ngcArtifact;${kind};signed;ngcRefreshable;`,
        `ngcArtifact;${kind};unsigned;ngcRefreshable;`,
        `ngcVersion;${kind};ready;`,
        `ngcVersion;${kind};notReady;`,
    ]),
    'ngcTag;container;signed;',
    'ngcTag;container;unsigned;',
    'ngcTag;container;signed;verified;',
    'ngcTag;container;signed;badSignature;',
    'ngcLoadMore;',
    'ngcMessage;',
    ...['setApiKey', 'switchOrg', 'openLicense', 'checkSettings', 'openCatalogPage', 'retry', 'none'].map(
        (action) => `ngcError;auth;${action};`,
    ),
];

/** The rows a `view == ngc.catalog && viewItem =~ /re/` clause shows on. */
function rowsOf(when: string | undefined): string[] {
    const match = /viewItem =~ \/(.+)\/$/.exec(when ?? '');
    assert.ok(match?.[1], `a viewItem regex in: ${when}`);
    const re = new RegExp(match[1]);
    return ROWS.filter((row) => re.test(row));
}

describe('tree menus (unit)', () => {
    const entries = manifest.contributes.menus['view/item/context'] ?? [];
    const inline = entries.filter((e) => e.group?.startsWith('inline'));
    const menu = entries.filter((e) => !e.group?.startsWith('inline'));

    it('Should offer in the context menu every action shown inline, on the same rows', () => {
        assert.ok(inline.length >= 10, `inline entries: ${inline.length}`);
        const missing = inline.flatMap((e) => {
            const covered = new Set(menu.filter((m) => m.command === e.command).flatMap((m) => rowsOf(m.when)));
            return rowsOf(e.when)
                .filter((row) => !covered.has(row))
                .map((row) => `${e.command} on ${row}`);
        });
        assert.deepEqual(missing, []);
    });

    it('Should offer Copy Pull Command on a tag and Download on every complete chart, model and resource version', () => {
        const on = (command: string) =>
            new Set(menu.filter((m) => m.command === command).flatMap((m) => rowsOf(m.when)));
        assert.ok(on('ngc.image.copyPullCommand').has('ngcTag;container;unsigned;'));
        for (const kind of ['model', 'resource', 'helm-chart']) {
            assert.ok(on('ngc.artifact.download').has(`ngcVersion;${kind};ready;`), `Download on a ${kind} version`);
            assert.ok(!on('ngc.artifact.download').has(`ngcVersion;${kind};notReady;`), 'none on an upload pending');
        }
        assert.ok(!on('ngc.artifact.download').has('ngcVersion;container;ready;'));
    });
});
