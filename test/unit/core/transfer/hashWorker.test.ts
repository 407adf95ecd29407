import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { HashWorker, HashWorkerError } from '../../../../src/core/transfer/hashWorker';

describe('hash worker (unit)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ngc-hashworker-'));
    const worker = new HashWorker();
    after(async () => {
        await worker.dispose();
        await rm(dir, { recursive: true, force: true });
    });

    it('Should hash several files on one worker as their prefixes grow', async () => {
        const contents = [randomBytes(20 * 1024 * 1024 + 3), randomBytes(5), Buffer.alloc(0)];
        const files = await Promise.all(
            contents.map(async (c, i) => {
                const file = path.join(dir, `f${i}`);
                await writeFile(file, c);
                return file;
            }),
        );
        let visible = 0;
        const first = worker.open(files[0] as string, () => visible);
        for (visible = 0; visible < (contents[0]?.length ?? 0); visible += 3 * 1024 * 1024) {
            first.kick();
        }
        const digests = await Promise.all([
            first.finish(contents[0]?.length ?? 0),
            worker.open(files[1] as string, () => 5).finish(5),
            worker.open(files[2] as string, () => 0).finish(0),
        ]);
        assert.deepEqual(
            digests,
            contents.map((c) => createHash('sha256').update(c).digest('base64')),
        );
    });

    it('Should reject the digest when the file is shorter than claimed', async () => {
        const file = path.join(dir, 'short');
        await writeFile(file, Buffer.alloc(10));
        await assert.rejects(worker.open(file, () => 0).finish(100), /unexpected end of file/);
    });

    it(
        'Should reject pending and later digests at once after the thread crashes, instead of waiting forever',
        { timeout: 5_000 },
        async () => {
            const file = path.join(dir, 'crash');
            await writeFile(file, Buffer.alloc(10));
            // Throws (an `error` event, then `exit`) on the first `finish`.
            const crashing = new HashWorker({
                source: "require('node:worker_threads').parentPort.on('message', (m) => { if (m.type === 'finish') throw new Error('boom'); });",
            });
            try {
                const early = crashing.open(file, () => 10);
                const late = crashing.open(file, () => 10);
                await assert.rejects(
                    early.finish(10),
                    (e: unknown) => HashWorkerError.is(e) && /crashed: boom/.test(e.message),
                );
                assert.ok(HashWorkerError.is(crashing.failure));
                await assert.rejects(late.finish(10), HashWorkerError.is);
                late.kick();
                late.close();
                await assert.rejects(
                    crashing.open(file, () => 10).finish(10),
                    HashWorkerError.is,
                    'no new thread within the run',
                );
            } finally {
                await crashing.dispose();
            }
        },
    );

    it('Should treat a thread that exits on its own like a crash', { timeout: 5_000 }, async () => {
        const file = path.join(dir, 'exit');
        await writeFile(file, Buffer.alloc(10));
        const exiting = new HashWorker({
            source: "require('node:worker_threads').parentPort.on('message', () => process.exit(3));",
        });
        try {
            const hasher = exiting.open(file, () => 10);
            while (exiting.failure === undefined) {
                await new Promise((resolve) => setTimeout(resolve, 5));
            }
            await assert.rejects(
                hasher.finish(10),
                (e: unknown) => HashWorkerError.is(e) && /exited \(code 3\)/.test(e.message),
            );
        } finally {
            await exiting.dispose();
        }
    });
});
