import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatTimeLeft, transferProgressText, type TransferProgress } from '../../../../src/core/lib/progressText';

const KiB = 1024;
const base: TransferProgress = {
    bytesDone: 0,
    bytesTotal: 201 * KiB,
    rate: 0,
    etaSeconds: undefined,
    filesDone: 0,
    filesTotal: 3,
};

describe('transferProgressText (unit)', () => {
    it('Should say only the size and the file count before the first byte (no "0 B of", no empty parts)', () => {
        assert.equal(transferProgressText(base), 'starting… · 201 KiB · 3 files');
    });

    it('Should leave out the rate and the time left until the rate is measured', () => {
        assert.equal(
            transferProgressText({ ...base, bytesDone: 10 * KiB, filesDone: 0 }),
            '10.0 KiB of 201 KiB · 0 of 3 files',
        );
    });

    it('Should show bytes, rate, time left and files once all are known', () => {
        assert.equal(
            transferProgressText({ ...base, bytesDone: 120 * KiB, rate: 40 * KiB, etaSeconds: 2.1, filesDone: 1 }),
            '120 KiB of 201 KiB · 40.0 KiB/s · 3 s left · 1 of 3 files',
        );
    });

    it('Should not show a file count for a single file', () => {
        const text = transferProgressText({ ...base, filesTotal: 1, bytesDone: 5 * KiB, rate: KiB, etaSeconds: 70 });
        assert.equal(text, '5.0 KiB of 201 KiB · 1.0 KiB/s · 2 min left');
    });

    it('Should ignore a time left without a rate, and values that are not numbers', () => {
        const text = transferProgressText({ ...base, bytesDone: KiB, rate: Number.NaN, etaSeconds: 5, filesTotal: 0 });
        assert.equal(text, '1.0 KiB of 201 KiB');
        assert.doesNotMatch(text, /NaN|undefined|· ·|^ ·| · $/);
    });

    it('Should show only the bytes done when the total is unknown', () => {
        assert.equal(transferProgressText({ ...base, bytesTotal: 0, bytesDone: 3 * KiB, filesTotal: 1 }), '3.0 KiB');
    });

    it('Should never show more done than the total (sizes learnt late)', () => {
        assert.match(
            transferProgressText({ ...base, bytesDone: 300 * KiB, filesDone: 4 }),
            /^201 KiB of 201 KiB · 3 of 3 files$/,
        );
    });
});

describe('formatTimeLeft (unit)', () => {
    it('Should round up to seconds, minutes, then hours and minutes', () => {
        assert.equal(formatTimeLeft(0.2), '1 s left');
        assert.equal(formatTimeLeft(59), '59 s left');
        assert.equal(formatTimeLeft(61), '2 min left');
        assert.equal(formatTimeLeft(3600), '1 h left');
        assert.equal(formatTimeLeft(3900), '1 h 5 min left');
    });

    it('Should give nothing for negative or infinite values', () => {
        assert.equal(formatTimeLeft(-1), undefined);
        assert.equal(formatTimeLeft(Number.POSITIVE_INFINITY), undefined);
    });
});
