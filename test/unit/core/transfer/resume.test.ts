import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { nodeIo } from '../../../../src/core/transfer/io';
import {
    bytesDone,
    contiguousPrefix,
    loadPartialState,
    splitParts,
    DEFAULT_PART_OPTIONS,
    StateWriter,
    type PartialState,
} from '../../../../src/core/transfer/resume';

const MiB = 1024 * 1024;

describe('resume state (unit)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ngc-resume-'));
    after(() => rm(dir, { recursive: true, force: true }));

    it('Should keep a small file in one part and split a large one into parts that tile it exactly', () => {
        assert.deepEqual(splitParts(10 * MiB), [{ start: 0, end: 10 * MiB, done: 0 }]);
        fc.assert(
            fc.property(fc.integer({ min: 64 * MiB, max: 4096 * MiB }), (size) => {
                const parts = splitParts(size);
                assert.ok(parts.length > 1);
                assert.equal(parts[0]?.start, 0);
                assert.equal(parts[parts.length - 1]?.end, size);
                for (let i = 1; i < parts.length; i++) {
                    assert.equal(parts[i]?.start, parts[i - 1]?.end);
                }
                assert.ok(parts.every((p) => p.end - p.start <= 32 * MiB));
            }),
        );
    });

    it('Should give a large file enough parts for every connection, never smaller than the minimum part', () => {
        const options = { ...DEFAULT_PART_OPTIONS, targetParts: 16 };
        assert.equal(splitParts(256 * MiB, options).length, 16, '16 parts of 16 MiB');
        assert.equal(splitParts(64 * MiB, options).length, 8, '8 parts of the 8 MiB minimum');
        assert.equal(splitParts(2048 * MiB, options).length, 64, 'a 2 GiB file: 32 MiB parts are already enough');
        assert.equal(splitParts(256 * MiB).length, 8, 'without a target: 32 MiB parts');
        assert.equal(splitParts(32 * MiB, options).length, 1, 'below the range threshold: one stream');
    });

    it('Should report the contiguous prefix only up to the first unfinished part', () => {
        const parts = [
            { start: 0, end: 10, done: 10 },
            { start: 10, end: 20, done: 4 },
            { start: 20, end: 30, done: 10 },
        ];
        assert.equal(contiguousPrefix(parts), 14);
        assert.equal(bytesDone(parts), 24);
        assert.equal(contiguousPrefix([{ start: 0, end: 10, done: 10 }]), 10);
    });

    it('Should restore a sidecar that matches the expected size, checksum and partial file', async () => {
        const partial = path.join(dir, 'a.bin.ngc-partial');
        const state = path.join(dir, 'a.bin.ngc-partial.json');
        await writeFile(partial, Buffer.alloc(100));
        const saved: PartialState = {
            size: 100,
            sha256Base64: 'x',
            parts: [
                { start: 0, end: 50, done: 20 },
                { start: 50, end: 100, done: 50 },
            ],
        };
        const writer = new StateWriter(nodeIo, state, () => saved);
        await writer.flush();
        assert.deepEqual(await loadPartialState(nodeIo, state, partial, { size: 100, sha256Base64: 'x' }), saved);
        assert.equal(
            await loadPartialState(nodeIo, state, partial, { size: 101, sha256Base64: 'x' }),
            undefined,
            'other size',
        );
        assert.equal(
            await loadPartialState(nodeIo, state, partial, { size: 100, sha256Base64: 'y' }),
            undefined,
            'other checksum',
        );
        await writeFile(partial, Buffer.alloc(10));
        assert.equal(
            await loadPartialState(nodeIo, state, partial, { size: 100, sha256Base64: 'x' }),
            undefined,
            'short partial',
        );
    });

    it('Should ignore a sidecar that is corrupt or whose parts do not tile the file', async () => {
        const partial = path.join(dir, 'b.bin.ngc-partial');
        const state = path.join(dir, 'b.bin.ngc-partial.json');
        await writeFile(partial, Buffer.alloc(100));
        await writeFile(
            state,
            '{"v":1,"size":100,"parts":[{"start":0,"end":60,"done":10},{"start":50,"end":100,"done":0}]}',
        );
        assert.equal(await loadPartialState(nodeIo, state, partial, { size: 100 }), undefined);
        await writeFile(state, '{not json');
        assert.equal(await loadPartialState(nodeIo, state, partial, { size: 100 }), undefined);
    });

    it('Should coalesce saves made while a write is running and end with the newest state', async () => {
        const state = path.join(dir, 'c.json');
        let n = 0;
        const writer = new StateWriter(nodeIo, state, () => ({ size: 10, parts: [{ start: 0, end: 10, done: n }] }));
        const pending: Promise<void>[] = [];
        for (n = 1; n <= 5; n++) {
            pending.push(writer.save());
        }
        n = 5;
        await Promise.all(pending);
        await writer.flush();
        const json = JSON.parse(await readFile(state, 'utf8')) as { parts: { done: number }[] };
        assert.equal(json.parts[0]?.done, 5);
    });
});
