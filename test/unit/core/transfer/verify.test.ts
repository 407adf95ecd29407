import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { WritableFile } from '../../../../src/core/transfer/io';
import { checkFile, FrontierHasher, normaliseSha256, VerificationError } from '../../../../src/core/transfer/verify';

/** An in-memory file, so the hasher's reads see exactly what was "written". */
function memoryFile(size: number): WritableFile & { data: Buffer } {
    const data = Buffer.alloc(size);
    return {
        data,
        async writeAt(buffers, position) {
            let p = position;
            for (const b of buffers) {
                b.copy(data, p);
                p += b.length;
            }
        },
        async readAt(buffer, position) {
            return data.copy(buffer, 0, position, Math.min(size, position + buffer.length));
        },
        async truncate() {},
        async size() {
            return size;
        },
        async close() {},
    };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('base64');

describe('verification (unit)', () => {
    it('Should accept base64, hex and unpadded base64url forms of the same digest', () => {
        const digest = createHash('sha256').update('x').digest();
        const b64 = digest.toString('base64');
        assert.equal(normaliseSha256(b64), b64);
        assert.equal(normaliseSha256(digest.toString('hex')), b64);
        assert.equal(normaliseSha256(digest.toString('base64url')), b64);
        assert.equal(normaliseSha256(''), undefined);
    });

    it('Should report a size mismatch before a checksum mismatch', () => {
        assert.deepEqual(checkFile('a', { size: 3 }, { size: 2 }), {
            path: 'a',
            kind: 'size',
            expected: '3',
            actual: '2',
        });
        const failure = checkFile(
            'a',
            { size: 2, sha256Base64: sha(Buffer.from('ab')) },
            { size: 2, sha256Base64: sha(Buffer.from('ac')) },
        );
        assert.equal(failure?.kind, 'checksum');
        assert.equal(checkFile('a', { size: 2 }, { size: 2 }), undefined, 'size-only files pass on size');
    });

    it('Should recognise VerificationError with is() and name every failed file in its message', () => {
        const error = new VerificationError([{ path: 'w/a.bin', kind: 'checksum', expected: 'e', actual: 'f' }]);
        assert.equal(VerificationError.is(error), true);
        assert.equal(VerificationError.is(new Error('x')), false);
        assert.match(error.message, /w\/a\.bin: SHA-256 mismatch/);
    });

    it('Should compute the right digest whatever order the parts are written in', async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.integer({ min: 1, max: 6 }),
                fc.integer({ min: 0, max: 1000 }),
                async (partCount, seed) => {
                    const size = 10_000 + seed * 37;
                    const content = randomBytes(size);
                    const file = memoryFile(size);
                    const step = Math.ceil(size / partCount);
                    const parts = Array.from({ length: Math.ceil(size / step) }, (_, i) => ({
                        start: i * step,
                        end: Math.min(size, (i + 1) * step),
                        done: 0,
                    }));
                    const hasher = new FrontierHasher(file, () => {
                        let prefix = 0;
                        for (const p of parts) {
                            if (p.start !== prefix) break;
                            prefix = p.start + p.done;
                            if (p.done < p.end - p.start) break;
                        }
                        return prefix;
                    });
                    // Write chunks round-robin across parts, last part first, offering each to the hasher.
                    const order = [...parts.keys()].reverse();
                    let active = true;
                    while (active) {
                        active = false;
                        for (const i of order) {
                            const p = parts[i];
                            if (!p || p.done >= p.end - p.start) continue;
                            active = true;
                            const from = p.start + p.done;
                            const chunk = content.subarray(from, Math.min(p.end, from + 700 + seed));
                            await file.writeAt([chunk], from);
                            p.done += chunk.length;
                            hasher.offer(from, [chunk]);
                        }
                    }
                    assert.equal(await hasher.finish(size), sha(content));
                },
            ),
            { numRuns: 40 },
        );
    });
});
