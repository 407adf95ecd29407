import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DiskContentCache, MemoryContentCache, userCacheDir } from '../../../../src/core/registry/configCache';

const digestOf = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

describe('DiskContentCache', () => {
    let dir: string;
    before(async () => {
        dir = await mkdtemp(join(tmpdir(), 'ngc-cache-'));
    });
    after(() => rm(dir, { recursive: true, force: true }));

    it('Should return what was put, by digest, and miss what was not', async () => {
        const cache = new DiskContentCache({ dir: join(dir, 'a') });
        const bytes = Buffer.from('{"os":"linux"}');
        assert.equal(await cache.get(digestOf(bytes)), undefined);
        await cache.put(digestOf(bytes), bytes);
        assert.deepEqual(await cache.get(digestOf(bytes)), bytes);
        assert.deepEqual(await new DiskContentCache({ dir: join(dir, 'a') }).get(digestOf(bytes)), bytes);
    });

    it('Should refuse bytes that do not match their digest and keys that are not sha256 digests', async () => {
        const cache = new DiskContentCache({ dir: join(dir, 'b') });
        const bytes = Buffer.from('x');
        await cache.put(`sha256:${'0'.repeat(64)}`, bytes);
        await cache.put('../../etc/passwd', bytes);
        await cache.put('sha512:abc', bytes);
        assert.deepEqual(await readdir(join(dir, 'b')).catch(() => []), []);
        assert.equal(await cache.get('../../etc/passwd'), undefined);
    });

    it('Should delete a corrupt entry and report a miss', async () => {
        const sub = join(dir, 'c');
        const cache = new DiskContentCache({ dir: sub });
        const bytes = Buffer.from('{"architecture":"amd64"}');
        const digest = digestOf(bytes);
        await cache.put(digest, bytes);
        await writeFile(join(sub, digest.replace(':', '-')), '{"architecture":"arm64"}');
        assert.equal(await cache.get(digest), undefined);
        assert.deepEqual(await readdir(sub), []);
    });

    it('Should stay within its size budget, evicting the least recently used entries', async () => {
        const sub = join(dir, 'd');
        const cache = new DiskContentCache({ dir: sub, maxBytes: 1000, maxEntryBytes: 400 });
        const blobs = Array.from({ length: 6 }, (_, i) => Buffer.alloc(300, i));
        let t = 1_000_000;
        for (const b of blobs.slice(0, 3)) {
            await cache.put(digestOf(b), b);
            await utimes(join(sub, digestOf(b).replace(':', '-')), t, t);
            t += 10;
        }
        // Touch the first: it is now the most recently used.
        assert.ok(await cache.get(digestOf(blobs[0] as Buffer)));
        await cache.put(digestOf(blobs[3] as Buffer), blobs[3] as Buffer);
        const names = await readdir(sub);
        assert.ok(names.length <= 2, names.join(','));
        assert.ok(names.includes(digestOf(blobs[0] as Buffer).replace(':', '-')), 'the recently used entry stays');
        assert.ok(names.includes(digestOf(blobs[3] as Buffer).replace(':', '-')), 'the new entry stays');
        const big = Buffer.alloc(500, 9);
        await cache.put(digestOf(big), big);
        assert.equal(await cache.get(digestOf(big)), undefined, 'an entry over the per-entry bound is not kept');
    });
});

describe('MemoryContentCache', () => {
    it('Should keep at most its entry count, dropping the least recently used', async () => {
        const cache = new MemoryContentCache(2);
        const [a, b, c] = ['a', 'b', 'c'].map((s) => Buffer.from(s)) as [Buffer, Buffer, Buffer];
        await cache.put(digestOf(a), a);
        await cache.put(digestOf(b), b);
        await cache.get(digestOf(a));
        await cache.put(digestOf(c), c);
        assert.ok(await cache.get(digestOf(a)));
        assert.equal(await cache.get(digestOf(b)), undefined);
        await cache.put(digestOf(a), b);
        assert.deepEqual(await cache.get(digestOf(a)), a, 'bytes that do not match the digest are refused');
    });
});

describe('userCacheDir', () => {
    it('Should honour an absolute XDG_CACHE_HOME and ignore a relative one', () => {
        assert.equal(
            userCacheDir({ XDG_CACHE_HOME: '/x/cache' }, 'content', 'linux', '/home/u'),
            '/x/cache/ngc-explorer/content',
        );
        assert.equal(
            userCacheDir({ XDG_CACHE_HOME: 'rel' }, 'content', 'linux', '/home/u'),
            '/home/u/.cache/ngc-explorer/content',
        );
        assert.equal(userCacheDir({}, 'content', 'darwin', '/Users/u'), '/Users/u/Library/Caches/ngc-explorer/content');
    });
});
