import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cancelNotice, type CancellableOperation } from '../../../../src/extension/platform/cancelText';

describe('cancelNotice (unit)', () => {
    it('Should tell a cancelled download that wrote files how to resume, and offer Resume and Delete Partial Files', () => {
        const notice = cancelNotice('download', 'acme/vision/resnet-custom:1.0', true);
        assert.equal(notice.message, 'Download cancelled — run it again to resume (acme/vision/resnet-custom:1.0).');
        assert.deepEqual(notice.actions, ['Resume', 'Delete Partial Files']);
        assert.match(notice.logLine, /cancelled; partial files kept/);
    });

    it('Should not offer to delete anything when the download was cancelled before writing', () => {
        const notice = cancelNotice('download', 'acme/vision/resnet-custom:1.0', false);
        assert.match(notice.message, /nothing was written/);
        assert.deepEqual(notice.actions, ['Run Again']);
    });

    it('Should offer Resume after a cancelled pull (Docker keeps its layers)', () => {
        const notice = cancelNotice('pull', 'nvcr.io/nvidia/pytorch:25.03-py3');
        assert.match(notice.message, /^Pull cancelled — run it again to resume/);
        assert.deepEqual(notice.actions, ['Resume']);
    });

    it('Should say that verify, pin and insert changed nothing, with Run Again', () => {
        for (const op of ['verify', 'pin', 'insertFrom'] as CancellableOperation[]) {
            const notice = cancelNotice(op, 'X');
            assert.match(notice.message, /cancelled/i, op);
            assert.match(notice.message, /not changed|nothing was recorded|nothing was inserted/, op);
            assert.deepEqual(notice.actions, ['Run Again'], op);
        }
    });

    it('Should name the subject in every message and log line', () => {
        for (const op of ['download', 'pull', 'verify', 'pin', 'insertFrom', 'keyCheck'] as CancellableOperation[]) {
            const notice = cancelNotice(op, 'SUBJECT-1');
            assert.ok(notice.message.includes('SUBJECT-1'), op);
            assert.ok(notice.logLine.includes('SUBJECT-1'), op);
        }
    });
});
