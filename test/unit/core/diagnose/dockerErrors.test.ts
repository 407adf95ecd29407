import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { unavailable } from '../../../../src/core/docker/daemon';
import { UnsupportedDockerHostError } from '../../../../src/core/docker/endpoint';
import { pullError } from '../../../../src/core/docker/pullErrors';
import { PlatformNotFoundError, parsePlatform } from '../../../../src/core/registry/platform';
import { diagnose } from '../../../../src/core/diagnose/diagnose';

const errno = (code: string) => Object.assign(new Error(code), { code });
const socket = 'unix:///var/run/docker.sock';

describe('Docker unavailable in the failure map (unit)', () => {
    it('Should say Docker is not running when the socket is missing, with what to do', () => {
        const problem = diagnose(unavailable(errno('ENOENT'), socket));
        assert.equal(problem.cause, 'dockerUnavailable');
        assert.equal(problem.title, 'Docker is not running');
        assert.match(problem.remedy, /start Docker, or set DOCKER_HOST/);
        assert.equal(problem.cli, undefined);
    });

    it('Should offer the docker-group command when the socket is not permitted', () => {
        const problem = diagnose(unavailable(errno('EACCES'), socket));
        assert.equal(problem.title, 'No permission to use Docker');
        assert.match(problem.remedy, /"docker" group/);
        assert.equal(problem.cli, 'sudo usermod -aG docker "$USER"');
    });

    it('Should explain an unusable DOCKER_HOST and ignore other errors', () => {
        assert.equal(
            diagnose(new UnsupportedDockerHostError('ssh://host', 'ssh is not supported')).title,
            'DOCKER_HOST is not usable',
        );
        assert.equal(diagnose(new Error('boom')).cause, 'unknown');
        assert.notEqual(
            diagnose(errno('ENOENT')).cause,
            'dockerUnavailable',
            'a raw socket error has not been through ping',
        );
    });
});

describe('Docker pull failures in the failure map (unit)', () => {
    it('Should offer Set API Key when the NGC registry refuses the key', () => {
        const d = diagnose(
            pullError(
                'nvcr.io/acme/base:1',
                'Head "https://nvcr.io/v2/acme/base/manifests/1": unauthorized: incorrect username or password',
                500,
                'nvcr.io',
                true,
            ),
        );
        assert.equal(d.title, 'Not authenticated to the registry');
        assert.equal(d.action, 'setApiKey');
        assert.equal(d.exitCode, 3);
        assert.match(d.cli ?? '', /NGC_API_KEY/);
    });

    it('Should offer the catalog page for a refusal on the NGC registry, and no button elsewhere', () => {
        const ngc = diagnose(
            pullError('nvcr.io/nvidia/x:1', 'denied: requested access to the resource is denied', 403, 'nvcr.io', true),
        );
        assert.equal(ngc.action, 'openLicense');
        const other = diagnose(
            pullError('mirror.example/x:1', 'unauthorized: authentication required', 401, 'nvcr.io', true),
        );
        assert.equal(other.title, 'Not authenticated to the registry');
        assert.equal(other.action, undefined);
        assert.equal(other.cli, undefined);
    });

    it('Should say disk full and not found in words, with no fix button', () => {
        const disk = diagnose(
            pullError(
                'nvcr.io/nvidia/x:1',
                'write /var/lib/docker/tmp: no space left on device',
                undefined,
                'nvcr.io',
                false,
            ),
        );
        assert.equal(disk.title, 'Docker ran out of disk space');
        assert.match(disk.remedy, /docker system prune/);
        const missing = diagnose(pullError('nvcr.io/nvidia/x:nope', 'manifest unknown', 404, 'nvcr.io', false));
        assert.deepEqual([missing.cause, missing.action, missing.exitCode], ['notFound', undefined, 5]);
    });

    it('Should explain a platform the index does not offer, and leave other errors alone', () => {
        const d = diagnose(
            new PlatformNotFoundError('nvcr.io/nvidia/x:1', parsePlatform('linux/s390x'), [
                parsePlatform('linux/amd64'),
            ]),
        );
        assert.match(d.remedy, /no image for linux\/s390x \(available: linux\/amd64\)/);
        assert.equal(diagnose(new Error('HTTP 401')).cause, 'unknown');
    });
});
