/**
 * How many connections a download opens. Across a WAN every connection has a ceiling of its own (its TCP window over
 * the round trip, or a CDN's per-connection cap), so a single large file needs more ranged connections than a
 * general-purpose default of 8 to fill the link; on loopback, or on a machine short of CPU, more connections only
 * cost CPU and the rate stops rising. So a run starts with {@link ConnectionPolicy.initial} connections and adds
 * {@link ConnectionPolicy.step} more each interval while parts wait for one and the aggregate rate keeps rising,
 * up to {@link ConnectionPolicy.max}; the first interval that does not gain stops the growth for the rest of the run.
 */
import type { Slots } from './slots';

export interface ConnectionPolicy {
    /** Connections at the start. */
    initial: number;
    /** Never more than this many at once (all presigned URLs of a run point at one files host). */
    max: number;
    /** Connections added at each step. */
    step: number;
    /** How often the aggregate rate is measured. */
    intervalMs: number;
    /** A step is taken while the rate over the last interval is at least this many times the rate before the last step. */
    minGain: number;
}

export const DEFAULT_CONNECTION_POLICY: ConnectionPolicy = {
    initial: 8,
    max: 16,
    step: 4,
    intervalMs: 500,
    minGain: 1.1,
};

/** A fixed number of connections, as a policy that never grows (an explicit `concurrency`). */
export function fixedConnections(count: number): ConnectionPolicy {
    const n = Math.max(1, Math.floor(count));
    return { ...DEFAULT_CONNECTION_POLICY, initial: n, max: n };
}

/** Watches the bytes of a run and grows its {@link Slots} by the policy; {@link stop} ends the watch. */
export class ConnectionGovernor {
    private bytes = 0;
    private baseline: number | undefined;
    private stopped = false;
    private readonly timer: ReturnType<typeof setInterval> | undefined;

    constructor(
        private readonly slots: Slots,
        private readonly policy: ConnectionPolicy,
        private readonly onGrow: (connections: number, bytesPerSecond: number) => void = () => undefined,
    ) {
        if (policy.max > slots.limit) {
            this.timer = setInterval(() => this.tick(), policy.intervalMs);
            this.timer.unref();
        }
    }

    /** Counts bytes received (any file, any part). */
    saw(bytes: number): void {
        this.bytes += bytes;
    }

    stop(): void {
        this.stopped = true;
        clearInterval(this.timer);
    }

    /** One measurement: grow while work waits and the rate rose by `minGain` since the last step, else stop. */
    tick(): void {
        const rate = (this.bytes * 1000) / this.policy.intervalMs;
        this.bytes = 0;
        if (this.stopped || this.slots.waiters === 0) {
            return; // every part has a connection: more would open none (and this interval says nothing)
        }
        if (this.baseline === undefined || this.baseline === 0) {
            this.baseline = rate; // the first interval with bytes is the reference (it includes connecting)
            return;
        }
        if (rate < this.baseline * this.policy.minGain) {
            this.stop();
            return;
        }
        this.baseline = rate;
        const add = Math.min(this.policy.step, this.policy.max - this.slots.limit);
        if (add > 0) {
            this.slots.grow(add);
            this.onGrow(this.slots.limit, rate);
        }
        if (this.slots.limit >= this.policy.max) {
            this.stop();
        }
    }
}
