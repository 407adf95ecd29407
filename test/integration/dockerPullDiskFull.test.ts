/**
 * (integration) A Docker daemon whose disk really fills up: a private dockerd (test/helpers/dockerd.ts) with its
 * `--data-root` on an 8 MiB tmpfs pulls, from a real `docker-registry` on loopback, an image whose one layer is
 * 16 MiB of random bytes. Docker 20.10 answers the pull with HTTP 200 and reports "no space left on device" as an
 * `errorDetail` inside the stream; core must turn that into the typed disk-full failure, with no image tagged. A
 * small image pulled first on the same daemon shows that the daemon works and only the space is missing. Skips
 * with a printed reason without dockerd, the registry binaries, or a tmpfs mount.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import { DockerDaemon } from '../../src/core/docker/daemon';
import { pullImage } from '../../src/core/docker/pull';
import { DockerPullError } from '../../src/core/docker/pullErrors';
import type { PullEvent } from '../../src/core/docker/pullProgress';
import { dockerAuthFor, type DockerAuthConfig } from '../../src/core/docker/registryAuth';
import { createLog, redactor } from '../../src/core/lib/log';
import { parseReference } from '../../src/core/registry/reference';
import { startDockerd, type PrivateDockerd } from '../helpers/dockerd';
import { dockerRegistrySkipReason, startDockerRegistry, type RunningRegistry } from '../helpers/dockerRegistry';
import { pushImage, type PushAuth, type PushedImage } from '../helpers/imagePusher';
import { skipUnless } from '../helpers/skipUnless';

const TMPFS_MIB = 8;
const PAYLOAD_BYTES = 16 * 1024 * 1024;

const user: PushAuth = { username: 'disk-bot', password: 'disk-secret-2718' };
redactor.add(user.password);

let dockerd: PrivateDockerd | undefined;
let registry: RunningRegistry | undefined;
let skipReason = '';
let daemon: DockerDaemon;
let auth: DockerAuthConfig;
let big: PushedImage;
const logLines: string[] = [];
const log = createLog((level, line) => logLines.push(`${level}: ${line}`), 'test', 'trace');

before(async () => {
    skipReason = dockerRegistrySkipReason() ?? '';
    if (!skipReason) {
        const started = await startDockerd({ dataRootTmpfsMiB: TMPFS_MIB });
        if (started.ok) {
            dockerd = started.dockerd;
            const reg = await startDockerRegistry([user]);
            registry = reg.registry;
            skipReason = reg.skip ?? '';
        } else {
            skipReason = `no Docker Engine on a tmpfs data root: ${started.reason}`;
        }
    }
    if (skipReason || !registry || !dockerd) {
        process.stdout.write(`# disk-full pull tests skipped: ${skipReason}\n`);
        return;
    }
    const platforms = [{ os: 'linux', architecture: 'amd64' }];
    await pushImage(registry.url, 'disk/small', '1', { format: 'docker', platforms, auth: user });
    big = await pushImage(registry.url, 'disk/big', '1', {
        format: 'docker',
        platforms,
        auth: user,
        payloadBytes: PAYLOAD_BYTES,
    });
    daemon = await DockerDaemon.connect({ env: { DOCKER_HOST: dockerd.dockerHost }, log });
    const info = await daemon.ping();
    const found = await dockerAuthFor(registry.host, (host) => (host === registry?.host ? user : undefined));
    assert.ok(found);
    auth = found;
    process.stdout.write(
        `# engine: ${info.engine} ${info.version} API ${info.apiVersion} (${dockerd.storageDriver}) ` +
            `with a ${TMPFS_MIB} MiB tmpfs data root; registry: docker-registry at ${registry.host}\n`,
    );
});

after(async () => {
    // Both stop() calls are safe when the start failed half-way; dockerd's stop unmounts the tmpfs.
    await registry?.stop();
    await dockerd?.stop();
});

const ready = (t: TestContext) => skipUnless(t, skipReason, registry, dockerd);

const ref = (text: string) => parseReference(`${registry?.host}/${text}`, { semantics: 'docker' });

describe('pull into a daemon whose disk is full (integration)', () => {
    it('Should pull a small image on the same daemon (the daemon works; only space is short)', async (t) => {
        if (!ready(t)) return;
        const result = await pullImage(daemon, ref('disk/small:1'), { auth, platform: 'linux/amd64', log });
        assert.deepEqual(result.image.repoTags, [`${registry?.host}/disk/small:1`]);
    });

    it('Should fail with the typed disk-full error from inside the 200 stream, leaving no image tagged', async (t) => {
        if (!ready(t)) return;
        const events: PullEvent[] = [];
        const started = Date.now();
        await assert.rejects(
            pullImage(daemon, ref('disk/big:1'), {
                auth,
                platform: 'linux/amd64',
                expectedDigest: big.digest,
                onProgress: (_p, e) => events.push(e),
                log,
            }),
            (e: unknown) => {
                assert.ok(DockerPullError.is(e), String(e));
                assert.equal(e.reason, 'diskFull', e.message);
                assert.equal(e.exitCode, 1);
                assert.equal(e.statusCode, undefined, 'the failure came inside the stream, not as an HTTP status');
                assert.match(e.daemonMessage ?? '', /no space left on device/);
                assert.match(e.message, /^pull \S+disk\/big:1 failed: the Docker daemon ran out of disk space/);
                assert.match(e.message, /docker system prune/);
                assert.ok(!e.message.includes(user.password));
                return true;
            },
        );
        assert.ok(Date.now() - started < 15_000, 'the daemon did not retry the full disk for long');
        assert.ok(
            events.some((e) => e.status === 'Pulling fs layer' || e.status === 'Downloading'),
            `the stream had begun before the failure: ${events.map((e) => e.status).join(', ')}`,
        );
        assert.equal(await daemon.inspectImage(`${registry?.host}/disk/big:1`), undefined, 'no image tagged');
        const images = (await daemon.api.listImages({ all: true })) as { RepoTags?: string[] | null }[];
        const tags = images.flatMap((i) => i.RepoTags ?? []);
        assert.ok(!tags.some((tag) => tag.includes('disk/big')), `no half-tagged image: ${tags.join(', ')}`);
    });

    it('Should never log the registry password', (t) => {
        if (!ready(t)) return;
        assert.ok(logLines.length > 0);
        assert.equal([...logLines, dockerd?.log() ?? ''].join('\n').includes(user.password), false);
    });
});
