/**
 * The simulator's clock. Token and presigned-URL expiry are judged against it, so tests can jump forward in time
 * (`advance`) instead of sleeping through NGC's real 15-minute token lifetime.
 */
export class SimClock {
    private offsetMs = 0;

    /** Milliseconds since the epoch, shifted by every `advance` so far. */
    now(): number {
        return Date.now() + this.offsetMs;
    }

    /** Moves the clock forward by `seconds`. */
    advance(seconds: number): void {
        this.offsetMs += seconds * 1000;
    }
}
