/**
 * (integration) `ngc-explorer pin --update` against the simulator: tags move to the newest tag of their series
 * (dates from NGC's REST tag list, one listing per repository), the platform of a `--platform=` line is kept, a
 * tag that is already the newest is only pinned, `--check` exits 1 and writes nothing, and a second run is quiet.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startSimulator, type Simulator } from '../../sim/server';
import { runCli, simEnv, type CliRun } from './cliRunner';

let sim: Simulator;
let dir: string;
let reg: string;
const STALE = `sha256:${'0'.repeat(64)}`;

function run(argv: string[], key?: string): Promise<CliRun> {
    return runCli(argv, { ...simEnv(sim, key), DOCKER_CONFIG: dir });
}

async function resolved(image: string, platform?: string, key?: string): Promise<string> {
    const result = await run(['resolve', image, ...(platform ? ['--platform', platform] : [])], key);
    assert.equal(result.code, 0, result.stderr);
    return result.stdout.trim();
}

before(async () => {
    sim = await startSimulator();
    reg = sim.urls.registry;
    dir = await mkdtemp(join(tmpdir(), 'ngc-pin-update-'));
});

after(async () => {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
});

beforeEach(() => sim.clearRequests());

describe('ngc-explorer pin --update (integration)', () => {
    let file: string;
    let text: string;

    before(async () => {
        file = join(dir, 'Dockerfile');
        text = [
            `FROM ${reg}/nvidia/pytorch:25.01-py3 AS build`,
            `FROM --platform=linux/arm64 ${reg}/nvidia/pytorch:25.02-py3@${STALE}`,
            `FROM ${reg}/nvidia/cuda:12.8.3-base`,
            `FROM ${reg}/nvidia/tao/tao-toolkit:5.5.0-pyt`,
            `FROM ${reg}/acme/vision/detector:1.0`,
            'FROM ubuntu:22.04',
            'FROM build',
            '',
        ].join('\r\n');
        await writeFile(file, text);
    });

    it('Should say with --check what would move, exit 1 and write nothing', async () => {
        const result = await run(['pin', '--update', '--check', file], sim.keys.personal);
        assert.equal(result.code, 1, result.stderr);
        assert.match(result.stdout, /pytorch:25\.01-py3 -> .*pytorch:25\.03-py3@sha256:/);
        assert.match(result.stdout, /5 lines in 1 file would change/);
        assert.equal(await readFile(file, 'utf8'), text);
    });

    it('Should move each tag within its series and pin it, listing each repository once', async () => {
        const result = await run(['pin', '--update', '--json', file], sim.keys.personal);
        assert.equal(result.code, 0, result.stderr);
        const restListings = sim.requests.filter((r) => r.host === 'api' && /\/images(\?|$)/.test(r.url));
        assert.equal(
            new Set(restListings.map((r) => r.url.split('?')[0])).size,
            4,
            'one REST tag listing per repository (pytorch, cuda, tao-toolkit, detector)',
        );
        const expected = [
            `FROM ${await resolved('nvidia/pytorch:25.03-py3')} AS build`,
            `FROM --platform=linux/arm64 ${await resolved('nvidia/pytorch:25.03-py3', 'linux/arm64')}`,
            `FROM ${await resolved('nvidia/cuda:12.9.5-base')}`,
            `FROM ${await resolved('nvidia/tao/tao-toolkit:5.5.0-pyt')}`,
            `FROM ${await resolved('acme/vision/detector:1.1', undefined, sim.keys.personal)}`,
            'FROM ubuntu:22.04',
            'FROM build',
            '',
        ].join('\r\n');
        assert.equal(await readFile(file, 'utf8'), expected);
        const doc = JSON.parse(result.stdout) as { changed: number };
        assert.equal(doc.changed, 5);
        assert.ok(!result.stdout.includes(sim.keys.personal) && !result.stderr.includes(sim.keys.personal));
    });

    it('Should find nothing to move or pin the second time (--check exits 0)', async () => {
        const result = await run(['pin', '--update', '--check', file], sim.keys.personal);
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, /All FROM lines are pinned and current/);
    });

    it('Should not move tags on a registry without tag dates, and still pin them', async () => {
        const other = join(dir, 'Dockerfile.mirror');
        // The simulator's registry under another name (localhost) counts as a mirror named with --registry.
        const mirror = reg.replace('127.0.0.1', 'localhost');
        await writeFile(other, `FROM ${mirror}/nvidia/pytorch:25.01-py3\n`);
        const result = await run(['pin', '--update', '--registry', mirror, other]);
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stderr, /no tag dates on this registry; its tags are pinned, not moved/);
        assert.match(await readFile(other, 'utf8'), /pytorch:25\.01-py3@sha256:[a-f0-9]{64}\n$/);
    });
});
