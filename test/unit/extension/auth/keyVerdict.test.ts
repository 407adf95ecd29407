import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Identity } from '../../../../src/core/catalog/catalogSource';
import { attachContext } from '../../../../src/core/diagnose/context';
import { HttpError } from '../../../../src/core/http/errors';
import { judgeKey } from '../../../../src/extension/auth/keyVerdict';

const jon: Identity = {
    kind: 'personal',
    user: { name: 'Jon Doe' },
    orgs: ['nvidia', 'acme'],
    teams: ['acme/vision'],
    roles: [],
    products: [],
};

function refused(keyKind: 'nvapi' | 'legacy', url: string): HttpError {
    const error = new HttpError({ kind: 'status', status: 401, url, description: 'Invalid SAK key' });
    return attachContext(error, { keyKind, operation: 'read' });
}

describe('judgeKey (unit)', () => {
    it('Should accept a key NGC knows when no org is chosen in settings', () => {
        const verdict = judgeKey('nvapi-abc', undefined, { identity: jon });
        assert.deepEqual(verdict, { ok: true, identity: jon });
    });

    it('Should accept a key whose orgs include the org chosen in settings', () => {
        assert.equal(judgeKey('nvapi-abc', 'acme', { identity: jon }).ok, true);
    });

    it('Should refuse a valid key that is not a member of the org chosen in settings, naming its orgs', () => {
        const verdict = judgeKey('nvapi-abc', 'otherorg', { identity: jon });
        assert.equal(verdict.ok, false);
        assert.ok(!verdict.ok);
        assert.equal(verdict.reason, 'wrongOrg');
        assert.match(verdict.title, /personal key is not for org "otherorg"/);
        assert.match(verdict.detail, /"nvidia", "acme"/);
        assert.deepEqual(verdict.keyOrgs, ['nvidia', 'acme']);
    });

    it('Should say an nvapi- key NGC answers 401 for is mistyped, expired or revoked', () => {
        const error = refused('nvapi', 'https://api.ngc.nvidia.com/v3/keys/get-caller-info');
        const verdict = judgeKey('nvapi-sim-revoked-0006', undefined, { error });
        assert.ok(!verdict.ok);
        assert.equal(verdict.reason, 'refused');
        assert.match(verdict.detail, /mistyped, expired or revoked/);
    });

    it('Should say a key without the nvapi- prefix that the token service refused is not an NGC key', () => {
        const error = refused('legacy', 'https://authn.nvidia.com/token?service=ngc');
        const verdict = judgeKey('hello', undefined, { error });
        assert.ok(!verdict.ok);
        assert.equal(verdict.reason, 'notAKey');
        assert.match(verdict.detail, /start with "nvapi-"/);
    });

    it('Should report an unreachable NGC as "could not check", not as a bad key', () => {
        const error = new HttpError({ kind: 'network', url: 'https://api.ngc.nvidia.com/v3/keys/get-caller-info' });
        const verdict = judgeKey('nvapi-abc', undefined, { error });
        assert.ok(!verdict.ok);
        assert.equal(verdict.reason, 'unreachable');
        assert.match(verdict.title, /Could not check the key/);
    });

    it('Should add a note when the key is a service key, which cannot browse lists', () => {
        const service: Identity = { ...jon, kind: 'service', user: undefined, orgs: ['acme'] };
        const verdict = judgeKey('nvapi-svc', 'acme', { identity: service });
        assert.ok(verdict.ok);
        assert.match(verdict.note ?? '', /service key/);
    });

    it('Should never quote the key in what it says', () => {
        const key = 'nvapi-secret-value-1234';
        for (const outcome of [
            { error: refused('nvapi', 'https://api.ngc.nvidia.com/v3/keys/get-caller-info') },
            { identity: jon },
        ]) {
            const verdict = judgeKey(key, 'otherorg', outcome);
            assert.ok(!JSON.stringify(verdict).includes(key));
        }
    });
});
