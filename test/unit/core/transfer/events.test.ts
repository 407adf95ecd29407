import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProgressMeter, type BytesEvent, type TransferEvent } from '../../../../src/core/transfer/events';

describe('progress meter (unit)', () => {
    it('Should throttle bytes events to one per interval and report rate and ETA from the window', () => {
        let t = 0;
        const events: TransferEvent[] = [];
        const meter = new ProgressMeter(
            1000,
            2,
            (e) => events.push(e),
            () => t,
            200,
            5_000,
        );
        meter.addBytes(100); // t=0: first emit
        t = 100;
        meter.addBytes(100); // throttled
        t = 1000;
        meter.addBytes(100); // emit: 300 bytes, 200 bytes/s over 1 s
        const bytes = events.filter((e): e is BytesEvent => e.type === 'bytes');
        assert.equal(bytes.length, 2);
        const last = bytes[1];
        assert.equal(last?.bytesDone, 300);
        assert.equal(last?.rate, 200);
        assert.equal(last?.etaSeconds, 3.5);
        assert.equal(last?.filesTotal, 2);
    });

    it('Should count finished files and emit on flush whatever the throttle says', () => {
        const t = 0;
        const events: BytesEvent[] = [];
        const meter = new ProgressMeter(
            10,
            1,
            (e) => events.push(e as BytesEvent),
            () => t,
        );
        meter.addBytes(10);
        meter.fileDone();
        meter.flush();
        assert.equal(events.at(-1)?.filesDone, 1);
        assert.equal(events.at(-1)?.etaSeconds, 0);
    });

    it('Should leave the ETA unknown while no rate is measured and bytes remain', () => {
        const events: BytesEvent[] = [];
        const meter = new ProgressMeter(
            10,
            1,
            (e) => events.push(e as BytesEvent),
            () => 0,
        );
        meter.flush();
        assert.equal(events[0]?.etaSeconds, undefined);
    });
});
