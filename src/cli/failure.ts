import { HttpError } from '../core/http/errors';
import type { CliContext } from './command';
import { ExitCode } from './command';

export interface ExplainedFailure {
    cause: string;
    message: string;
    remedy: string | undefined;
    exitCode: number;
    requestId: string | undefined;
}

/** Turns a core failure into words and an exit code. */
export function explainFailure(error: unknown, _ctx: CliContext): ExplainedFailure {
    if (HttpError.is(error)) {
        const exitCode =
            error.status === 401
                ? ExitCode.notAuthenticated
                : error.status === 403 || error.status === 412 || error.status === 451
                  ? ExitCode.notPermitted
                  : error.status === 404
                    ? ExitCode.notFound
                    : ExitCode.failure;
        return { cause: 'http', message: error.message, remedy: undefined, exitCode, requestId: error.requestId };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { cause: 'unknown', message, remedy: undefined, exitCode: ExitCode.failure, requestId: undefined };
}
