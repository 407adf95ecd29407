/**
 * (integration) The `pin` and `resolve` commands against the simulator: Dockerfiles on disk (LF, CRLF + BOM),
 * `--check` for CI, atomic rewrites that keep the mode and every untouched byte, one manifest request per unique
 * image across files, and the exit codes of the CLI contract for the failures NGC answers with.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startSimulator, type Simulator } from '../../sim/server';
import type { CliCommand } from '../../src/cli/command';
import { pinCommand } from '../../src/cli/commands/pin';
import { resolveCommand } from '../../src/cli/commands/resolve';
import { MANIFEST_ACCEPT } from '../../src/core/registry/manifests';
import { runCli, simEnv, type CliRun } from './cliRunner';

let sim: Simulator;
let dir: string;
let reg: string;

/** Runs `ngc-explorer NAME ARGV` as a child process against the simulator (see cliRunner). */
function run(command: CliCommand, argv: string[], apiKey?: string): Promise<CliRun> {
    // DOCKER_CONFIG names a directory without config.json: no stray credentials from the machine.
    return runCli([command.name, ...argv], { ...simEnv(sim, apiKey), DOCKER_CONFIG: dir });
}

async function indexDigest(repo: string, tag: string, key?: string): Promise<string> {
    const headers: Record<string, string> = key
        ? { authorization: `Basic ${Buffer.from(`$oauthtoken:${key}`).toString('base64')}` }
        : {};
    const token = (await (
        await fetch(`http://${reg}/proxy_auth?scope=repository:${repo}:pull`, { headers })
    ).json()) as { token: string };
    const response = await fetch(`http://${reg}/v2/${repo}/manifests/${tag}`, {
        headers: { authorization: `Bearer ${token.token}`, accept: MANIFEST_ACCEPT },
    });
    return `sha256:${createHash('sha256')
        .update(Buffer.from(await response.arrayBuffer()))
        .digest('hex')}`;
}

async function restPlatformDigest(repo: string, tag: string, arch: string): Promise<string> {
    const body = (await (await fetch(`${sim.urls.api}/v2/repos/${repo}/images`)).json()) as {
        images: { tag: string; architectureVariants: { architecture: string; digest: string }[] }[];
    };
    const digest = body.images
        .find((i) => i.tag === tag)
        ?.architectureVariants.find((v) => v.architecture.split('/')[0] === arch)?.digest;
    assert.ok(digest);
    return digest;
}

const manifestRequests = () => sim.requests.filter((r) => r.host === 'registry' && r.url.includes('/manifests/'));
const STALE = `sha256:${'0'.repeat(64)}`;

before(async () => {
    sim = await startSimulator();
    reg = sim.urls.registry;
    dir = await mkdtemp(join(tmpdir(), 'ngc-pin-'));
});

after(async () => {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
    sim.faults.clear();
    sim.clearRequests();
});

