/** (unit) Aggregating the daemon's per-layer pull events into bytes and layers. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
    pullEventFailure,
    pullEventSchema,
    PullProgressTracker,
    shortLayerId,
    type PullEvent,
} from '../../../../src/core/docker/pullProgress';

const A = `sha256:${'a1'.repeat(32)}`;
const B = `sha256:${'b2'.repeat(32)}`;
const C = `sha256:${'c3'.repeat(32)}`;
const id = shortLayerId;

function feed(tracker: PullProgressTracker, events: PullEvent[]) {
    return events.map((e) => tracker.update(pullEventSchema.parse(e)));
}

describe('PullProgressTracker (unit)', () => {
    it('Should sum per-layer downloads to the manifest total and count layers done', () => {
        const tracker = new PullProgressTracker([
            { digest: A, size: 1000 },
            { digest: B, size: 3000 },
        ]);
        const snaps = feed(tracker, [
            { status: 'Pulling from nvidia/pytorch', id: '25.03-py3' },
            { status: 'Pulling fs layer', id: id(A), progressDetail: {} },
            { status: 'Pulling fs layer', id: id(B), progressDetail: {} },
            { status: 'Downloading', id: id(A), progressDetail: { current: 400, total: 1000 }, progress: '[==>  ]' },
            { status: 'Downloading', id: id(B), progressDetail: { current: 1000, total: 3000 } },
            { status: 'Download complete', id: id(A), progressDetail: {} },
            { status: 'Extracting', id: id(A), progressDetail: { current: 50000, total: 90000 } },
            { status: 'Pull complete', id: id(A), progressDetail: {} },
            { status: 'Downloading', id: id(B), progressDetail: { current: 3000, total: 3000 } },
            { status: 'Verifying Checksum', id: id(B), progressDetail: {} },
            { status: 'Pull complete', id: id(B), progressDetail: {} },
            { status: `Digest: sha256:${'d'.repeat(64)}` },
            { status: 'Status: Downloaded newer image for 127.0.0.1:5000/nvidia/pytorch:25.03-py3' },
        ]);
        assert.deepEqual(
            snaps.map((s) => s.doneBytes),
            [0, 0, 0, 400, 1400, 2000, 2000, 2000, 4000, 4000, 4000, 4000, 4000],
        );
        assert.ok(snaps.every((s) => s.totalBytes === 4000 && s.totalKnown && s.layersTotal === 2));
        const last = snaps.at(-1);
        assert.equal(last?.layersDone, 2);
        assert.equal(last?.digest, `sha256:${'d'.repeat(64)}`);
        assert.match(last?.status ?? '', /^Status: Downloaded newer image/);
        // Extracting progress (uncompressed bytes) never inflated the downloaded count.
        assert.ok(snaps.every((s) => s.doneBytes <= s.totalBytes));
    });

    it('Should count "Already exists" layers as done, with their bytes', () => {
        const tracker = new PullProgressTracker([
            { digest: A, size: 1000 },
            { digest: B, size: 500 },
        ]);
        const [first, second] = feed(tracker, [
            { status: 'Already exists', id: id(A), progressDetail: {} },
            { status: 'Pull complete', id: id(B), progressDetail: {} },
        ]);
        assert.deepEqual([first?.layersDone, first?.layersExisting, first?.doneBytes], [1, 1, 1000]);
        assert.deepEqual([second?.layersDone, second?.doneBytes, second?.totalBytes], [2, 1500, 1500]);
    });

    it('Should learn sizes from Downloading events when no manifest sizes were given, and say the total is partial', () => {
        const tracker = new PullProgressTracker();
        const snaps = feed(tracker, [
            { status: 'Pulling fs layer', id: id(A), progressDetail: {} },
            { status: 'Pulling fs layer', id: id(C), progressDetail: {} },
            { status: 'Downloading', id: id(A), progressDetail: { current: 10, total: 100 } },
            { status: 'Downloading', id: id(C), progressDetail: { current: 5, total: 50 } },
            { status: 'Download complete', id: id(A), progressDetail: {} },
        ]);
        assert.deepEqual(
            snaps.map((s) => [s.totalBytes, s.totalKnown, s.layersTotal]),
            [
                [0, false, 1],
                [0, false, 2],
                [100, false, 2],
                [150, true, 2],
                [150, true, 2],
            ],
        );
        assert.equal(snaps.at(-1)?.doneBytes, 105);
    });

    it('Should handle events without byte counts (tiny layers, Podman) and still finish', () => {
        const tracker = new PullProgressTracker([{ digest: A, size: 77 }]);
        const snaps = feed(tracker, [
            { status: 'Pulling fs layer', id: id(A) },
            { status: 'Download complete', id: id(A) },
            { status: 'Pull complete', id: id(A) },
        ]);
        assert.deepEqual(
            snaps.map((s) => s.doneBytes),
            [0, 77, 77],
        );
        assert.equal(snaps.at(-1)?.layersDone, 1);
        const unsized = new PullProgressTracker();
        const end = feed(unsized, [{ status: 'Pull complete', id: id(B), progressDetail: {} }]).at(-1);
        assert.deepEqual([end?.layersDone, end?.layersTotal, end?.totalKnown], [1, 1, false]);
    });

    it('Should finish a Podman pull (no byte counts, no "Pull complete", the config blob named like a layer)', () => {
        // The sequence Podman 4.3.1's compat API sent for a one-layer image (C is the config blob).
        const podmanEvents: PullEvent[] = [
            { status: 'Pulling fs layer', progressDetail: {}, id: id(A) },
            { status: 'Download complete', progressDetail: {}, id: id(A) },
            { status: 'Pulling fs layer', progressDetail: {}, id: id(C) },
            { status: 'Download complete', progressDetail: {}, id: id(C) },
            { status: 'Download complete', progressDetail: {}, id: id(C) },
        ];
        const tracker = new PullProgressTracker([{ digest: A, size: 300 }]);
        const last = feed(tracker, podmanEvents).at(-1);
        assert.deepEqual([last?.doneBytes, last?.totalBytes, last?.layersTotal], [300, 300, 1], 'C is not a layer');
        assert.equal(last?.layersDone, 0, 'not done before the stream ends');
        const done = tracker.finish();
        assert.deepEqual(
            [done.doneBytes, done.totalBytes, done.totalKnown, done.layersDone, done.layersTotal],
            [300, 300, true, 1, 1],
        );
        // Without the manifest's layers there is no telling the config blob apart: both count, with 0 bytes known.
        const blind = new PullProgressTracker();
        feed(blind, podmanEvents);
        assert.deepEqual(
            (({ doneBytes, totalBytes, totalKnown, layersDone, layersTotal }) => [
                doneBytes,
                totalBytes,
                totalKnown,
                layersDone,
                layersTotal,
            ])(blind.finish()),
            [0, 0, true, 2, 2],
        );
    });

    it('Should keep the last status line when a blob outside the manifest reports', () => {
        const tracker = new PullProgressTracker([{ digest: A, size: 10 }]);
        const s = feed(tracker, [
            { status: 'Pulling from nvidia/cuda', id: '12.9.5-base' },
            { status: 'Download complete', id: id(B) },
        ]).at(-1);
        assert.equal(s?.status, 'Pulling from nvidia/cuda 12.9.5-base');
        assert.equal(s?.layersTotal, 1);
    });

    it('Should restart a layer\'s count after "Retrying in N seconds"', () => {
        const tracker = new PullProgressTracker([{ digest: A, size: 100 }]);
        const snaps = feed(tracker, [
            { status: 'Downloading', id: id(A), progressDetail: { current: 60, total: 100 } },
            { status: 'Retrying in 5 seconds', id: id(A) },
            { status: 'Downloading', id: id(A), progressDetail: { current: 20, total: 100 } },
        ]);
        assert.deepEqual(
            snaps.map((s) => s.doneBytes),
            [60, 0, 20],
        );
    });

    it('Should not take the tag line ("Pulling from", id = tag) for a layer', () => {
        const tracker = new PullProgressTracker();
        const s = feed(tracker, [{ status: 'Pulling from nvidia/cuda', id: '12.9.5-base' }]).at(-1);
        assert.equal(s?.layersTotal, 0);
        assert.equal(s?.status, 'Pulling from nvidia/cuda 12.9.5-base');
    });
});

describe('pullEventFailure (unit)', () => {
    it('Should find errorDetail and the legacy error field, and nothing in normal events', () => {
        assert.equal(
            pullEventFailure(
                pullEventSchema.parse({ errorDetail: { message: 'unknown blob' }, error: 'unknown blob' }),
            ),
            'unknown blob',
        );
        assert.equal(
            pullEventFailure(pullEventSchema.parse({ error: 'no space left on device' })),
            'no space left on device',
        );
        assert.equal(pullEventFailure(pullEventSchema.parse({ status: 'Downloading', id: 'x' })), undefined);
        assert.match(pullEventFailure(pullEventSchema.parse({ error: '' })) ?? '', /without a message/);
    });

    it('Should accept events with unknown fields and null progressDetail', () => {
        const event = pullEventSchema.parse({ status: 'Waiting', id: 'abc', progressDetail: null, extra: 1 });
        assert.equal(event.status, 'Waiting');
    });
});
