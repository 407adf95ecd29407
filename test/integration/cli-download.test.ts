/**
 * (integration) `ngc-explorer download` against the simulator: the DIR/NAME_vVERSION layout, kind detection, dry-run,
 * --json, filters, progress on stderr, and exit codes (2 usage, 4 licence, 5 not found, 6 verification, 1 destination).
 * Spawns the real CLI, except for the terminal test, which runs main() in-process with a TTY-like stderr.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, beforeEach, describe, it } from 'node:test';
import { main } from '../../src/cli/main';
import { startSimulator, type Simulator } from '../../sim/server';
import { runCli, simEnv, type CliRun } from './cliRunner';

let sim: Simulator;
let root: string;

function env(key?: string): Record<string, string> {
    return simEnv(sim, key);
}

const cli = runCli;

/** Runs the CLI in-process with a stderr that says it is a terminal, to see the live progress line. */
async function inTerminal(args: string[], vars: Record<string, string>): Promise<CliRun> {
    const stdout = new PassThrough();
    const stderr = Object.assign(new PassThrough(), { isTTY: true });
    let out = '';
    let err = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await main(args, { stdout, stderr }, { PATH: process.env.PATH, ...vars });
    return { code, stdout: out, stderr: err };
}

void describe('(integration) CLI download', () => {
    before(async () => {
        sim = await startSimulator();
        root = await mkdtemp(path.join(os.tmpdir(), 'ngc-cli-dl-'));
    });
    beforeEach(() => {
        sim.faults.clear();
        sim.clearRequests();
    });
    after(async () => {
        assert.equal(sim.requests.filter((r) => r.host === 'files' && r.headers.authorization !== undefined).length, 0);
        await sim.close();
        await rm(root, { recursive: true, force: true });
    });

    void it('Should download the latest version into DEST/NAME_vVERSION and print a summary', async () => {
        const dest = path.join(root, 'a');
        const r = await cli(['download', 'nvidia/tao/peoplenet', '--dest', dest], env(sim.keys.personal));
        assert.equal(r.code, 0, r.stderr);
        assert.ok(existsSync(path.join(dest, 'peoplenet_v2.6.1', 'configs', 'infer_config_00.txt')));
        assert.match(r.stdout, /Downloaded nvidia\/tao\/peoplenet:2\.6\.1/);
        assert.match(r.stdout, /files: 37 \(34 verified by SHA-256, 3 by size only; 0 already present\)/);
        assert.match(r.stderr, /\[\d+\/37 files\]/, 'progress lines on stderr');
        assert.doesNotMatch(r.stdout + r.stderr, /nvapi-sim/);
    });

    void it('Should find a resource without --type and report JSON with --json', async () => {
        const dest = path.join(root, 'b');
        const r = await cli(['download', 'nvidia/tao/tao-samples:1.0', '--dest', dest, '--json'], env());
        assert.equal(r.code, 0, r.stderr);
        const doc = JSON.parse(r.stdout) as {
            kind: string;
            destination: string;
            summary: { files: number };
            files: { status: string }[];
        };
        assert.equal(doc.kind, 'resource');
        assert.equal(doc.destination, path.join(dest, 'tao-samples_v1.0'));
        assert.equal(doc.summary.files, 2);
        assert.ok(doc.files.every((f) => f.status === 'downloaded'));
    });

    void it('Should print the plan with --dry-run and write nothing', async () => {
        const dest = path.join(root, 'c');
        const r = await cli(
            [
                'download',
                'nvidia/tao/peoplenet:2.6.1',
                '--dest',
                dest,
                '--dry-run',
                '--include',
                'configs/*',
                '--exclude',
                '*_1?.txt',
                '--json',
            ],
            env(),
        );
        assert.equal(r.code, 0, r.stderr);
        const doc = JSON.parse(r.stdout) as {
            dryRun: boolean;
            plan: { files: { path: string }[]; excludedFiles: number };
        };
        assert.equal(doc.dryRun, true);
        assert.equal(doc.plan.files.length, 10);
        assert.equal(doc.plan.excludedFiles, 27);
        assert.equal(existsSync(dest), false);
        assert.equal(sim.requests.filter((r2) => r2.host === 'files').length, 0);
        const human = await cli(
            ['download', 'nvidia/tao/peoplenet:2.6.1', '--dest', dest, '--dry-run', '--include', 'labels.txt'],
            env(),
        );
        assert.match(human.stdout, /Would download nvidia\/tao\/peoplenet:2\.6\.1 \(model\)/);
        assert.match(human.stdout, /labels\.txt\s+22 B\s+sha256/);
    });

    void it('Should exit 6 on a checksum mismatch and keep the good files', async () => {
        const dest = path.join(root, 'd');
        sim.faults.add({ host: 'files', path: /labels\.txt/, fault: { kind: 'corrupt' } });
        const r = await cli(['download', 'nvidia/tao/peoplenet', '--dest', dest], env());
        assert.equal(r.code, 6, r.stderr);
        assert.match(r.stderr, /labels\.txt: SHA-256 mismatch/);
        assert.equal(existsSync(path.join(dest, 'peoplenet_v2.6.1', 'labels.txt')), false);
        assert.ok(existsSync(path.join(dest, 'peoplenet_v2.6.1', 'README.md')));
    });

    void it('Should exit 4 for a licence-gated model and 5 for one that does not exist', async () => {
        const gated = await cli(
            ['download', 'nvidia/llama-gated', '--dest', path.join(root, 'e'), '--type', 'model'],
            env(sim.keys.personal),
        );
        assert.equal(gated.code, 4, gated.stderr);
        const missing = await cli(
            ['download', 'nvidia/no-such-thing', '--dest', path.join(root, 'e')],
            env(sim.keys.personal),
        );
        assert.equal(missing.code, 5, missing.stderr);
    });

    void it('Should exit 1 with a clear message when the destination is a file', async () => {
        const file = path.join(root, 'plain-file');
        await writeFile(file, 'x');
        const r = await cli(['download', 'nvidia/tao/peoplenet', '--dest', file, '--include', 'labels.txt'], env());
        assert.equal(r.code, 1);
        assert.match(r.stderr, /cannot (download into|write to) .*plain-file/i);
    });

    void it('Should redraw a single progress line with \\r on a terminal and clear it before the summary', async () => {
        const r = await inTerminal(['download', 'nvidia/tao/peoplenet:2.5.0', '--dest', path.join(root, 'tty')], env());
        assert.equal(r.code, 0, r.stderr);
        const redraws = r.stderr.split('\r\x1b[K').filter((s) => s.startsWith('['));
        assert.ok(redraws.length >= 1, 'at least one live line');
        assert.ok(
            redraws.every((line) => !line.includes('\n')),
            'live lines never scroll',
        );
        assert.ok(r.stderr.endsWith('\r\x1b[K'), 'the live line is cleared at the end');
        assert.match(r.stdout, /^Downloaded nvidia\/tao\/peoplenet:2\.5\.0/);
    });

    void it('Should exit 2 for a missing --dest, a bad --type or a bad --concurrency', async () => {
        assert.equal((await cli(['download', 'nvidia/tao/peoplenet'], env())).code, 2);
        assert.equal(
            (await cli(['download', 'nvidia/tao/peoplenet', '--dest', root, '--type', 'container'], env())).code,
            2,
        );
        assert.equal(
            (await cli(['download', 'nvidia/tao/peoplenet', '--dest', root, '--concurrency', '0'], env())).code,
            2,
        );
        assert.equal((await cli(['download', 'not-a-ref', '--dest', root], env())).code, 2);
    });
});