describe('ngc-explorer pin (integration)', () => {
    let a: string;
    let b: string;
    let textA: string;
    let textB: string;

    before(async () => {
        a = join(dir, 'Dockerfile');
        b = join(dir, 'Dockerfile.win');
        textA = [
            '# syntax=docker/dockerfile:1',
            'ARG BASE=ubuntu:22.04',
            `FROM ${reg}/nvidia/pytorch:25.03-py3 AS build`,
            'RUN echo hi',
            `FROM --platform=linux/arm64 ${reg}/nvidia/pytorch:25.03-py3`,
            `from ${reg}/acme/vision/detector:1.0@${STALE}`,
            'FROM ubuntu:22.04',
            'FROM build',
            '',
        ].join('\n');
        textB = `\uFEFFFROM ${reg}/nvidia/pytorch:25.03-py3\r\nFROM \\\r\n    ${reg}/acme/vision/detector:1.1 AS x\r\n`;
        await writeFile(a, textA);
        await writeFile(b, textB);
        await chmod(b, 0o640);
    });

    it('Should report with --check what would change, exit 1, and change nothing', async () => {
        const result = await run(pinCommand, ['--check', a, b], sim.keys.personal);
        assert.equal(result.code, 1, result.stderr);
        assert.equal(result.stdout.split('\n').filter((l) => l.includes(' -> ')).length, 5);
        assert.match(result.stdout, new RegExp(`Dockerfile:6: ${reg}/acme/vision/detector:1.0@${STALE} -> `));
        assert.match(result.stdout, /5 lines in 2 files would change/);
        assert.equal(await readFile(a, 'utf8'), textA);
        assert.equal(await readFile(b, 'utf8'), textB);
    });

    it('Should pin both files atomically, byte for byte outside the digests, with one manifest request per image', async () => {
        const result = await run(pinCommand, [a, b], sim.keys.personal);
        assert.equal(result.code, 0, result.stderr);
        const pytorch = await indexDigest('nvidia/pytorch', '25.03-py3');
        const arm64 = await restPlatformDigest('nvidia/pytorch', '25.03-py3', 'arm64');
        const d10 = await indexDigest('acme/vision/detector', '1.0', sim.keys.personal);
        const d11 = await indexDigest('acme/vision/detector', '1.1', sim.keys.personal);
        const expectedA = textA
            .replace(`pytorch:25.03-py3 AS build`, `pytorch:25.03-py3@${pytorch} AS build`)
            .replace(
                `linux/arm64 ${reg}/nvidia/pytorch:25.03-py3\n`,
                `linux/arm64 ${reg}/nvidia/pytorch:25.03-py3@${arm64}\n`,
            )
            .replace(STALE, d10);
        const expectedB = textB
            .replace('25.03-py3\r\n', `25.03-py3@${pytorch}\r\n`)
            .replace('detector:1.1 AS', `detector:1.1@${d11} AS`);
        assert.equal(await readFile(a, 'utf8'), expectedA);
        assert.deepEqual(await readFile(b), Buffer.from(expectedB, 'utf8'), 'BOM and CRLF kept');
        assert.equal((await stat(b)).mode & 0o777, 0o640);
        assert.deepEqual((await readdir(dir)).sort(), ['Dockerfile', 'Dockerfile.win'], 'no temp file left behind');
    });

    it('Should then find nothing to change with --check, in JSON too', async () => {
        sim.clearRequests();
        const result = await run(pinCommand, ['--check', '--json', a, b], sim.keys.personal);
        assert.equal(result.code, 0, result.stderr);
        const report = JSON.parse(result.stdout) as {
            check: boolean;
            changed: number;
            files: { file: string; changes: unknown[] }[];
        };
        assert.equal(report.check, true);
        assert.equal(report.changed, 0);
        assert.deepEqual(
            report.files.map((f) => f.changes.length),
            [0, 0],
        );
        // pytorch:25.03-py3 is used 3 times (index twice, arm64 once), detector twice: 3 unique images.
        const authorised = manifestRequests().filter((r) => r.headers['authorization'] !== undefined);
        assert.equal(authorised.length, 3, authorised.map((r) => `${r.method} ${r.url}`).join('\n'));
        assert.equal(new Set(authorised.map((r) => r.url)).size, 3);
        assert.ok(manifestRequests().length <= 4, 'at most one anonymous probe for the whole run');
    });

    it('Should write nothing and exit 5 when one image of the run does not exist', async () => {
        const c = join(dir, 'Dockerfile.missing');
        const text = `FROM ${reg}/nvidia/pytorch:25.03-py3\nFROM ${reg}/nvidia/pytorch:0.0-nope\n`;
        await writeFile(c, text);
        const result = await run(pinCommand, [c], sim.keys.personal);
        assert.equal(result.code, 5, result.stderr);
        assert.match(result.stderr, /cannot resolve .*nvidia\/pytorch:0\.0-nope \(.*Dockerfile\.missing:2\)/);
        assert.match(result.stderr, /No file was changed/);
        assert.equal(await readFile(c, 'utf8'), text);
        await rm(c);
    });

    it('Should exit 3 for a private image without a key and 4 for an EU-restricted one', async () => {
        const c = join(dir, 'Dockerfile.private');
        await writeFile(c, `FROM ${reg}/acme/vision/detector:1.0\n`);
        assert.equal((await run(pinCommand, [c])).code, 3);
        await writeFile(c, `FROM ${reg}/nvidia/eu-nim:1.0\n`);
        assert.equal((await run(pinCommand, [c], sim.keys.personal)).code, 4);
        await rm(c);
    });

    it('Should exit 2 for a file that does not exist and for a bad --platform', async () => {
        assert.equal((await run(pinCommand, [join(dir, 'nope')])).code, 2);
        assert.equal((await run(pinCommand, ['--platform', 'linux', a])).code, 2);
    });
});

describe('ngc-explorer resolve (integration)', () => {
    it('Should print one pinned line for the NGC shorthand, and the platform digest with --platform', async () => {
        const index = await run(resolveCommand, ['nvidia/pytorch:25.03-py3']);
        assert.equal(index.code, 0, index.stderr);
        assert.equal(
            index.stdout,
            `${reg}/nvidia/pytorch:25.03-py3@${await indexDigest('nvidia/pytorch', '25.03-py3')}\n`,
        );
        const arm = await run(resolveCommand, ['nvidia/pytorch:25.03-py3', '--platform', 'linux/arm64']);
        assert.equal(
            arm.stdout,
            `${reg}/nvidia/pytorch:25.03-py3@${await restPlatformDigest('nvidia/pytorch', '25.03-py3', 'arm64')}\n`,
        );
        const none = await run(resolveCommand, ['nvidia/pytorch:25.03-py3', '--platform', 'linux/s390x']);
        assert.equal(none.code, 5);
        assert.match(none.stderr, /no image for linux\/s390x \(available: linux\/amd64, linux\/arm64\)/);
    });

    it('Should exit 2 with a pointer at the bad part of a malformed reference, and 5 for an unknown tag', async () => {
        const bad = await run(resolveCommand, ['Nvidia/pytorch:25.03-py3']);
        assert.equal(bad.code, 2);
        assert.match(bad.stderr, /lowercase; "Nvidia" has "N"\n {2}"Nvidia\/pytorch:25.03-py3"\n {3}\^{6}\n/);
        assert.equal((await run(resolveCommand, ['nvidia/pytorch:0.0-nope'])).code, 5);
        assert.equal((await run(resolveCommand, ['nvidia/nvaie-pytorch:latest'], sim.keys.personal)).code, 3);
    });
});
