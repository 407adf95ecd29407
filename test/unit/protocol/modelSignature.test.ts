import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { modelSignatureLabel } from '../../../src/protocol/signature';
import { versionRowSchema } from '../../../src/protocol/details';

describe('model version signature labels (unit)', () => {
    it('Should say "signed" from the API flag until a check after a download says verified or failed', () => {
        assert.equal(modelSignatureLabel(true)?.text, 'signed');
        assert.equal(modelSignatureLabel(true)?.tone, 'muted');
        assert.equal(modelSignatureLabel(false), undefined);
        assert.equal(modelSignatureLabel(undefined), undefined);
        assert.deepEqual(modelSignatureLabel(true, { state: 'verified' }), {
            text: 'verified',
            tone: 'ok',
            icon: 'verified-filled',
        });
        assert.equal(modelSignatureLabel(true, { state: 'failed' })?.tone, 'bad');
        // A verdict wins over a missing flag (a folder checked whatever the listing said).
        assert.equal(modelSignatureLabel(undefined, { state: 'failed' })?.text, 'failed');
    });

    it('Should carry a verdict with its reason in a version row, and refuse an unknown state', () => {
        const row = { version: '1.0', signed: true, verification: { state: 'failed', summary: 'fileDigest (a.bin)' } };
        assert.ok(versionRowSchema.safeParse(row).success);
        assert.equal(
            versionRowSchema.safeParse({ ...row, verification: { state: 'maybe', summary: '' } }).success,
            false,
        );
    });
});
