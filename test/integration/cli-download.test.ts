/**
 * (integration) `ngc-explorer download` against the simulator: the DIR/NAME_vVERSION layout, kind detection, dry-run,
 * --json, filters, progress on stderr, and exit codes (2 usage, 4 licence, 5 not found, 6 verification, 1 destination).
 * Spawns the real CLI once `download` is in the command table; until then runs the command in-process the way
 * main does (context from the environment, failures through diagnose()).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CliFailure, UsageError, type CliContext } from '../../src/cli/command';
import { commands } from '../../src/cli/commandTable';
import { downloadCommand } from '../../src/cli/commands/download';
import { createDispatcher } from '../../src/core/http/agent';
import { HttpClient } from '../../src/core/http/client';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { createLog } from '../../src/core/lib/log';
import { environmentFrom } from '../../src/core/ngc/endpoints';
import { startSimulator, type Simulator } from '../../sim/server';

interface CliRun {
    code: number;
    stdout: string;
    stderr: string;
}

const wired = commands.some((c) => c.name === 'download');
let sim: Simulator;
let root: string;

function env(key?: string): Record<string, string> {
    return {
        NGC_API_URL: sim.urls.api,
        NGC_AUTH_URL: sim.urls.auth,
        NGC_REGISTRY: sim.urls.registry,
        NGC_HELM_URL: sim.urls.helm,
        ...(key ? { NGC_API_KEY: key } : {}),
    };
}

function cli(args: string[], vars: Record<string, string>): Promise<CliRun> {
    return wired ? spawnCli(args, vars) : inProcess(args, vars);
}

function spawnCli(args: string[], vars: Record<string, string>): Promise<CliRun> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
            env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...vars },
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
}

async function inProcess(args: string[], vars: Record<string, string>): Promise<CliRun> {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    const dispatcher = createDispatcher({}, {});
    const finish = async (code: number): Promise<CliRun> => {
        await dispatcher.close();
        return { code, stdout: out, stderr: err };
    };
    let parsed;
    try {
        parsed = parseArgs({ args: args.slice(1), options: { json: { type: 'boolean' }, ...downloadCommand.options }, allowPositionals: true, strict: true });
    } catch {
        return finish(2);
    }
    const log = createLog((level, line) => stderr.write(`${level}: ${line}\n`), 'cli', 'warn');
    const ctx: CliContext = {
        env: environmentFrom(vars),
        json: parsed.values['json'] === true,
        stdout,
        stderr,
        interactive: false,
        log,
        http: new HttpClient({ dispatcher, log }),
        dispatcher,
        signal: new AbortController().signal,
    };
    try {
        if (parsed.positionals.length !== 1) {
            throw new UsageError('expected one reference');
        }
        return finish(await downloadCommand.run({ positionals: parsed.positionals, values: parsed.values as Record<string, string | boolean | string[] | undefined> }, ctx));
    } catch (error) {
        if (UsageError.is(error)) {
            stderr.write(`${error.message}\n`);
            return finish(2);
        }
        if (CliFailure.is(error)) {
            stderr.write(`${error.message}\n`);
            return finish(error.exitCode);
        }
        const d = diagnose(error);
        stderr.write(`${d.title}\n${d.remedy}\n`);
        return finish(d.exitCode);
    }
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
        const doc = JSON.parse(r.stdout) as { kind: string; destination: string; summary: { files: number }; files: { status: string }[] };
        assert.equal(doc.kind, 'resource');
        assert.equal(doc.destination, path.join(dest, 'tao-samples_v1.0'));
        assert.equal(doc.summary.files, 2);
        assert.ok(doc.files.every((f) => f.status === 'downloaded'));
    });

    void it('Should print the plan with --dry-run and write nothing', async () => {
        const dest = path.join(root, 'c');
        const r = await cli(['download', 'nvidia/tao/peoplenet:2.6.1', '--dest', dest, '--dry-run', '--include', 'configs/*', '--exclude', '*_1?.txt', '--json'], env());
        assert.equal(r.code, 0, r.stderr);
        const doc = JSON.parse(r.stdout) as { dryRun: boolean; plan: { files: { path: string }[]; excludedFiles: number } };
        assert.equal(doc.dryRun, true);
        assert.equal(doc.plan.files.length, 10);
        assert.equal(doc.plan.excludedFiles, 27);
        assert.equal(existsSync(dest), false);
        assert.equal(sim.requests.filter((r2) => r2.host === 'files').length, 0);
        const human = await cli(['download', 'nvidia/tao/peoplenet:2.6.1', '--dest', dest, '--dry-run', '--include', 'labels.txt'], env());
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
        const gated = await cli(['download', 'nvidia/llama-gated', '--dest', path.join(root, 'e'), '--type', 'model'], env(sim.keys.personal));
        assert.equal(gated.code, 4, gated.stderr);
        const missing = await cli(['download', 'nvidia/no-such-thing', '--dest', path.join(root, 'e')], env(sim.keys.personal));
        assert.equal(missing.code, 5, missing.stderr);
    });

    void it('Should exit 1 with a clear message when the destination is a file', async () => {
        const file = path.join(root, 'plain-file');
        await writeFile(file, 'x');
        const r = await cli(['download', 'nvidia/tao/peoplenet', '--dest', file, '--include', 'labels.txt'], env());
        assert.equal(r.code, 1);
        assert.match(r.stderr, /cannot (download into|write to) .*plain-file/);
    });

    void it('Should exit 2 for a missing --dest, a bad --type or a bad --concurrency', async () => {
        assert.equal((await cli(['download', 'nvidia/tao/peoplenet'], env())).code, 2);
        assert.equal((await cli(['download', 'nvidia/tao/peoplenet', '--dest', root, '--type', 'container'], env())).code, 2);
        assert.equal((await cli(['download', 'nvidia/tao/peoplenet', '--dest', root, '--concurrency', '0'], env())).code, 2);
        assert.equal((await cli(['download', 'not-a-ref', '--dest', root], env())).code, 2);
    });
});
