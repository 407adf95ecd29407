import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlatform } from '../../../../src/core/registry/platform';
import { platformChoice } from '../../../../src/extension/image/platformChoice';

const p = parsePlatform;

describe('platformChoice (unit)', () => {
    it("Should put the engine's platform first, as the default, when a multi-arch index offers it", () => {
        const choice = platformChoice([p('linux/amd64'), p('linux/arm64')], p('linux/arm64'));
        assert.equal(choice.kind, 'pick');
        assert.deepEqual(choice.kind === 'pick' && choice.items.map((i) => i.label), ['linux/arm64/v8', 'linux/amd64']);
        assert.match((choice.kind === 'pick' && choice.items[0]?.description) || '', /default/);
        assert.match((choice.kind === 'pick' && choice.items[1]?.description) || '', /emulation on linux\/arm64\/v8/);
    });

    it("Should match the engine's plain arm64 to an index entry that says arm64/v8", () => {
        const choice = platformChoice([p('linux/amd64'), { os: 'linux', architecture: 'arm64', variant: 'v8' }], {
            os: 'linux',
            architecture: 'aarch64',
        });
        assert.equal(choice.kind === 'pick' && choice.items[0]?.platform.variant, 'v8');
    });

    it('Should keep the index order and mark no default when the engine platform is not offered', () => {
        const choice = platformChoice([p('linux/arm64'), p('linux/ppc64le')], p('linux/amd64'));
        assert.deepEqual(choice.kind === 'pick' && choice.items.map((i) => i.label), [
            'linux/arm64/v8',
            'linux/ppc64le',
        ]);
        assert.ok(choice.kind === 'pick' && choice.items.every((i) => !/default/.test(i.description ?? '')));
    });

    it('Should not ask when the index offers one platform, even a foreign one', () => {
        assert.deepEqual(platformChoice([p('linux/arm64')], p('linux/amd64')), {
            kind: 'fixed',
            platform: p('linux/arm64'),
        });
    });

    it("Should use the engine's platform for a single manifest (no index to choose from)", () => {
        assert.deepEqual(platformChoice([], p('linux/amd64')), { kind: 'fixed', platform: p('linux/amd64') });
    });

    it('Should collapse entries that name the same platform after normalisation', () => {
        const choice = platformChoice(
            [
                { os: 'linux', architecture: 'arm64' },
                { os: 'linux', architecture: 'arm64', variant: 'v8' },
            ],
            p('linux/amd64'),
        );
        assert.equal(choice.kind, 'fixed');
    });
});
