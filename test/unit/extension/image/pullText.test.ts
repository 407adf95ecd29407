import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PullProgress } from '../../../../src/core/docker/pullProgress';
import { ProgressIncrements, pullProgressMessage } from '../../../../src/extension/image/pullText';

function progress(over: Partial<PullProgress>): PullProgress {
    return {
        totalBytes: 0,
        doneBytes: 0,
        totalKnown: true,
        layersDone: 0,
        layersTotal: 0,
        layersExisting: 0,
        status: undefined,
        digest: undefined,
        ...over,
    };
}

describe('pullProgressMessage (unit)', () => {
    it('Should show bytes of total and layers, with layers already present', () => {
        const text = pullProgressMessage(
            progress({
                doneBytes: 3 * 1024 * 1024,
                totalBytes: 10 * 1024 * 1024,
                layersDone: 2,
                layersTotal: 5,
                layersExisting: 1,
            }),
        );
        assert.equal(text, '3.0 MiB of 10.0 MiB · 2/5 layers (1 already present)');
    });

    it('Should mark a total that may still grow, and show bytes alone before any size is known', () => {
        assert.equal(
            pullProgressMessage(progress({ doneBytes: 512, totalBytes: 2048, totalKnown: false, layersTotal: 2 })),
            '512 B of 2.0 KiB+ · 0/2 layers',
        );
        assert.equal(pullProgressMessage(progress({})), '0 B');
    });
});

describe('ProgressIncrements (unit)', () => {
    it('Should hand out increments that add up to 100 and never go negative when the total grows', () => {
        const inc = new ProgressIncrements();
        const steps = [
            progress({ doneBytes: 50, totalBytes: 100 }),
            progress({ doneBytes: 60, totalBytes: 200, totalKnown: false }),
            progress({ doneBytes: 150, totalBytes: 200 }),
            progress({ doneBytes: 200, totalBytes: 200 }),
        ];
        const increments = steps.map((s) => inc.next(s));
        assert.deepEqual(increments, [50, 0, 25, 25]);
        assert.equal(
            increments.reduce((a, b) => a + b, 0),
            100,
        );
    });
});
