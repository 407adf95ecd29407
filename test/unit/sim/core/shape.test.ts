/**
 * The network-shape model in virtual time: ceilings, a shared link, slow start, stalls and resets drawn from a seed.
 * (The same model on real sockets is measured in test/integration/simShape.test.ts.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Link, resolveShape, SHAPES, ShapedConnection } from '../../../../sim/core/shape';
import type { NetworkShape, ShapeEvent, Slice } from '../../../../sim/core/shape';

const MiB = 1024 * 1024;
const MB = 1e6;

/** Feeds `total` bytes in 64 KiB chunks as fast as the server could write them (all at `now`). */
function send(conn: ShapedConnection, total: number, now = 0): Slice[] {
    const out: Slice[] = [];
    for (let sent = 0; sent < total; sent += 64 * 1024) {
        out.push(...conn.schedule(Math.min(64 * 1024, total - sent), now));
    }
    return out;
}

const lastArrival = (slices: Slice[]): number => Math.max(...slices.map((s) => s.at));
const bytesOf = (slices: Slice[]): number => slices.reduce((sum, s) => sum + s.length, 0);

void describe('network shape model', () => {
    void it('Should take at least size / ceiling for a body on one connection, and not much more', () => {
        const shape: NetworkShape = { rttMs: 0, connectionBytesPerSecond: 10 * MB, slowStart: false };
        const slices = send(new ShapedConnection(shape, new Link(undefined), 0, 0), 4 * MiB);
        assert.equal(bytesOf(slices), 4 * MiB);
        const seconds = lastArrival(slices) / 1000;
        assert.ok(seconds >= 0.4 && seconds < 0.43, `4 MiB at 10 MB/s took ${seconds} s`);
    });

    void it('Should add one RTT to every response and the handshakes to a new connection', () => {
        const shape: NetworkShape = { rttMs: 100, connectRtts: 2, slowStart: false };
        const conn = new ShapedConnection(shape, new Link(undefined), 0, 1000);
        // The request leaves at once but can only travel after the two handshake RTTs; half an RTT each way.
        const arrives = conn.requestArrival(1000);
        assert.equal(arrives, 1250);
        const [first] = conn.schedule(100, arrives);
        assert.equal(first?.at, 1300);
        // Later requests on the open connection pay one RTT.
        assert.equal(conn.requestArrival(2000), 2050);
        assert.equal(conn.schedule(100, 2050)[0]?.at, 2100);
    });

    void it('Should split the link ceiling between connections', () => {
        const shape: NetworkShape = { rttMs: 0, linkBytesPerSecond: 10 * MB, slowStart: false };
        const link = new Link(shape.linkBytesPerSecond);
        const a = new ShapedConnection(shape, link, 0, 0);
        const b = new ShapedConnection(shape, link, 1, 0);
        const slicesA: Slice[] = [];
        const slicesB: Slice[] = [];
        for (let sent = 0; sent < 2 * MiB; sent += 64 * 1024) {
            slicesA.push(...a.schedule(64 * 1024, 0));
            slicesB.push(...b.schedule(64 * 1024, 0));
        }
        const end = Math.max(lastArrival(slicesA), lastArrival(slicesB)) / 1000;
        assert.ok(end >= 0.41, `4 MiB over a 10 MB/s link took ${end} s`);
        // Interleaved: each connection is half done by about half the time, neither waits for the other to finish.
        assert.ok(Math.abs(lastArrival(slicesA) - lastArrival(slicesB)) < 20);
    });

    void it('Should ramp up from the initial window (slow start) and restart it after idle', () => {
        const shape: NetworkShape = { rttMs: 30, connectRtts: 0, connectionBytesPerSecond: 40 * MB };
        const conn = new ShapedConnection(shape, new Link(undefined), 0, 0);
        const first = send(conn, 4 * MiB);
        // The window doubles each RTT from 14 600 bytes to the 1.2 MB that 40 MB/s needs at 30 ms: log2(1.2e6 / 14600)
        // = 6.4 RTTs (191 ms) for the first (1.2e6 - 14600) / ln 2 = 1.71 MB, then the rest at the ceiling.
        const rampMs = 30 * Math.log2((40 * MB * 0.03) / 14_600);
        const rampBytes = (40 * MB * 0.03 - 14_600) / Math.LN2;
        const expected = rampMs + ((4 * MiB - rampBytes) / (40 * MB)) * 1000 + 15;
        assert.ok(Math.abs(lastArrival(first) - expected) < 1, `took ${lastArrival(first)} ms, expected ${expected}`);
        const firstSlice = first[0];
        // The first quarter window (3650 bytes) arrives well within the first RTT after the request.
        assert.equal(firstSlice?.length, 3650);
        const firstMs = 15 + (30 / Math.LN2) * Math.log((14_600 + Math.LN2 * 3650) / 14_600);
        assert.ok(Math.abs(firstSlice.at - firstMs) < 0.01 && firstMs < 25, `${firstSlice.at}`);
        // Idle for 1 s: the next 64 KiB slow-starts again (far slower than 64 KiB at 40 MB/s = 1.6 ms).
        const later = conn.schedule(64 * 1024, 5000);
        assert.ok(lastArrival(later) - 5000 > 60, `after idle: ${lastArrival(later) - 5000} ms`);
    });

    void it('Should draw the same stalls and resets for the same seed and other ones for another seed', () => {
        const run = (seed: number): ShapeEvent[] => {
            const events: ShapeEvent[] = [];
            const shape: NetworkShape = {
                ...(SHAPES.lossy as NetworkShape),
                stalls: { meanBytesBetween: MiB, minMs: 10, maxMs: 50 },
                resets: { meanBytesBetween: 64 * MiB },
                seed,
            };
            for (let ordinal = 0; ordinal < 3; ordinal++) {
                send(new ShapedConnection(shape, new Link(undefined), ordinal, 0, (e) => events.push(e)), 8 * MiB);
            }
            return events;
        };
        const a = run(7);
        assert.ok(a.filter((e) => e.kind === 'stall').length >= 6, JSON.stringify(a));
        assert.deepEqual(run(7), a);
        assert.notDeepEqual(run(8), a);
        // Connections of one run differ from each other too.
        const offsets = (c: number): number[] => a.filter((e) => e.connection === c).map((e) => e.atByte);
        assert.notDeepEqual(offsets(0), offsets(1));
    });

    void it('Should stall for the drawn time and cut the connection at the reset offset', () => {
        const events: ShapeEvent[] = [];
        const shape: NetworkShape = {
            rttMs: 0,
            connectionBytesPerSecond: 100 * MB,
            slowStart: false,
            stalls: { meanBytesBetween: 256 * 1024, minMs: 100, maxMs: 100 },
            resets: { meanBytesBetween: 2 * MiB },
            seed: 3,
        };
        const slices = send(new ShapedConnection(shape, new Link(undefined), 0, 0, (e) => events.push(e)), 64 * MiB);
        const reset = events.find((e) => e.kind === 'reset');
        assert.ok(reset !== undefined);
        assert.equal(slices.at(-1)?.reset, true);
        assert.equal(bytesOf(slices), reset.atByte);
        const stalls = events.filter((e) => e.kind === 'stall');
        const expected = (reset.atByte / (100 * MB)) * 1000 + stalls.length * 100;
        assert.ok(Math.abs(lastArrival(slices) - expected) < 1, `${lastArrival(slices)} vs ${expected}`);
    });

    void it('Should not charge the network for bytes a paused server had ready but this thread read late', () => {
        const shape: NetworkShape = { rttMs: 0, connectionBytesPerSecond: 10 * MB, slowStart: false };
        // 1 MiB written at 0 leaves by ~105 ms; the next MiB is read only at 300 ms (a busy thread).
        const late = new ShapedConnection(shape, new Link(undefined), 0, 0);
        send(late, MiB, 0);
        const idle = lastArrival(late.schedule(MiB, 300));
        assert.ok(idle >= 395, `read late without readyAt: the link idled, the MiB arrived at ${idle} ms`);
        const ready = new ShapedConnection(shape, new Link(undefined), 1, 0);
        send(ready, MiB, 0);
        const caughtUp = lastArrival(ready.schedule(MiB, 300, 50));
        assert.ok(caughtUp < 215, `ready at 50 ms: both MiB left by ${caughtUp} ms, as if read on time`);
        assert.ok(caughtUp >= 209, `and no earlier than the ceiling allows (${caughtUp} ms)`);
    });

    void it('Should name the shapes users meet and leave loopback unshaped', () => {
        assert.equal(resolveShape('loopback'), undefined);
        assert.deepEqual(
            [SHAPES.cdn?.rttMs, SHAPES.cdn?.connectionBytesPerSecond, SHAPES.cdn?.linkBytesPerSecond],
            [30, 40 * MB, 1000 * MB],
        );
        assert.deepEqual([SHAPES.far?.rttMs, SHAPES.far?.connectionBytesPerSecond], [150, 10 * MB]);
        assert.ok(SHAPES.lossy?.stalls !== undefined && SHAPES.lossy.resets !== undefined);
        assert.equal(SHAPES.lossy.connectionBytesPerSecond, SHAPES.cdn?.connectionBytesPerSecond);
    });
});
