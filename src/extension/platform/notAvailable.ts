/** Raised when a feature waits for a core module that has not landed yet; shown as such, never faked. */
export class NotAvailableError extends Error {
    override readonly name = 'NotAvailableError';
    static is(error: unknown): error is NotAvailableError {
        return error instanceof NotAvailableError;
    }
}
