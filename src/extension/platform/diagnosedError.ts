import type { Diagnosis } from '../tree/nodes';

/**
 * A failure the extension has already explained (e.g. a Docker pull error, which core's `diagnose()` does not know):
 * `diagnoseForUi` shows its diagnosis as is, with the fix button its action names. `cause` keeps the original.
 */
export class DiagnosedError extends Error {
    override readonly name = 'DiagnosedError';
    constructor(
        readonly diagnosis: Diagnosis,
        cause?: unknown,
    ) {
        super(`${diagnosis.title}: ${diagnosis.remedy}`, cause === undefined ? undefined : { cause });
    }
    static is(error: unknown): error is DiagnosedError {
        return error instanceof DiagnosedError;
    }
}
