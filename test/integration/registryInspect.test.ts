/**
 * (integration) `inspect` and `pin --registry HOST [--update]` against a real registry (Debian's `docker-registry`,
 * htpasswd; the credential from `docker login`'s config.json): images pushed there by the test (digests computed
 * independently in imagePusher.ts), and an NGC image mirrored there with its realistic `Env`. A mirror has no tag
 * dates, so `--update` pins its tags but never moves them, and the CLI says so.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Agent } from 'undici';
import { startSimulator, type Simulator } from '../../sim/server';
import { HttpClient } from '../../src/core/http/client';
import { RegistryClient } from '../../src/core/registry/client';
import { mirrorImage } from '../../src/core/registry/copy/mirror';
import { RegistrySession } from '../../src/core/registry/copy/session';
import { ngcRegistryCredentials } from '../builders/ngcCredentials';
import { dockerRegistrySkipReason, startDockerRegistry, type RunningRegistry } from '../helpers/dockerRegistry';
import { pushImage, type PushedImage } from '../helpers/imagePusher';
import { runCli, type CliRun } from './cliRunner';

interface InspectJson {
    reference: string;
    digest: string;
    signed?: boolean;
    platforms: {
        platform: string;
        digest: string;
        created?: string;
        frameworks: Record<string, string>;
        layers: number;
        compressedSize: number;
    }[];
}

const user = { username: 'ci-reader', password: `reader-${Date.now().toString(36)}-pw` };
const skip = dockerRegistrySkipReason();
if (skip) {
    console.log(`# skipping the registry inspect/pin tests: ${skip}`);
}

describe('inspect and pin --registry against Debian docker-registry (integration)', { skip }, () => {
    let registry: RunningRegistry;
    let sim: Simulator;
    let dir: string;
    let app: PushedImage;
    let appNext: PushedImage;
    const dispatcher = new Agent({ keepAliveTimeout: 10 });
    const http = new HttpClient({ dispatcher, retry: { attempts: 1 } });

    before(async () => {
        const start = await startDockerRegistry([user]);
        if (!start.registry) {
            throw new Error(`docker-registry did not start: ${start.skip}`);
        }
        registry = start.registry;
        sim = await startSimulator();
        dir = await mkdtemp(join(tmpdir(), 'ngc-registry-inspect-'));
        const auth = Buffer.from(`${user.username}:${user.password}`).toString('base64');
        await writeFile(join(dir, 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth } } }));
        const platforms = [
            { os: 'linux', architecture: 'amd64' },
            { os: 'linux', architecture: 'arm64', variant: 'v8' },
        ];
        app = await pushImage(registry.url, 'team/app', '25.01-py3', { format: 'oci', platforms, auth: user });
        appNext = await pushImage(registry.url, 'team/app', '25.03-py3', { format: 'docker', platforms, auth: user });
        await mirrorImage({
            source: new RegistryClient({
                http,
                credentials: ngcRegistryCredentials(sim.urls.registry, 'nvapi-sim-personal-0001'),
            }),
            sourceRepository: { registry: sim.urls.registry, repository: 'nvidia/pytorch' },
            sourceReference: '25.03-py3',
            target: new RegistrySession({ http, registry: registry.host, credentials: () => user }),
            targetRepository: 'mirror/pytorch',
            targetTag: '25.03-py3',
        });
    });

    after(async () => {
        await dispatcher.close();
        await registry?.stop();
        await sim?.close();
        await rm(dir, { recursive: true, force: true });
    });

    // NGC_REGISTRY stays the simulator's: the registry here is named in full, as a mirror is.
    const cli = (argv: string[]): Promise<CliRun> =>
        runCli(argv, {
            NGC_API_URL: sim.urls.api,
            NGC_AUTH_URL: sim.urls.auth,
            NGC_REGISTRY: sim.urls.registry,
            XDG_CACHE_HOME: dir,
            DOCKER_CONFIG: dir,
        });
    const inspect = async (argv: string[]): Promise<InspectJson> => {
        const r = await cli(['inspect', ...argv, '--json']);
        assert.equal(r.code, 0, r.stderr);
        assert.ok(!`${r.stdout}${r.stderr}`.includes(user.password), 'the password is never printed');
        return JSON.parse(r.stdout) as InspectJson;
    };

    it('Should inspect a pushed multi-arch image by its full reference: digests, platforms, layers, created', async () => {
        const doc = await inspect([`${registry.host}/team/app:25.01-py3`]);
        assert.equal(doc.reference, `${registry.host}/team/app:25.01-py3@${app.digest}`);
        assert.equal(doc.digest, app.digest);
        assert.deepEqual(
            doc.platforms.map((p) => [p.platform, p.digest]),
            [...app.platforms.entries()],
        );
        for (const p of doc.platforms) {
            assert.equal(p.layers, 1);
            assert.equal(p.created, '2025-01-01T00:00:00Z', "the config's created, as written");
            assert.ok(p.compressedSize > 0);
            assert.deepEqual(p.frameworks, {}, 'no framework versions in a plain image');
        }
        assert.notEqual(doc.signed, true, 'nothing signed it');
        const one = await inspect([`${registry.host}/team/app:25.03-py3`, '--platform', 'linux/arm64/v8']);
        assert.deepEqual(
            one.platforms.map((p) => p.digest),
            [appNext.platforms.get('linux/arm64/v8')],
        );
    });

    it('Should read the framework versions and the signature of an NGC image mirrored there', async () => {
        const doc = await inspect([`${registry.host}/mirror/pytorch:25.03-py3`]);
        const source = await inspect([`${sim.urls.registry}/nvidia/pytorch:25.03-py3`]);
        assert.equal(doc.digest, source.digest, 'the mirror holds the NGC digest');
        assert.equal(doc.signed, true, 'the .sig tag came along');
        assert.deepEqual(
            doc.platforms.map((p) => p.platform),
            ['linux/amd64', 'linux/arm64'],
        );
        for (const p of doc.platforms) {
            assert.equal(p.frameworks['PYTORCH_VERSION'], '2.7.0a0+7c8ec84dab');
            assert.equal(p.frameworks['CUDA_VERSION'], '12.8.1.012');
        }
    });

    it('Should exit 3 naming the host when the registry has no credential for it', async () => {
        const r = await runCli(['inspect', `${registry.host}/team/app:25.01-py3`, '--json'], {
            NGC_REGISTRY: sim.urls.registry,
            XDG_CACHE_HOME: dir,
            DOCKER_CONFIG: join(dir, 'nowhere'),
        });
        assert.equal(r.code, 3, r.stderr);
        assert.ok(r.stderr.includes(registry.host));
    });

    it('Should pin FROM lines on the named registry with --update, never moving their tags, and say so', async () => {
        const file = join(dir, 'Dockerfile');
        const text = [
            `FROM ${registry.host}/team/app:25.01-py3 AS build`,
            'RUN make',
            `FROM ${registry.host}/mirror/pytorch:25.03-py3`,
            'FROM docker.io/library/alpine:3.20',
            '',
        ].join('\n');
        await writeFile(file, text);
        const check = await cli(['pin', file, '--registry', registry.host, '--update', '--check']);
        assert.equal(check.code, 1, 'lines would change');
        assert.equal(await readFile(file, 'utf8'), text, '--check writes nothing');

        const r = await cli(['pin', file, '--registry', registry.host, '--update']);
        assert.equal(r.code, 0, r.stderr);
        assert.match(
            r.stderr,
            new RegExp(`${registry.host}/team/app: no tag dates on this registry; its tags are pinned, not moved`),
        );
        assert.match(r.stderr, new RegExp(`${registry.host}/mirror/pytorch: no tag dates`));
        const pinned = await readFile(file, 'utf8');
        const mirrored = (await inspect([`${registry.host}/mirror/pytorch:25.03-py3`])).digest;
        assert.equal(
            pinned,
            [
                `FROM ${registry.host}/team/app:25.01-py3@${app.digest} AS build`,
                'RUN make',
                `FROM ${registry.host}/mirror/pytorch:25.03-py3@${mirrored}`,
                'FROM docker.io/library/alpine:3.20',
                '',
            ].join('\n'),
            '25.01-py3 stays 25.01-py3 although 25.03-py3 is there; Docker Hub is not touched',
        );
        assert.ok(!pinned.includes(appNext.digest));
        const again = await cli(['pin', file, '--registry', registry.host, '--update', '--check']);
        assert.equal(again.code, 0, again.stdout + again.stderr);
        assert.match(again.stdout, /All FROM lines are pinned and current/);
        assert.ok(!`${r.stdout}${r.stderr}${again.stdout}${again.stderr}`.includes(user.password));
    });
});
