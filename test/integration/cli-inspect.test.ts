/**
 * (integration) `ngc-explorer inspect` against the simulator: per-platform configs with the framework versions NGC
 * images carry, signed or not, the per-user content cache (a second look fetches no config; a corrupt entry is
 * fetched again), `--platform`, `--env`, and the exit codes of the CLI contract.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startSimulator, type Simulator } from '../../sim/server';
import { runCli, simEnv, type CliRun } from './cliRunner';

interface PlatformJson {
    platform: string;
    digest: string;
    configDigest: string;
    created?: string;
    labels: Record<string, string>;
    env?: Record<string, string>;
    frameworks: Record<string, string>;
    layers: number;
    compressedSize: number;
}
interface InspectJson {
    reference: string;
    digest: string;
    signed?: boolean;
    platforms: PlatformJson[];
}

let sim: Simulator;
let cacheHome: string;

function run(argv: string[], key?: string): Promise<CliRun> {
    return runCli(['inspect', ...argv], { ...simEnv(sim, key), XDG_CACHE_HOME: cacheHome, DOCKER_CONFIG: cacheHome });
}

function parse(result: CliRun): InspectJson {
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as InspectJson;
}

const registryRequests = (part: string) =>
    sim.requests.filter((r) => r.host === 'registry' && r.url.includes(part) && !r.url.startsWith('/proxy_auth'));

/** NGC's own account of a tag (the guest MetaImageDetails): per-platform digest and compressed size. */
async function restVariants(repo: string, tag: string) {
    const body = (await (await fetch(`${sim.urls.api}/v2/repos/${repo}/tags/${tag}`)).json()) as {
        architectureVariants: { architecture: string; digest: string; compressedSize: number }[];
    };
    return body.architectureVariants;
}

before(async () => {
    sim = await startSimulator();
    cacheHome = await mkdtemp(join(tmpdir(), 'ngc-inspect-'));
});

after(async () => {
    await sim.close();
    await rm(cacheHome, { recursive: true, force: true });
});

beforeEach(() => {
    sim.clearRequests();
    sim.faults.clear();
});

