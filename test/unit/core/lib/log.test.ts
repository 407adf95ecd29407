import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLog, Redactor, tagged, type LogLevel } from '../../../../src/core/lib/log';

describe('Redactor (unit)', () => {
    it('Should hide a registered secret wherever it appears', () => {
        const r = new Redactor();
        r.add('sim-legacy-key-0004');
        assert.equal(r.redact('key=sim-legacy-key-0004; again sim-legacy-key-0004'), 'key=***; again ***');
    });

    it('Should hide the Basic form of a registered key', () => {
        const r = new Redactor();
        r.add('sim-legacy-key-0004');
        const basic = Buffer.from('$oauthtoken:sim-legacy-key-0004').toString('base64');
        assert.doesNotMatch(r.redact(`sent ${basic} to authn`), new RegExp(basic.replace(/[+/=]/g, '.')));
    });

    it('Should ignore secrets too short to be real', () => {
        const r = new Redactor();
        r.add('abc');
        assert.equal(r.redact('abc abc'), 'abc abc');
    });

    it('Should mask Bearer, Basic and ApiKey credentials it was never told about', () => {
        const r = new Redactor();
        assert.equal(r.redact('Authorization: Bearer eyJhbGciOi.x.y'), 'Authorization: Bearer ***');
        assert.equal(r.redact('authorization: basic dXNlcjpwYXNz'), 'authorization: basic ***');
        assert.equal(r.redact('ApiKey abcdef123'), 'ApiKey ***');
    });

    it('Should mask any nvapi- key by pattern', () => {
        assert.equal(new Redactor().redact('the key nvapi-AbC_123-xyz leaked'), 'the key nvapi-*** leaked');
    });

    it('Should mask presigned query signatures and secret JSON fields', () => {
        const r = new Redactor();
        assert.equal(
            r.redact('GET https://xfiles/x?ssec-algo=AES256&ssec-key=K3y&sig=s1g&exp=5'),
            'GET https://xfiles/x?ssec-algo=AES256&ssec-key=***&sig=***&exp=5',
        );
        assert.equal(
            r.redact('{"token":"abc.def","apiKey":"k","name":"n"}'),
            '{"token":"***","apiKey":"***","name":"n"}',
        );
    });
});

describe('createLog (unit)', () => {
    it('Should redact, tag and filter by level before the sink sees a line', () => {
        const lines: [LogLevel, string][] = [];
        const log = createLog((level, line) => lines.push([level, line]), 'ngc', 'info');
        log.debug('hidden');
        log.info('using Bearer nvapi-secret-1234');
        tagged(log, 'auth').warn('token=abc');
        assert.deepEqual(lines, [
            ['info', '[ngc] using Bearer ***'],
            ['warn', '[ngc] [auth] token=abc'],
        ]);
    });
});
