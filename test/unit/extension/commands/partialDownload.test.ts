import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { STAGING_DIR } from '../../../../src/core/transfer/paths';
import { versionStateDir } from '../../../../src/core/transfer/store';
import { beforeDownload, deletePartialDownload, leftFiles } from '../../../../src/extension/commands/partialDownload';

async function scratch(): Promise<{ root: string; dest: string; stateDir: string; done(): Promise<void> }> {
    const root = await mkdtemp(path.join(tmpdir(), 'ngc-partial-'));
    return {
        root,
        dest: path.join(root, 'downloads', 'resnet-custom_v1.0'),
        stateDir: path.join(root, 'cache'),
        done: () => rm(root, { recursive: true, force: true }),
    };
}

const plan = (destination: string) => ({
    destination,
    kind: 'model' as const,
    reference: 'acme/vision/resnet-custom:1.0',
});

/** What a cancelled run leaves: a verified file, a partial in staging, its sidecar and the verified record. */
async function leaveCancelledRun(dest: string, cache: string): Promise<void> {
    await mkdir(path.join(dest, STAGING_DIR), { recursive: true });
    await writeFile(path.join(dest, 'labels.txt'), 'done');
    await writeFile(path.join(dest, STAGING_DIR, 'a'.repeat(32) + '.partial'), 'half');
    await mkdir(cache, { recursive: true });
    await writeFile(path.join(cache, 'b'.repeat(32) + '.json'), '{}');
    await writeFile(path.join(cache, 'verified.json'), '{}');
}

describe('partial download cleanup (unit)', () => {
    it('Should delete the whole version folder and its cache when this run created the folder', async () => {
        const s = await scratch();
        try {
            const partial = await beforeDownload(plan(s.dest), s.stateDir);
            assert.equal(partial.createdByRun, true);
            const cache = versionStateDir(s.stateDir, partial.plan);
            await leaveCancelledRun(s.dest, cache);
            assert.equal(await leftFiles(partial), true);
            await deletePartialDownload(partial);
            assert.deepEqual(await readdir(path.join(s.root, 'downloads')), [], 'no half folder left');
            assert.equal(await leftFiles(partial), false);
            await assert.rejects(readdir(cache), { code: 'ENOENT' });
        } finally {
            await s.done();
        }
    });

    it('Should keep the files of a folder that existed before, and delete only staging and resume sidecars', async () => {
        const s = await scratch();
        try {
            await mkdir(s.dest, { recursive: true });
            await writeFile(path.join(s.dest, 'earlier.bin'), 'from an earlier run');
            const partial = await beforeDownload(plan(s.dest), s.stateDir);
            assert.equal(partial.createdByRun, false);
            const cache = versionStateDir(s.stateDir, partial.plan);
            await leaveCancelledRun(s.dest, cache);
            await deletePartialDownload(partial);
            assert.deepEqual((await readdir(s.dest)).sort(), ['earlier.bin', 'labels.txt']);
            assert.deepEqual(await readdir(cache), ['verified.json']);
            assert.equal(await leftFiles(partial), false);
        } finally {
            await s.done();
        }
    });

    it('Should report nothing left when a cancelled run wrote nothing', async () => {
        const s = await scratch();
        try {
            const partial = await beforeDownload(plan(s.dest), s.stateDir);
            assert.equal(await leftFiles(partial), false);
            await deletePartialDownload(partial);
        } finally {
            await s.done();
        }
    });
});
