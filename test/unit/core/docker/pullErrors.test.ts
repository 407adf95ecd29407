/** (unit) The daemon's failure texts, as Docker 20.10 and the registries word them, mapped to reasons and exit codes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnose } from '../../../../src/core/diagnose/diagnose';
import { classifyPullFailure, DockerPullError, pullError } from '../../../../src/core/docker/pullErrors';

describe('classifyPullFailure (unit)', () => {
    const cases: [string, number | undefined, string][] = [
        [
            '(HTTP code 500) server error - Head "http://127.0.0.1:5002/v2/nvidia/hello/manifests/1": unauthorized: incorrect username or password',
            500,
            'notAuthenticated',
        ],
        [
            'Get "http://127.0.0.1:1/v2/acme/base/manifests/1": unauthorized: authentication required',
            500,
            'notAuthenticated',
        ],
        ['manifest for 127.0.0.1:5002/nvidia/nope:1 not found: manifest unknown: manifest unknown', 404, 'notFound'],
        ['denied: requested access to the resource is denied', 500, 'notPermitted'],
        ['Unavailable For Legal Reasons: this image is not available in your region', 500, 'notPermitted'],
        [
            'failed to register layer: Error processing tar file(exit status 1): write /opt/x: no space left on device',
            undefined,
            'diskFull',
        ],
        ['no matching manifest for linux/s390x in the manifest list entries', 404, 'platformNotFound'],
        ['filesystem layer verification failed for digest sha256:abc', undefined, 'digestMismatch'],
        ['unknown blob', undefined, 'registry'],
    ];
    for (const [message, status, reason] of cases) {
        it(`Should classify "${message.slice(0, 60)}…" as ${reason}`, () => {
            assert.equal(classifyPullFailure(message, status), reason);
        });
    }
});

describe('classifyPullFailure of "pull access denied" (unit)', () => {
    const text =
        "pull access denied for 127.0.0.1:5000/acme/base, repository does not exist or may require 'docker login': denied: requested access to the resource is denied";
    it('Should say not authenticated when no credentials were sent, not permitted when they were', () => {
        assert.equal(classifyPullFailure(text, 404, false), 'notAuthenticated');
        assert.equal(classifyPullFailure(text, 404, true), 'notPermitted');
        assert.equal(classifyPullFailure(text, 404), 'notFound');
    });
});

describe('pullError (unit)', () => {
    it('Should give exit 3 and name NGC_API_KEY for a refused key on the NGC registry', () => {
        const error = pullError(
            'nvcr.io/acme/base:1',
            '(HTTP code 500) server error - unauthorized: incorrect username or password ',
            500,
            'nvcr.io',
        );
        assert.ok(DockerPullError.is(error, 'notAuthenticated'));
        assert.equal(error.exitCode, 3);
        assert.doesNotMatch(error.message, /NGC_API_KEY|extension/);
        const d = diagnose(error);
        assert.deepEqual([d.cause, d.action, d.exitCode], ['invalidKey', 'setApiKey', 3]);
        assert.match(d.cli ?? '', /NGC_API_KEY/);
        assert.match(error.message, /daemon: unauthorized: incorrect username or password\)$/);
    });

    it('Should give exit 5 for not found, 4 for denied, 1 for disk full', () => {
        assert.equal(pullError('r/x:1', 'manifest unknown', 404).exitCode, 5);
        assert.equal(pullError('r/x:1', 'denied: requested access to the resource is denied').exitCode, 4);
        const full = pullError('r/x:1', 'no space left on device');
        assert.deepEqual([full.reason, full.exitCode], ['diskFull', 1]);
        assert.match(full.message, /disk space/);
    });
});
