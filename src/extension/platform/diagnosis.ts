import { diagnose, type Diagnosis } from '../../core/diagnose/diagnose';
import { DiagnosedError } from './diagnosedError';

/**
 * Core's diagnosis as the editor shows it: a failure the extension explained itself (a signature gate) as is, and
 * an unexpected error with its own message as the title, so the user sees something concrete (the log has the
 * stack). Everything else, Docker and transfer failures included, is core's one failure map.
 */
export function diagnoseForUi(error: unknown): Diagnosis {
    if (DiagnosedError.is(error)) {
        return error.diagnosis;
    }
    const d = diagnose(error);
    if (d.cause === 'unknown' && error instanceof Error) {
        return { ...d, title: error.message };
    }
    return d;
}
