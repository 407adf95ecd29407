import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { unavailable } from '../../../../src/core/docker/daemon';
import { UnsupportedDockerHostError } from '../../../../src/core/docker/endpoint';
import { pullError } from '../../../../src/core/docker/pullErrors';
import { PlatformNotFoundError, parsePlatform } from '../../../../src/core/registry/platform';
import { dockerUnavailableProblem, pullDiagnosis } from '../../../../src/extension/image/dockerDiagnosis';

const errno = (code: string) => Object.assign(new Error(code), { code });
const socket = 'unix:///var/run/docker.sock';

describe('dockerUnavailableProblem (unit)', () => {
    it('Should say Docker is not running when the socket is missing, with what to do', () => {
        const problem = dockerUnavailableProblem(unavailable(errno('ENOENT'), socket));
        assert.equal(problem?.title, 'Docker is not running');
        assert.match(problem?.remedy ?? '', /start Docker, or set DOCKER_HOST/);
        assert.equal(problem?.fixCommand, undefined);
    });

    it('Should offer the docker-group command when the socket is not permitted', () => {
        const problem = dockerUnavailableProblem(unavailable(errno('EACCES'), socket));
        assert.equal(problem?.title, 'No permission to use Docker');
        assert.match(problem?.remedy ?? '', /"docker" group/);
        assert.equal(problem?.fixCommand, 'sudo usermod -aG docker "$USER"');
    });

    it('Should explain an unusable DOCKER_HOST and ignore other errors', () => {
        assert.equal(
            dockerUnavailableProblem(new UnsupportedDockerHostError('ssh://host', 'ssh is not supported'))?.title,
            'DOCKER_HOST is not usable',
        );
        assert.equal(dockerUnavailableProblem(new Error('boom')), undefined);
        assert.equal(
            dockerUnavailableProblem(errno('ENOENT')),
            undefined,
            'a raw socket error has not been through ping',
        );
    });
});

describe('pullDiagnosis (unit)', () => {
    it('Should offer Set API Key when the NGC registry refuses the key', () => {
        const d = pullDiagnosis(
            pullError(
                'nvcr.io/acme/base:1',
                'Head "https://nvcr.io/v2/acme/base/manifests/1": unauthorized: incorrect username or password',
                500,
                'nvcr.io',
                true,
            ),
            'nvcr.io',
        );
        assert.equal(d?.title, 'Not authenticated to the registry');
        assert.equal(d?.action, 'setApiKey');
        assert.equal(d?.exitCode, 3);
        assert.match(d?.remedy ?? '', /NGC_API_KEY/);
    });

    it('Should offer the catalog page for a refusal on the NGC registry, and no button elsewhere', () => {
        const ngc = pullDiagnosis(
            pullError('nvcr.io/nvidia/x:1', 'denied: requested access to the resource is denied', 403, 'nvcr.io', true),
            'nvcr.io',
        );
        assert.equal(ngc?.action, 'openLicense');
        const other = pullDiagnosis(
            pullError('mirror.example/x:1', 'unauthorized: authentication required', 401, 'nvcr.io', true),
            'nvcr.io',
        );
        assert.equal(other?.title, 'Not authenticated to the registry');
        assert.equal(other?.action, undefined);
    });

    it('Should say disk full and not found in words, with no fix button', () => {
        const disk = pullDiagnosis(
            pullError(
                'nvcr.io/nvidia/x:1',
                'write /var/lib/docker/tmp: no space left on device',
                undefined,
                'nvcr.io',
                false,
            ),
            'nvcr.io',
        );
        assert.equal(disk?.title, 'Docker ran out of disk space');
        assert.match(disk?.remedy ?? '', /docker system prune/);
        const missing = pullDiagnosis(
            pullError('nvcr.io/nvidia/x:nope', 'manifest unknown', 404, 'nvcr.io', false),
            'nvcr.io',
        );
        assert.deepEqual([missing?.cause, missing?.action, missing?.exitCode], ['notFound', undefined, 5]);
    });

    it('Should explain a platform the index does not offer, and leave registry HTTP errors to diagnose()', () => {
        const d = pullDiagnosis(
            new PlatformNotFoundError('nvcr.io/nvidia/x:1', parsePlatform('linux/s390x'), [
                parsePlatform('linux/amd64'),
            ]),
            'nvcr.io',
        );
        assert.match(d?.remedy ?? '', /no image for linux\/s390x \(available: linux\/amd64\)/);
        assert.equal(pullDiagnosis(new Error('HTTP 401'), 'nvcr.io'), undefined);
    });
});
