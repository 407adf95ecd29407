import { diagnose } from '../core/diagnose/diagnose';
import type { CliContext } from './command';

export interface ExplainedFailure {
    cause: string;
    message: string;
    remedy: string | undefined;
    exitCode: number;
    requestId: string | undefined;
}

/**
 * Turns a core failure into words and an exit code through `diagnose()`. The NGC client attaches what it knows
 * (key kind, the key's orgs, org/team, operation) to its errors, so the CLI needs to add only whether a key is set.
 */
export function explainFailure(error: unknown, ctx: CliContext): ExplainedFailure {
    const diagnosis = diagnose(error, ctx.env.apiKey ? {} : { keyKind: 'none' });
    // The request id is printed on its own line; keep it out of the quoted server detail.
    const quoted = diagnosis.detail?.replace(/ \(request id [^)]*\)/, '');
    const detail = quoted && quoted !== diagnosis.title ? `\n  ${quoted}` : '';
    return {
        cause: diagnosis.cause,
        message: `${diagnosis.title}${detail}`,
        remedy: diagnosis.remedy,
        exitCode: diagnosis.exitCode,
        requestId: diagnosis.requestId,
    };
}
