import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';

/**
 * What the Marketplace and `vsce package` need from the manifest (issue 11 §13): no skip flags, a licence file, a
 * repository vsce can rewrite README images against, a 128×128 PNG icon, categories and keywords users search for.
 */
const ROOT = resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    license: string;
    icon: string;
    repository: { url: string };
    categories: string[];
    keywords: string[];
    scripts: Record<string, string>;
    contributes: {
        commands: { command: string }[];
        walkthroughs: {
            id: string;
            steps: { id: string; description: string; media: { markdown?: string }; completionEvents?: string[] }[];
        }[];
    };
};

/** Width and height from a PNG's IHDR chunk (bytes 16–23). */
function pngSize(file: string): { width: number; height: number } {
    const bytes = readFileSync(file);
    assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', `${file} is a PNG`);
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('package.json for the Marketplace', () => {
    it('Should package without --skip-license or --allow-missing-repository', () => {
        assert.doesNotMatch(manifest.scripts['package'] ?? '', /--skip-license|--allow-missing-repository/);
        assert.doesNotMatch(readFileSync(join(ROOT, 'scripts', 'demo.sh'), 'utf8'), /--skip-license|--allow-missing/);
    });

    it('Should ship the MIT licence text it declares, and a changelog', () => {
        assert.equal(manifest.license, 'MIT');
        assert.match(readFileSync(join(ROOT, 'LICENSE'), 'utf8'), /^MIT License\n[\s\S]*Permission is hereby granted/);
        assert.match(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8'), /^# Changelog\n[\s\S]*## \[\d+\.\d+\.\d+\]/);
    });

    it('Should name a GitHub repository, so vsce can turn README images into absolute links', () => {
        assert.match(manifest.repository.url, /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/);
    });

    it('Should have a 128×128 PNG icon', () => {
        assert.deepEqual(pngSize(join(ROOT, manifest.icon)), { width: 128, height: 128 });
    });

    it('Should be found under the categories and keywords an NGC user searches for', () => {
        assert.deepEqual(manifest.categories, ['Machine Learning', 'Data Science']);
        for (const word of ['nvidia', 'ngc', 'docker', 'dockerfile', 'containers']) {
            assert.ok(manifest.keywords.includes(word), `keyword ${word}`);
        }
        assert.ok(manifest.keywords.length <= 30, 'the Marketplace takes at most 30 keywords');
    });

    it('Should show README screenshots that exist, and keep them out of the .vsix', () => {
        const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
        const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1] ?? '');
        assert.ok(images.length >= 3, `tree, details and pinned FROM: ${images.join(', ')}`);
        for (const image of images) {
            assert.ok(existsSync(join(ROOT, image)), `${image} exists`);
            assert.match(image, /\.png$/, 'the Marketplace refuses SVG images in a README');
        }
        const ignore = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n');
        assert.ok(!ignore.some((l) => l.startsWith('!media/screenshots') || l === '!media/**'));
    });

    it('Should teach the first run in a walkthrough whose steps complete on what the user does', () => {
        const [walkthrough] = manifest.contributes.walkthroughs;
        assert.deepEqual(
            walkthrough?.steps.map((s) => s.id),
            ['browse', 'setApiKey', 'insertPinnedFrom', 'download'],
        );
        const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
        const ignore = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n');
        for (const step of walkthrough?.steps ?? []) {
            assert.ok((step.completionEvents ?? []).length > 0, `${step.id} completes on an event`);
            for (const event of step.completionEvents ?? []) {
                const command = /^onCommand:(.+)$/.exec(event)?.[1];
                assert.ok(!command || contributed.has(command), `${step.id}: ${event} names a contributed command`);
            }
            for (const [, command] of step.description.matchAll(/\(command:([\w.]+)\)/g)) {
                assert.ok(
                    contributed.has(command ?? '') || command?.startsWith('workbench.'),
                    `${step.id}'s button runs ${command}`,
                );
            }
            const media = step.media.markdown ?? '';
            assert.ok(existsSync(join(ROOT, media)), `${media} exists`);
            assert.ok(ignore.includes('!media/walkthrough/*.md'), `${media} is packaged`);
        }
    });
});
