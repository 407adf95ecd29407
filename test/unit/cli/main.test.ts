import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { main } from '../../../src/cli/main';
import { captureOutput } from '../../helpers/commandRunner';

async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const io = captureOutput();
    const code = await main(args, io);
    return { code, stdout: io.out, stderr: io.err };
}

describe('CLI entry point (unit)', () => {
    it('Should print help on stdout and exit 0 with --help', async () => {
        const result = await runCli(['--help']);
        assert.equal(result.code, 0);
        assert.match(result.stdout, /Usage: ngc-explorer <command>/);
        assert.match(result.stdout, /download ORG\/\[TEAM\/\]NAME/);
    });

    it('Should exit 2 with usage on stderr when no command is given', async () => {
        const result = await runCli([]);
        assert.equal(result.code, 2);
        assert.equal(result.stdout, '');
        assert.match(result.stderr, /Usage:/);
    });

    it('Should reject an unknown command with exit 2 and point at --help', async () => {
        const result = await runCli(['frobnicate']);
        assert.equal(result.code, 2);
        assert.match(result.stderr, /unknown command 'frobnicate'/);
        assert.doesNotMatch(result.stderr, /at .*\.ts:\d+/, 'no stack trace');
    });

    it('Should exit 2 and show the usage when a command gets an unknown option', async () => {
        const result = await runCli(['tags', 'nvidia/pytorch', '--frobnicate']);
        assert.equal(result.code, 2);
        assert.match(result.stderr, /Unknown option '--frobnicate'/);
        assert.match(result.stderr, /Usage: ngc-explorer tags ORG\/\[TEAM\/\]REPO/);
    });

    it('Should exit 2 when a required argument is missing', async () => {
        const result = await runCli(['resolve']);
        assert.equal(result.code, 2);
        assert.match(result.stderr, /missing argument/);
    });

    it('Should print the version with --version', async () => {
        const result = await runCli(['--version']);
        assert.equal(result.code, 0);
        assert.match(result.stdout, /^\d+\.\d+\.\d+\n$/);
    });
});
