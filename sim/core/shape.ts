/**
 * Network shapes: what a real download sees across a WAN and loopback does not. Each TCP connection has a round trip
 * (a new connection pays its handshakes, every request waits one RTT for its first byte), a throughput ceiling of its
 * own, TCP slow start (the window starts at ten segments and doubles each RTT until the rate, window / RTT, meets the
 * ceiling: a ramp over the first 1-2 MiB at 30 ms and 40 MB/s), and sometimes stalls or a reset; all connections share an
 * optional link ceiling. The model here is pure arithmetic on virtual times so it can be unit-tested; `shapeProxy.ts`
 * applies it to real sockets. Stalls and resets are drawn from a PRNG seeded by (seed, connection ordinal), so the
 * same seed gives the same events at the same byte offsets of the same connection.
 */

export interface NetworkShape {
    /** Round-trip time in milliseconds (request to first byte of its response, on an open connection). */
    rttMs: number;
    /** Round trips a new connection spends before its first request leaves (TCP = 1, TCP + TLS 1.3 = 2). */
    connectRtts?: number;
    /** Per-connection throughput ceiling, bytes per second; absent = none. */
    connectionBytesPerSecond?: number;
    /** Ceiling shared by every connection to every shaped origin, bytes per second; absent = none. */
    linkBytesPerSecond?: number;
    /** TCP slow start (needs `rttMs` > 0); default true. */
    slowStart?: boolean;
    /** Initial congestion window, default 10 segments of 1460 bytes. */
    initialWindowBytes?: number;
    /** Stalls: the connection sends nothing for `minMs`–`maxMs` once per `meanBytesBetween` bytes on average. */
    stalls?: { meanBytesBetween: number; minMs: number; maxMs: number };
    /** Resets: the connection is reset (RST) once per `meanBytesBetween` bytes on average. */
    resets?: { meanBytesBetween: number };
    /** Seed of the stall and reset draws, default 1. */
    seed?: number;
}

export const SHAPE_NAMES = ['loopback', 'cdn', 'far', 'lossy'] as const;
export type ShapeName = (typeof SHAPE_NAMES)[number];

const MiB = 1024 * 1024;
const MB = 1e6;

/** The named shapes: `loopback` shapes nothing; the others are what users downloading from NGC's CDN meet. */
export const SHAPES: Record<ShapeName, NetworkShape | undefined> = {
    loopback: undefined,
    /** A nearby CDN edge over HTTPS. */
    cdn: { rttMs: 30, connectRtts: 2, connectionBytesPerSecond: 40 * MB, linkBytesPerSecond: 1000 * MB },
    /** Another continent: long RTT, slow connections, no link ceiling worth naming. */
    far: { rttMs: 150, connectRtts: 2, connectionBytesPerSecond: 10 * MB },
    /** `cdn` with a stall of 0.5–2 s every 32 MiB and a reset every 128 MiB per connection, on average. */
    lossy: {
        rttMs: 30,
        connectRtts: 2,
        connectionBytesPerSecond: 40 * MB,
        linkBytesPerSecond: 1000 * MB,
        stalls: { meanBytesBetween: 32 * MiB, minMs: 500, maxMs: 2000 },
        resets: { meanBytesBetween: 128 * MiB },
    },
};

/** A name, a shape, or nothing (no shaping). */
export type ShapeSpec = ShapeName | NetworkShape | undefined;

export function resolveShape(spec: ShapeSpec): NetworkShape | undefined {
    return typeof spec === 'string' ? SHAPES[spec] : spec;
}

export function isShapeName(value: string): value is ShapeName {
    return (SHAPE_NAMES as readonly string[]).includes(value);
}

