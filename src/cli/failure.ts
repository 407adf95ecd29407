import { diagnose } from '../core/diagnose/diagnose';
import type { CliContext } from './command';

export interface ExplainedFailure {
    cause: string;
    message: string;
    remedy: string | undefined;
    /** A command or environment line to type, when there is one. */
    command: string | undefined;
    exitCode: number;
    requestId: string | undefined;
}

/**
 * Turns any failure into words and an exit code through core's one failure map, `diagnose()`: HTTP failures with
 * the context the NGC client attached (key kind, the key's orgs, org/team, operation), core's typed errors with
 * their own cause. The CLI adds only whether a key is set, and prints the command form of the remedy.
 */
export function explainFailure(error: unknown, ctx: CliContext): ExplainedFailure {
    const diagnosis = diagnose(error, ctx.ngc.hasKey ? {} : { keyKind: 'none' });
    // The request id is printed on its own line; keep it out of the quoted server detail.
    const quoted = diagnosis.detail?.replace(/ \(request id [^)]*\)/, '');
    const detail = quoted && quoted !== diagnosis.title ? `\n  ${quoted}` : '';
    return {
        cause: diagnosis.cause,
        message: `${diagnosis.title}${detail}`,
        remedy: diagnosis.remedy,
        command: diagnosis.cli,
        exitCode: diagnosis.exitCode,
        requestId: diagnosis.requestId,
    };
}
