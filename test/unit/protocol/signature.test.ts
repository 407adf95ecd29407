import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { signatureLabel } from '../../../src/protocol/signature';

describe('signature labels (unit)', () => {
    it('Should call an API-signed tag "signed (unverified)" until it is verified', () => {
        assert.equal(signatureLabel(true)?.text, 'signed (unverified)');
        assert.equal(signatureLabel(true)?.tone, 'muted');
        assert.equal(signatureLabel(false), undefined);
        assert.equal(signatureLabel(undefined), undefined);
    });

    it('Should say what a check of this session found, whatever the API claimed', () => {
        assert.deepEqual(signatureLabel(true, { state: 'verified' }), {
            text: 'verified',
            tone: 'ok',
            icon: 'verified-filled',
        });
        assert.deepEqual(signatureLabel(true, { state: 'invalid' }), {
            text: 'signature invalid',
            tone: 'bad',
            icon: 'unverified',
        });
        assert.equal(signatureLabel(true, { state: 'unsigned' })?.text, 'not signed');
        assert.equal(signatureLabel(false, { state: 'verified' })?.text, 'verified');
    });
});
