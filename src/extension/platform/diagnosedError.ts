import type { Diagnosis } from '../../core/diagnose/diagnose';

/**
 * A failure the extension has already explained (a signature check that refused a pull, which is the editor's gate):
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
