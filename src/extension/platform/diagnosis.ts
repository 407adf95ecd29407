import { diagnose } from '../../core/diagnose/diagnose';
import type { Diagnosis } from '../tree/nodes';
import { DiagnosedError } from './diagnosedError';
import { NotAvailableError } from './notAvailable';

/**
 * Core's diagnosis, plus the failures only the extension knows: one it has explained already (Docker pulls), a
 * feature whose core has not landed, and an unexpected error (its message becomes the title so the user sees
 * something concrete; the log has the stack).
 */
export function diagnoseForUi(error: unknown): Diagnosis {
    if (DiagnosedError.is(error)) {
        return error.diagnosis;
    }
    if (NotAvailableError.is(error)) {
        return { cause: 'notAvailable', title: error.message, remedy: 'This feature is not available in this build yet.' };
    }
    const d = diagnose(error);
    if (d.cause === 'unknown' && error instanceof Error) {
        return { ...d, title: error.message, remedy: d.remedy };
    }
    return d;
}
