/**
 * Runs a CLI command object in-process, the way main does, with its output captured: `captureOutput()` gives the
 * two streams and what was written to them; `runCommand()` builds the context from `vars` (through
 * environmentFrom) and maps a thrown failure to an exit code as main does.
 */
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import { cliClients } from '../../src/cli/clients';
import { CliFailure, UsageError, type CliCommand, type CliContext } from '../../src/cli/command';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { createDispatcher } from '../../src/core/http/agent';
import { HttpClient } from '../../src/core/http/client';
import { createLog, redactor } from '../../src/core/lib/log';
import { environmentFrom } from '../../src/core/ngc/endpoints';

export interface CommandRun {
    code: number;
    stdout: string;
    stderr: string;
}

export interface CapturedOutput {
    stdout: PassThrough;
    stderr: PassThrough;
    /** What has been written to `stdout` and `stderr` so far. */
    out: string;
    err: string;
}

/** Two streams for a command's stdout and stderr, collecting what is written to them. */
export function captureOutput(): CapturedOutput {
    const captured: CapturedOutput = { stdout: new PassThrough(), stderr: new PassThrough(), out: '', err: '' };
    captured.stdout.on('data', (d: Buffer) => (captured.out += d.toString()));
    captured.stderr.on('data', (d: Buffer) => (captured.err += d.toString()));
    return captured;
}

export interface RunCommandOptions {
    /** The NGC_* variables the context's environment is read from. */
    vars: Record<string, string>;
    /** `ctx.processEnv` (what DOCKER_HOST and the like are read from); `vars` when not given. */
    processEnv?: NodeJS.ProcessEnv;
    /** On a failure that is neither usage nor a CliFailure, also write the diagnosis' title and remedy to stderr. */
    withDiagnosis?: boolean;
}

/** Runs `command` with `args` as main does (context from the environment; failures through diagnose()). */
export async function runCommand(command: CliCommand, args: string[], options: RunCommandOptions): Promise<CommandRun> {
    const io = captureOutput();
    const parsed = parseArgs({
        args,
        options: { json: { type: 'boolean' }, ...command.options },
        allowPositionals: true,
    });
    const env = environmentFrom(options.vars);
    redactor.add(env.apiKey);
    const log = createLog((level, line) => io.stderr.write(`${level}: ${line}\n`), 'cli', 'debug');
    const dispatcher = createDispatcher();
    const http = new HttpClient({ dispatcher, log, retry: { attempts: 1 } });
    const processEnv = options.processEnv ?? options.vars;
    const ctx: CliContext = {
        ...cliClients(env, http, log, processEnv),
        json: parsed.values['json'] === true,
        stdout: io.stdout,
        stderr: io.stderr,
        interactive: false,
        log,
        http,
        dispatcher,
        signal: new AbortController().signal,
        processEnv,
    };
    let code: number;
    try {
        code = await command.run(
            { positionals: parsed.positionals, values: parsed.values as Record<string, string | boolean | undefined> },
            ctx,
        );
    } catch (error) {
        if (UsageError.is(error)) {
            code = 2;
        } else if (CliFailure.is(error)) {
            code = error.exitCode;
        } else {
            const d = diagnose(error);
            code = d.exitCode;
            if (options.withDiagnosis) {
                io.err += `${d.title}\n${d.remedy}\n`;
            }
        }
        io.err += `${(error as Error).message}\n`;
    } finally {
        await dispatcher.close();
    }
    return { code, stdout: io.out, stderr: io.err };
}
