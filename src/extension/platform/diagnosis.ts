import { contextOf } from '../../core/diagnose/context';
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
        return {
            cause: 'notAvailable',
            title: error.message,
            remedy: 'This feature is not available in this build yet.',
        };
    }
    const d = diagnose(error);
    if (d.cause === 'unknown' && error instanceof Error) {
        return { ...d, title: error.message, remedy: d.remedy };
    }
    if (d.cause === 'notEntitled' && d.action === undefined) {
        // Core has no fix for a missing subscription; the extension can open the page where it is requested, or,
        // for a guest, ask for a key first (an entitled key is the only way in).
        const guest = contextOf(error)?.keyKind === 'none';
        return { ...d, action: guest ? 'setApiKey' : 'openCatalogPage' };
    }
    return d;
}
