import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cosignPublicKeyFileFrom } from '../../../../src/extension/platform/envSettings';

describe('settings from the environment (unit)', () => {
    it('Should take the cosign key file from the given environment, not from process.env', () => {
        process.env['NGC_COSIGN_PUBLIC_KEY'] = '/from/process.pem';
        try {
            assert.equal(cosignPublicKeyFileFrom({ NGC_COSIGN_PUBLIC_KEY: ' /keys/mirror.pem ' }), '/keys/mirror.pem');
            assert.equal(cosignPublicKeyFileFrom({}), undefined);
        } finally {
            delete process.env['NGC_COSIGN_PUBLIC_KEY'];
        }
    });

    it('Should treat a blank variable as unset', () => {
        assert.equal(cosignPublicKeyFileFrom({ NGC_COSIGN_PUBLIC_KEY: '   ' }), undefined);
    });
});
