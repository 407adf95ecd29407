import { parseArgs } from 'node:util';
import { createDispatcher } from '../core/http/agent';
import { HttpClient } from '../core/http/client';
import { CancelledError, isCancellationError } from '../core/lib/abort';
import { createLog, LOG_LEVELS, redactor, type LogLevel } from '../core/lib/log';
import { environmentFrom } from '../core/ngc/endpoints';
import { cliClients } from './clients';
import { CliFailure, ExitCode, UsageError, type CliCommand, type CliContext, type OptionSpec } from './command';
import { commands } from './commandTable';
import { explainFailure } from './failure';
import { writeJson } from './output';
import { guardStream } from './terminal';

const VERSION = '0.1.0';

const globalOptions: Record<string, OptionSpec> = {
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    verbose: { type: 'boolean', short: 'v' },
};

function helpText(): string {
    const lines = commands.map((c) => `  ${c.usage}\n      ${c.summary}`);
    return [
        'Usage: ngc-explorer <command> [options] [--json] [--verbose]',
        '',
        'Commands:',
        ...lines,
        '',
        'Environment: NGC_API_KEY (or NGC_CLI_API_KEY), NGC_ORG, NGC_TEAM, NGC_API_URL, NGC_AUTH_URL, NGC_REGISTRY, NGC_HELM_URL.',
        'Exit codes: 0 ok, 1 failure, 2 usage, 3 not authenticated, 4 not permitted, 5 not found, 6 verification failed.',
        '',
    ].join('\n');
}

function usageOf(command: CliCommand): string {
    return `Usage: ngc-explorer ${command.usage}`;
}

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit code. `io` and `processEnv` are seams for
 * tests that need a terminal-like stderr or an environment of their own.
 */
export async function main(
    argv: string[],
    streams: Pick<CliContext, 'stdout' | 'stderr'> = process,
    processEnv: NodeJS.ProcessEnv = process.env,
): Promise<number> {
    const name = argv.find((a) => !a.startsWith('-'));
    const wantsJson = argv.includes('--json');
    // The one choke point for output: every byte below is redacted and stripped of terminal controls.
    const io = {
        stdout: guardStream(streams.stdout, wantsJson ? 'json' : 'text'),
        stderr: guardStream(streams.stderr, 'stderr'),
    };
    if (!name) {
        if (argv.includes('--version')) {
            io.stdout.write(`${VERSION}\n`);
            return ExitCode.ok;
        }
        (argv.includes('--help') || argv.includes('-h') ? io.stdout : io.stderr).write(helpText());
        return argv.includes('--help') || argv.includes('-h') ? ExitCode.ok : ExitCode.usage;
    }
    const command = commands.find((c) => c.name === name);
    if (!command) {
        io.stderr.write(`ngc-explorer: unknown command '${name}'. Run 'ngc-explorer --help' for the list.\n`);
        return ExitCode.usage;
    }
    const rest = argv.filter((a, i) => i !== argv.indexOf(name));
    let parsed: ReturnType<typeof parseCommandArgs>;
    try {
        parsed = parseCommandArgs(command, rest);
    } catch (error) {
        io.stderr.write(`ngc-explorer ${name}: ${(error as Error).message}\n${usageOf(command)}\n`);
        return ExitCode.usage;
    }
    if (parsed.values['help']) {
        io.stdout.write(`${usageOf(command)}\n  ${command.summary}\n`);
        return ExitCode.ok;
    }
    const environment = environmentFrom(processEnv);
    redactor.add(environment.apiKey);
    const level: LogLevel = parsed.values['verbose'] ? 'debug' : logLevelFrom(processEnv.NGC_LOG_LEVEL);
    const log = createLog((lvl, line) => io.stderr.write(`${lvl}: ${line}\n`), 'cli', level);
    const dispatcher = createDispatcher({}, processEnv);
    const controller = new AbortController();
    const onSignal = () => controller.abort(new CancelledError());
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const http = new HttpClient({ dispatcher, log, userAgent: `ngc-explorer/${VERSION}` });
    const ctx: CliContext = {
        ...cliClients(environment, http, log, processEnv),
        json: wantsJson,
        stdout: io.stdout,
        stderr: io.stderr,
        interactive: Boolean((streams.stderr as { isTTY?: boolean }).isTTY),
        log,
        http,
        dispatcher,
        signal: controller.signal,
        processEnv,
    };
    try {
        return await command.run({ positionals: parsed.positionals, values: parsed.values }, ctx);
    } catch (error) {
        return reportFailure(error, command, ctx);
    } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await dispatcher.close().catch(() => undefined);
    }
}

/** NGC_LOG_LEVEL when it names a level; anything else (unset, empty, a typo) means `warn`, never "log everything". */
function logLevelFrom(value: string | undefined): LogLevel {
    const wanted = value?.trim().toLowerCase();
    return LOG_LEVELS.find((l) => l === wanted) ?? 'warn';
}

function parseCommandArgs(command: CliCommand, args: string[]) {
    let result;
    try {
        result = parseArgs({
            args,
            options: { ...globalOptions, ...command.options },
            allowPositionals: true,
            strict: true,
        });
    } catch (error) {
        throw new UsageError((error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
    }
    const count = result.positionals.length;
    if (!result.values['help'] && (count < command.positionals.min || count > command.positionals.max)) {
        throw new UsageError(
            count < command.positionals.min
                ? 'missing argument'
                : `unexpected argument '${result.positionals[command.positionals.max]}'`,
        );
    }
    return result as { positionals: string[]; values: Record<string, string | boolean | string[] | undefined> };
}

function reportFailure(error: unknown, command: CliCommand, ctx: CliContext): number {
    if (isCancellationError(error)) {
        ctx.stderr.write('Cancelled.\n');
        return 130;
    }
    if (UsageError.is(error)) {
        ctx.stderr.write(`ngc-explorer ${command.name}: ${error.message}\n${usageOf(command)}\n`);
        return ExitCode.usage;
    }
    const failure = CliFailure.is(error)
        ? {
              message: error.message,
              remedy: undefined,
              command: undefined,
              exitCode: error.exitCode,
              cause: 'failure',
              requestId: undefined,
          }
        : explainFailure(error, ctx);
    // Messages may quote a server or an exception (CliFailure texts are not diagnosed): redact before printing.
    const message = redactor.redact(failure.message);
    const text = [
        message,
        failure.remedy,
        failure.command ? `  ${failure.command}` : undefined,
        failure.requestId ? `(request id ${failure.requestId})` : undefined,
        failure.exitCode === ExitCode.usage ? usageOf(command) : undefined,
    ]
        .filter(Boolean)
        .join('\n');
    ctx.stderr.write(`ngc-explorer ${command.name}: ${text}\n`);
    if (ctx.json) {
        writeJson(ctx.stdout, {
            error: {
                cause: failure.cause,
                message,
                remedy: failure.remedy,
                command: failure.command,
                requestId: failure.requestId,
            },
        });
    }
    if (!CliFailure.is(error) && failure.cause === 'unknown') {
        ctx.log.debug(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    return failure.exitCode;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        (error: unknown) => {
            process.stderr.write(`ngc-explorer: internal error: ${redactor.redact(String(error))}\n`);
            process.exitCode = ExitCode.failure;
        },
    );
}
