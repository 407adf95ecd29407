import type { Writable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { HttpClient } from '../core/http/client';
import type { Log } from '../core/lib/log';
import type { NgcClient } from '../core/ngc/client';
import type { NgcEnvironment } from '../core/ngc/endpoints';
import type { RegistryClient } from '../core/registry/client';

/** Exit codes of the CLI contract (DESIGN.md). */
export const ExitCode = {
    ok: 0,
    failure: 1,
    usage: 2,
    notAuthenticated: 3,
    notPermitted: 4,
    notFound: 5,
    verificationFailed: 6,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A bad command line: printed with the command's usage, exit 2. */
export class UsageError extends Error {
    override readonly name = 'UsageError';
    static is(error: unknown): error is UsageError {
        return error instanceof UsageError;
    }
}

/** A failure the command already explained: carries its exit code and a message for people. */
export class CliFailure extends Error {
    override readonly name = 'CliFailure';
    constructor(
        message: string,
        readonly exitCode: ExitCode,
    ) {
        super(message);
    }
    static is(error: unknown): error is CliFailure {
        return error instanceof CliFailure;
    }
}

export type OptionSpec = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };

export interface ParsedArgs {
    positionals: string[];
    values: Record<string, string | boolean | string[] | undefined>;
}

/** A repeatable string option (`--include a --include b`) as a list; absent means empty. */
export function stringList(value: ParsedArgs['values'][string]): string[] {
    if (Array.isArray(value)) {
        return value.filter((v): v is string => typeof v === 'string');
    }
    return typeof value === 'string' ? [value] : [];
}

export interface CliContext {
    /** Endpoints and the default org/team. The key is not here: only the clients below hold it. */
    env: Omit<NgcEnvironment, 'apiKey'>;
    /** The NGC API client, holding NGC_API_KEY (guest without one). */
    ngc: NgcClient;
    /**
     * The registry client: `$oauthtoken` + the key for the NGC registry (from {@link ngc}), what `docker login`
     * stored in `$DOCKER_CONFIG/config.json` for other registries (read only), else anonymous.
     */
    registry: RegistryClient;
    /** True with --json: stdout gets exactly one JSON document. */
    json: boolean;
    stdout: Writable;
    stderr: Writable;
    /** True when stderr is a terminal (live progress lines may use \r). */
    interactive: boolean;
    log: Log;
    http: HttpClient;
    dispatcher: Dispatcher;
    signal: AbortSignal;
    /**
     * The environment `main()` was given (`process.env` in the real CLI, a literal in tests). Commands read variables
     * (DOCKER_CONFIG, DOCKER_HOST, NGC_COSIGN_PUBLIC_KEY, …) from here, never from `process.env`.
     */
    processEnv: NodeJS.ProcessEnv;
}

export interface CliCommand {
    name: string;
    /** One line for the help listing. */
    summary: string;
    /** e.g. `tags ORG/[TEAM/]REPO` */
    usage: string;
    options: Record<string, OptionSpec>;
    positionals: { min: number; max: number };
    run(args: ParsedArgs, ctx: CliContext): Promise<ExitCode>;
}
