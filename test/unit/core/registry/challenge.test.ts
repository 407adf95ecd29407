import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseChallenges, pickChallenge } from '../../../../src/core/registry/challenge';

describe('parseChallenges (unit)', () => {
    it("Should read nvcr.io's /v2/ challenge, which has no service and an empty scope (ngc-api.md 9.1)", () => {
        assert.deepEqual(parseChallenges('Bearer realm="https://nvcr.io/proxy_auth",scope=""'), [
            { scheme: 'bearer', params: { realm: 'https://nvcr.io/proxy_auth', scope: '' } },
        ]);
    });

    it("Should read nvcr.io's repository challenge with its scope", () => {
        const [c] = parseChallenges(
            'Bearer realm="https://nvcr.io/proxy_auth",scope="repository:nvidia/k8s-device-plugin:pull"',
        );
        assert.equal(c?.params['scope'], 'repository:nvidia/k8s-device-plugin:pull');
        assert.equal(c?.params['service'], undefined);
    });

    it("Should read nvcr.io's challenge after expiry, with the new realm, service and error", () => {
        assert.deepEqual(
            parseChallenges('Bearer realm="https://authn.nvidia.com/token",service="registry",error="invalid_token"'),
            [
                {
                    scheme: 'bearer',
                    params: { realm: 'https://authn.nvidia.com/token', service: 'registry', error: 'invalid_token' },
                },
            ],
        );
    });

    it("Should read distribution's Basic challenge", () => {
        assert.deepEqual(parseChallenges('Basic realm="basic-realm"'), [
            { scheme: 'basic', params: { realm: 'basic-realm' } },
        ]);
    });

    it('Should keep commas, equals signs and escaped quotes inside quoted values', () => {
        const [c] = parseChallenges(
            'Bearer realm="https://r.example/token?a=1,b=2",scope="repository:a/b:pull,push",error_description="say \\"hi\\""',
        );
        assert.deepEqual(c?.params, {
            realm: 'https://r.example/token?a=1,b=2',
            scope: 'repository:a/b:pull,push',
            error_description: 'say "hi"',
        });
    });

    it('Should split several challenges in one header and lowercase schemes and parameter names', () => {
        const all = parseChallenges('Negotiate, BEARER Realm="https://a/token", Service=reg , Basic realm="b"');
        assert.deepEqual(
            all.map((c) => c.scheme),
            ['negotiate', 'bearer', 'basic'],
        );
        assert.deepEqual(all[1]?.params, { realm: 'https://a/token', service: 'reg' });
    });

    it('Should accept spaces around = and unquoted values, and skip a token68', () => {
        assert.deepEqual(parseChallenges('Bearer realm = "x" , service=svc'), [
            { scheme: 'bearer', params: { realm: 'x', service: 'svc' } },
        ]);
        assert.deepEqual(
            parseChallenges('Basic dXNlcjpwYXNz==, Bearer realm="r"').map((c) => c.scheme),
            ['basic', 'bearer'],
        );
    });

    it('Should not throw on garbage, an unterminated quote or an empty header', () => {
        assert.deepEqual(parseChallenges(undefined), []);
        assert.deepEqual(parseChallenges(''), []);
        assert.deepEqual(parseChallenges('Bearer realm="unterminated'), [
            { scheme: 'bearer', params: { realm: 'unterminated' } },
        ]);
        assert.doesNotThrow(() => parseChallenges('",,,=="=;<html>'));
    });
});

describe('pickChallenge (unit)', () => {
    it('Should prefer a Bearer challenge with a realm, else Basic, else nothing', () => {
        assert.equal(pickChallenge('Basic realm="b", Bearer realm="https://t"')?.scheme, 'bearer');
        assert.equal(pickChallenge('Bearer error="invalid_token", Basic realm="b"')?.scheme, 'basic');
        assert.equal(pickChallenge('Negotiate'), undefined);
    });
});
