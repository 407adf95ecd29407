/** (unit) The one failure map: every typed error core throws has a cause, a title, a remedy and an exit code. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnose } from '../../../../src/core/diagnose/diagnose';
import { DockerUnavailableError } from '../../../../src/core/docker/daemon';
import { UnsupportedDockerHostError } from '../../../../src/core/docker/endpoint';
import { pullError } from '../../../../src/core/docker/pullErrors';
import { parseArtifactRef } from '../../../../src/core/ngc/artifactRef';
import { parsePublicKey } from '../../../../src/core/registry/cosignPayload';
import { DigestMismatchError } from '../../../../src/core/registry/errors';
import { parsePlatform, PlatformNotFoundError } from '../../../../src/core/registry/platform';
import { parseReference } from '../../../../src/core/registry/reference';
import { TransferError } from '../../../../src/core/transfer/errors';
import { UnsafePathError } from '../../../../src/core/transfer/paths';
import { VerificationError } from '../../../../src/core/transfer/verify';

function thrown(work: () => unknown): unknown {
    try {
        work();
    } catch (error) {
        return error;
    }
    throw new Error('expected a throw');
}

const linux = { os: 'linux', architecture: 'amd64' };

describe('core failure map (unit)', () => {
    const cases: [string, unknown, string, number][] = [
        ['a bad image reference', thrown(() => parseReference('Not A Ref!!', { semantics: 'ngc' })), 'badInput', 2],
        ['a bad platform', thrown(() => parsePlatform('linux')), 'badInput', 2],
        ['a bad artifact reference', thrown(() => parseArtifactRef('justaname')), 'badInput', 2],
        ['an unreadable public key', thrown(() => parsePublicKey('not a key', 'key.pem')), 'badInput', 2],
        ['a missing platform', new PlatformNotFoundError('nvcr.io/nvidia/x:1', linux, []), 'platformNotFound', 5],
        ['a digest mismatch', new DigestMismatchError('manifest', 'sha256:a', 'sha256:b'), 'digestMismatch', 6],
        [
            'a failed file verification',
            new VerificationError([{ path: 'a.bin', kind: 'size', expected: '1', actual: '2' }]),
            'verificationFailed',
            6,
        ],
        ['an unsafe API path', new UnsafePathError('../x', 'it climbs out'), 'unsafePath', 1],
        [
            'a version still uploading',
            new TransferError('not-ready', 'version 1 is UPLOAD_PENDING'),
            'versionNotReady',
            1,
        ],
        ['too little space', new TransferError('disk-space', 'needs 3 GiB'), 'diskFull', 1],
        ['an incomplete download', new TransferError('incomplete', '2 files failed'), 'incomplete', 1],
        [
            'a Docker that is not running',
            new DockerUnavailableError('notRunning', 'unix:///x', 'not running'),
            'dockerUnavailable',
            1,
        ],
        [
            'an unusable DOCKER_HOST',
            new UnsupportedDockerHostError('ssh://x', 'ssh is not supported'),
            'dockerUnavailable',
            1,
        ],
        ['a refused pull', pullError('nvcr.io/a/b:1', 'manifest unknown', 404, 'nvcr.io'), 'notFound', 5],
        [
            'a Docker disk full',
            pullError('nvcr.io/a/b:1', 'no space left on device', 500, 'nvcr.io'),
            'dockerDiskFull',
            1,
        ],
        [
            'a local file error',
            Object.assign(new Error('ENAMETOOLONG: name too long'), {
                code: 'ENAMETOOLONG',
                syscall: 'open',
                path: '/d/x',
            }),
            'localFile',
            1,
        ],
    ];
    for (const [name, error, cause, exitCode] of cases) {
        it(`Should explain ${name} as ${cause} (exit ${exitCode})`, () => {
            assert.ok(error instanceof Error, `${name} must be an Error`);
            const d = diagnose(error);
            assert.equal(d.cause, cause);
            assert.equal(d.exitCode, exitCode);
            assert.ok(d.title.length > 0 && d.remedy.length > 0);
        });
    }

    it('Should never call a local file error a network failure', () => {
        const error = Object.assign(new Error('EACCES: permission denied'), {
            code: 'EACCES',
            syscall: 'mkdir',
            path: '/x',
        });
        const d = diagnose(new Error('wrapped', { cause: error }));
        assert.equal(d.cause, 'localFile');
        assert.doesNotMatch(`${d.title} ${d.remedy}`, /network|retry in a moment|NGC/i);
        assert.match(d.remedy, /\/x/);
    });

    it('Should offer the docker group command only where the socket refuses us', () => {
        const d = diagnose(
            new DockerUnavailableError('permissionDenied', 'unix:///run/docker.sock', 'permission denied'),
        );
        assert.equal(d.title, 'No permission to use Docker');
        assert.match(d.cli ?? '', /usermod -aG docker/);
    });

    it('Should offer a key only for a refused pull on the NGC registry', () => {
        const ngc = diagnose(
            pullError('nvcr.io/a/b:1', 'unauthorized: incorrect username or password', 500, 'nvcr.io'),
        );
        const other = diagnose(pullError('mirror:5000/a/b:1', 'unauthorized', 500, 'nvcr.io'));
        assert.equal(ngc.action, 'setApiKey');
        assert.equal(other.action, undefined);
    });
});
