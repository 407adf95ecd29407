/**
 * How many connections a download opens. Across a WAN every connection has a ceiling of its own (its TCP window over
 * the round trip, or a CDN's per-connection cap), so a single large file needs more ranged connections than a
 * general-purpose default of 8 to fill the link; on loopback, or on a machine short of CPU, more connections only
 * cost CPU and the rate stops rising. So a run starts with {@link ConnectionPolicy.initial} connections and, while
 * parts wait for one, experiments: once the aggregate rate has levelled off (slow start is over), it adds
 * {@link ConnectionPolicy.step} connections, lets them ramp up for as long as the first ones took, and keeps them only
 * if the rate rose by {@link ConnectionPolicy.minGain}; otherwise it gives them back and stops trying. Up to
 * {@link ConnectionPolicy.max}.
 */
import type { Slots } from './slots';

export interface ConnectionPolicy {
    /** Connections at the start. */
    initial: number;
    /** Never more than this many at once (all presigned URLs of a run point at one files host). */
    max: number;
    /** Connections added (and given back) at each step. */
    step: number;
    /** How often the aggregate rate is measured. */
    intervalMs: number;
    /** A step is kept when the rate after it is at least this many times the rate before it. */
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

/** What the governor is doing: waiting for a level rate, letting added connections ramp up, or done. */
type Phase = { kind: 'watch' } | { kind: 'settle'; left: number; before: number; added: number } | { kind: 'done' };

/** Watches the bytes of a run and resizes its {@link Slots} by the policy; {@link stop} ends the watch. */
export class ConnectionGovernor {
    private bytes = 0;
    private intervals = 0;
    private previous: number | undefined;
    /** Intervals the first connections took to level off: how long added ones get to ramp up before judging. */
    private rampIntervals = 1;
    private phase: Phase = { kind: 'watch' };
    private readonly timer: ReturnType<typeof setInterval> | undefined;

    constructor(
        private readonly slots: Slots,
        private readonly policy: ConnectionPolicy,
        private readonly onChange: (connections: number, bytesPerSecond: number) => void = () => undefined,
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
        this.phase = { kind: 'done' };
        clearInterval(this.timer);
    }

    /** One measurement interval. */
    tick(): void {
        const rate = (this.bytes * 1000) / this.policy.intervalMs;
        this.bytes = 0;
        this.intervals += 1;
        const phase = this.phase;
        if (phase.kind === 'done') {
            return;
        }
        if (phase.kind === 'settle') {
            if (phase.left > 1) {
                this.phase = { ...phase, left: phase.left - 1 };
                return;
            }
            if (rate < phase.before * this.policy.minGain) {
                this.slots.shrink(phase.added); // no gain: the box or the link is the limit, not the connections
                this.onChange(this.slots.limit, rate);
                this.stop();
                return;
            }
            this.phase = { kind: 'watch' };
            this.previous = rate;
            return;
        }
        const previous = this.previous;
        this.previous = rate;
        const level = previous !== undefined && previous > 0 && Math.abs(rate - previous) <= previous * 0.1;
        if (!level || this.slots.waiters === 0) {
            return; // still ramping up (or nothing waits for a connection: more would open none)
        }
        if (this.slots.limit === this.policy.initial) {
            this.rampIntervals = this.intervals - 1;
        }
        const added = Math.min(this.policy.step, this.policy.max - this.slots.limit);
        if (added <= 0) {
            this.stop();
            return;
        }
        this.slots.grow(added);
        this.onChange(this.slots.limit, rate);
        this.phase = { kind: 'settle', left: Math.max(1, this.rampIntervals) + 1, before: rate, added };
    }
}