/** Mulberry32: a tiny deterministic PRNG in [0, 1). */
export function seededRandom(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** Bytes until the next event of a Poisson process with this mean (at least 1). */
function exponential(random: () => number, mean: number): number {
    return Math.max(1, Math.round(-Math.log(1 - random()) * mean));
}

/** The shared link: reservations in arrival order, so concurrent connections split its ceiling. */
export class Link {
    private nextFree = 0;

    constructor(readonly bytesPerSecond: number | undefined) {}

    /** Reserves `bytes` starting no earlier than `start` (ms); returns when they have left the link. */
    reserve(bytes: number, start: number): number {
        if (this.bytesPerSecond === undefined) {
            return start;
        }
        this.nextFree = Math.max(this.nextFree, start) + (bytes / this.bytesPerSecond) * 1000;
        return this.nextFree;
    }
}

/** A piece of a chunk of response bytes and when its last byte reaches the client (ms); `reset` cuts there. */
export interface Slice {
    offset: number;
    length: number;
    at: number;
    reset?: true;
}

/** A stall or reset that happened, for tests and the bench log. */
export interface ShapeEvent {
    connection: number;
    kind: 'stall' | 'reset';
    /** Response bytes the connection had sent before the event. */
    atByte: number;
    ms?: number;
}

/** Pieces no larger than this are paced one by one: 1.6 ms at 40 MB/s, fine enough for the link to interleave. */
const SLICE_BYTES = 64 * 1024;
/** Segment size: the smallest piece paced while the slow-start window is small. */
const MSS = 1460;
/** A late timer may catch up this much; it is also the only burst a connection gets after being idle. */
const SLACK_MS = 4;

/** One connection's pacing state: response bytes in, departure and arrival times out. */
export class ShapedConnection {
    private nextFree: number;
    private lastDeparture: number;
    private sent = 0;
    private windowSent = 0;
    private nextStall: number | undefined;
    private nextReset: number | undefined;
    private resetDone = false;
    private readonly random: () => number;
    /** When the client's first request can reach the server (after the handshakes). */
    readonly established: number;

    constructor(
        private readonly shape: NetworkShape,
        private readonly link: Link,
        readonly ordinal: number,
        acceptedAt: number,
        private readonly onEvent: (event: ShapeEvent) => void = () => undefined,
    ) {
        this.random = seededRandom(((shape.seed ?? 1) * 0x9e3779b1 + ordinal * 0x85ebca6b) >>> 0);
        this.established = acceptedAt + (shape.connectRtts ?? 1) * shape.rttMs;
        this.nextFree = this.established;
        this.lastDeparture = this.established;
        this.nextStall = shape.stalls ? exponential(this.random, shape.stalls.meanBytesBetween) : undefined;
        this.nextReset = shape.resets ? exponential(this.random, shape.resets.meanBytesBetween) : undefined;
    }

    /** When request bytes the client sends at `now` reach the server. */
    requestArrival(now: number): number {
        return Math.max(now, this.established) + this.shape.rttMs / 2;
    }

    /** How far (ms) this connection's paced departures run ahead of `now`: the proxy pauses the server above ~50. */
    ahead(now: number): number {
        return this.nextFree - now;
    }

    /** When an end of stream sent by the server at `now` reaches the client (after every byte before it). */
    endArrival(now: number): number {
        return Math.max(this.nextFree, now) + this.shape.rttMs / 2;
    }

    /**
     * Paces `bytes` of response the server wrote at `now` (ms). After a reset slice, nothing more is scheduled.
     * `readyAt` (≤ now) is when the bytes were ready to leave if that was earlier: the proxy paused a server that had
     * more to send, and reading it again took this thread a while (a busy machine), which is not the network's time.
     */
    schedule(bytes: number, now: number, readyAt = now): Slice[] {
        const slices: Slice[] = [];
        if (this.resetDone) {
            return slices;
        }
        now = Math.min(now, Math.max(readyAt, this.nextFree));
        if (now - this.lastDeparture > this.idleRestartMs()) {
            this.windowSent = 0; // RFC 5681 §4.1: slow start again after an idle period
        }
        let offset = 0;
        while (offset <= bytes) {
            if (this.nextStall !== undefined && this.sent >= this.nextStall && this.shape.stalls) {
                const { minMs, maxMs, meanBytesBetween } = this.shape.stalls;
                const ms = minMs + this.random() * (maxMs - minMs);
                this.nextFree = Math.max(this.nextFree, now) + ms;
                this.onEvent({ connection: this.ordinal, kind: 'stall', atByte: this.sent, ms });
                this.nextStall = this.sent + exponential(this.random, meanBytesBetween);
            }
            if (this.nextReset !== undefined && this.sent >= this.nextReset) {
                this.resetDone = true;
                this.onEvent({ connection: this.ordinal, kind: 'reset', atByte: this.sent });
                slices.push({ offset, length: 0, at: this.endArrival(now), reset: true });
                return slices;
            }
            if (offset === bytes) {
                break;
            }
            const length = Math.min(
                this.sliceBytes(),
                bytes - offset,
                (this.nextStall ?? Infinity) - this.sent,
                (this.nextReset ?? Infinity) - this.sent,
            );
            const start = Math.max(this.nextFree, now - SLACK_MS);
            const paced = start + this.paceMs(length);
            const departure = Math.max(paced, this.link.reserve(length, start), now);
            this.nextFree = departure;
            this.lastDeparture = departure;
            this.sent += length;
            this.windowSent += length;
            slices.push({ offset, length, at: departure + this.shape.rttMs / 2 });
            offset += length;
        }
        return slices;
    }

    /** A quarter of the window while it is small (the first segments arrive within the first RTT), else 64 KiB. */
    private sliceBytes(): number {
        if (this.shape.slowStart === false || this.shape.rttMs <= 0) {
            return SLICE_BYTES;
        }
        const window = (this.shape.initialWindowBytes ?? 14_600) + Math.LN2 * this.windowSent;
        return Math.max(MSS, Math.min(SLICE_BYTES, Math.floor(window / 4)));
    }

    /**
     * Milliseconds to send `bytes` now. In slow start the window doubles every RTT (it grows by ln 2 per byte sent,
     * the continuous form of one segment per ACK) and the rate is window / RTT, up to the per-connection ceiling.
     */
    private paceMs(bytes: number): number {
        const ceiling = this.shape.connectionBytesPerSecond ?? Infinity;
        const rtt = this.shape.rttMs / 1000;
        if (this.shape.slowStart === false || rtt <= 0) {
            return (bytes / ceiling) * 1000;
        }
        const window = (this.shape.initialWindowBytes ?? 14_600) + Math.LN2 * this.windowSent;
        const full = ceiling * rtt;
        const ramp = window >= full ? 0 : Math.min(bytes, (full - window) / Math.LN2);
        const rampSeconds = ramp > 0 ? (rtt / Math.LN2) * Math.log((window + Math.LN2 * ramp) / window) : 0;
        const rest = bytes - ramp > 0 ? (bytes - ramp) / ceiling : 0;
        return (rampSeconds + rest) * 1000;
    }

    /** Linux restarts slow start after an idle RTO (at least 200 ms). */
    private idleRestartMs(): number {
        return Math.max(200, 2 * this.shape.rttMs);
    }
}