describe('ngc-explorer inspect (integration)', () => {
    it('Should report every platform of a multi-arch tag with its framework versions, size and signature', async () => {
        const doc = parse(await run(['nvidia/pytorch:25.03-py3', '--json']));
        assert.equal(doc.signed, true);
        assert.match(
            doc.reference,
            new RegExp(`^${sim.urls.registry}/nvidia/pytorch:25\\.03-py3@sha256:[a-f0-9]{64}$`),
        );
        assert.deepEqual(
            doc.platforms.map((p) => p.platform),
            ['linux/amd64', 'linux/arm64'],
        );
        const rest = await restVariants('nvidia/pytorch', '25.03-py3');
        for (const p of doc.platforms) {
            assert.equal(p.frameworks['PYTORCH_VERSION'], '2.7.0a0+7c8ec84dab');
            assert.equal(p.frameworks['CUDA_VERSION'], '12.8.1.012');
            assert.equal(p.frameworks['CUDNN_VERSION'], '9.8.0.87');
            assert.equal(p.frameworks['NCCL_VERSION'], '2.25.1');
            assert.equal(p.frameworks['TRT_VERSION'], '10.9.0.34');
            assert.equal(p.frameworks['NVIDIA_REQUIRE_CUDA'], 'cuda>=9.0');
            assert.equal(p.frameworks['PATH'], undefined, 'PATH is not a framework version');
            assert.equal(p.env, undefined, 'the full Env only with --env');
            assert.equal(p.created, '2025-03-20T10:00:00.000Z');
            assert.equal(p.labels['org.opencontainers.image.version'], '25.03-py3');
            assert.equal(p.layers, 1);
            const variant = rest.find((v) => v.architecture.split('/')[0] === p.platform.split('/')[1]);
            assert.equal(p.digest, variant?.digest, 'the per-platform digest is the one NGC reports');
            assert.equal(p.compressedSize, variant?.compressedSize, 'the size is the one NGC reports');
        }
    });

    it('Should show the whole Env with --env and readable text without --json', async () => {
        const withEnv = parse(await run(['nvidia/tritonserver:25.02-py3', '--json', '--env']));
        const env = withEnv.platforms[0]?.env ?? {};
        assert.match(env['PATH'] ?? '', /\/usr\/local\/cuda\/bin/);
        assert.equal(env['TRITON_SERVER_VERSION'], '2.55.0');
        const text = await run(['nvidia/tritonserver:25.02-py3']);
        assert.equal(text.code, 0, text.stderr);
        assert.match(text.stdout, /signed: yes/);
        assert.match(text.stdout, /^linux\/arm64\/v8 {2}sha256:/m);
        assert.match(text.stdout, /Triton \(TRITON_SERVER_VERSION\): 2\.55\.0/);
        assert.doesNotMatch(text.stdout, /PATH=/);
    });

    it('Should fetch no config the second time (cache by digest), and fetch a corrupted entry again', async () => {
        const image = 'nvidia/pytorch:25.02-py3';
        const first = parse(await run([image, '--json']));
        assert.equal(registryRequests('/blobs/').length, 2, 'two configs fetched the first time');
        sim.clearRequests();
        const second = parse(await run([image, '--json']));
        assert.deepEqual(second, first);
        assert.equal(registryRequests('/blobs/').length, 0, 'no config request the second time');
        assert.deepEqual(
            [...new Set(registryRequests('/manifests/').map((r) => r.url.split('/manifests/')[1]))],
            ['25.02-py3', `${first.digest.replace(':', '-')}.sig`],
            'only the tag and its signature tag are asked again (platform manifests come from the cache)',
        );
        const dir = join(cacheHome, 'ngc-explorer', 'content');
        const names = await readdir(dir);
        const amd64Config = first.platforms[0]?.configDigest.replace(':', '-') ?? '';
        assert.ok(names.includes(amd64Config), `the cache holds ${amd64Config}: ${names.join(', ')}`);
        await writeFile(join(dir, amd64Config), '{"os":"linux","architecture":"s390x"}');
        sim.clearRequests();
        const third = parse(await run([image, '--json']));
        assert.deepEqual(third, first, 'the corrupt entry was not believed');
        assert.equal(registryRequests('/blobs/').length, 1, 'the corrupt config is fetched again');
    });

    it('Should inspect one platform with --platform, and a single-arch unsigned image', async () => {
        const arm = parse(await run(['nvidia/tritonserver:25.03-py3', '--platform', 'linux/arm64', '--json']));
        assert.deepEqual(
            arm.platforms.map((p) => p.platform),
            ['linux/arm64/v8'],
        );
        const cuda = parse(await run([`${sim.urls.registry}/nvidia/cuda:12.9.5-base`, '--json']));
        assert.equal(cuda.signed, false);
        assert.equal(cuda.platforms.length, 1);
        assert.equal(cuda.platforms[0]?.frameworks['CUDA_VERSION'], '12.9.5');
        assert.match(cuda.platforms[0]?.frameworks['NVIDIA_REQUIRE_CUDA'] ?? '', /^cuda>=12\.9 /);
        assert.equal(cuda.digest, cuda.platforms[0]?.digest, 'a single manifest is its own platform');
    });

    it('Should exit 5 for an unknown tag or a platform the image lacks, 2 for a bad platform, 3 without a key', async () => {
        const missing = await run(['nvidia/pytorch:99.99-py3']);
        assert.equal(missing.code, 5, missing.stderr);
        const s390 = await run(['nvidia/pytorch:25.03-py3', '--platform', 'linux/s390x', '--json']);
        assert.equal(s390.code, 5, s390.stderr);
        assert.match(s390.stderr, /available: linux\/amd64, linux\/arm64/);
        assert.equal((await run(['nvidia/pytorch:25.03-py3', '--platform', 'amd64'])).code, 2);
        const privateImage = await run(['acme/base:2024.1']);
        assert.equal(privateImage.code, 3, privateImage.stderr);
    });

    it('Should inspect a private image with a key and print nothing secret', async () => {
        const key = sim.keys.personal;
        const result = await run(['acme/vision/detector:1.1', '--json', '--env', '--verbose'], key);
        const doc = parse(result);
        assert.equal(doc.platforms.length, 1);
        assert.ok(!result.stdout.includes(key) && !result.stderr.includes(key), 'the key is never printed');
    });
});
