import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
    formatMirrorTarget,
    mirrorRepository,
    offeredTargets,
    parseMirrorTarget,
    readRemembered,
    remember,
    type MirrorTarget,
} from '../../../../src/extension/mirror/mirrorTargets';

function target(text: string): MirrorTarget {
    const parsed = parseMirrorTarget(text);
    assert.ok(!('error' in parsed), `${text}: ${'error' in parsed ? parsed.error : ''}`);
    return parsed;
}

describe('mirror targets (unit)', () => {
    it('Should read host, port and path, lowercasing the host and dropping trailing slashes', () => {
        assert.deepEqual(target('Harbor.Example.com/ngc-mirror/'), { host: 'harbor.example.com', path: 'ngc-mirror' });
        assert.deepEqual(target('127.0.0.1:5000'), { host: '127.0.0.1:5000', path: '' });
        assert.deepEqual(target('localhost/a/b'), { host: 'localhost', path: 'a/b' });
    });

    it('Should refuse a scheme, a tag or digest, a host that is not one, and an uppercase path', () => {
        for (const bad of [
            '',
            'https://harbor.example.com',
            'harbor/ngc',
            'h.example.com/ngc:1',
            'h.io/x@sha256:00',
            'h.io/NGC',
            'h.io:99999999/x',
        ]) {
            const parsed = parseMirrorTarget(bad);
            assert.ok('error' in parsed, `${bad} is refused`);
        }
    });

    it('Should put the source repository under the target path', () => {
        assert.equal(mirrorRepository(target('h.io/ngc'), 'nvidia/pytorch'), 'ngc/nvidia/pytorch');
        assert.equal(mirrorRepository(target('h.io'), 'acme/vision/app'), 'acme/vision/app');
        assert.equal(formatMirrorTarget(target('h.io/ngc')), 'h.io/ngc');
    });

    it('Should offer the org’s last target first, then configured, then used ones, each once, skipping bad ones', () => {
        const offered = offeredTargets({
            configured: ['b.io/x', 'not a target', 'a.io'],
            lastForOrg: 'a.io',
            used: ['c.io', 'b.io/x'],
        }).map(formatMirrorTarget);
        assert.deepEqual(offered, ['a.io', 'b.io/x', 'c.io']);
        assert.deepEqual(offeredTargets({ configured: [] }), []);
    });

    it('Should remember the last target per org and the recent ones, newest first, at most ten', () => {
        let memory = readRemembered(undefined);
        for (let i = 0; i < 12; i++) {
            memory = remember(memory, i % 2 ? 'acme' : 'nvidia', target(`r${i}.io`));
        }
        memory = remember(memory, 'acme', target('r3.io'));
        assert.equal(memory.byOrg['acme'], 'r3.io');
        assert.equal(memory.byOrg['nvidia'], 'r10.io');
        assert.equal(memory.used.length, 10);
        assert.equal(memory.used[0], 'r3.io');
        assert.equal(memory.used.filter((t) => t === 'r3.io').length, 1);
    });

    it('Should read whatever globalState holds without throwing', () => {
        assert.deepEqual(readRemembered('junk'), { byOrg: {}, used: [] });
        assert.deepEqual(readRemembered({ byOrg: { a: 1, b: 'x.io' }, used: ['y.io', 2] }), {
            byOrg: { b: 'x.io' },
            used: ['y.io'],
        });
    });
});
