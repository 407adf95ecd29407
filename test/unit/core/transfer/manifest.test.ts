import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { nodeIo } from '../../../../src/core/transfer/io';
import { VerifiedManifest } from '../../../../src/core/transfer/manifest';

describe('verified manifest (unit)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ngc-manifest-'));
    after(() => rm(dir, { recursive: true, force: true }));

    it('Should match a recorded file only while size, mtime and checksum are unchanged, across reloads', async () => {
        const file = path.join(dir, '.ngc-download.json');
        const m = await VerifiedManifest.load(nodeIo, file);
        await m.record('a.bin', { size: 10, mtimeMs: 123.5, sha256Base64: 'S', verifiedBy: 'sha256' });
        const again = await VerifiedManifest.load(nodeIo, file);
        assert.equal(again.matches('a.bin', { size: 10, sha256Base64: 'S' }, { size: 10, mtimeMs: 123.5 }), true);
        assert.equal(
            again.matches('a.bin', { size: 10, sha256Base64: 'S' }, { size: 10, mtimeMs: 124 }),
            false,
            'touched',
        );
        assert.equal(
            again.matches('a.bin', { size: 10, sha256Base64: 'T' }, { size: 10, mtimeMs: 123.5 }),
            false,
            're-uploaded',
        );
        assert.equal(again.matches('b.bin', { size: 10 }, { size: 10, mtimeMs: 123.5 }), false, 'unknown file');
    });

    it('Should treat a corrupt manifest as empty instead of failing', async () => {
        const file = path.join(dir, 'broken.json');
        await writeFile(file, '{"v":1,"files":');
        const m = await VerifiedManifest.load(nodeIo, file);
        assert.equal(m.matches('a', { size: 1 }, { size: 1, mtimeMs: 1 }), false);
    });

    it('Should persist concurrent records without losing any', async () => {
        const file = path.join(dir, 'many.json');
        const m = await VerifiedManifest.load(nodeIo, file);
        await Promise.all(
            Array.from({ length: 20 }, (_, i) => m.record(`f${i}`, { size: i, mtimeMs: i, verifiedBy: 'size' })),
        );
        const again = await VerifiedManifest.load(nodeIo, file);
        for (let i = 0; i < 20; i++) {
            assert.equal(again.matches(`f${i}`, { size: i }, { size: i, mtimeMs: i }), true);
        }
    });
});
