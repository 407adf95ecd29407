/**
 * A shaping TCP proxy in front of one simulated host: it accepts the client's connection, opens one to the host, and
 * delivers bytes each way when the {@link ShapedConnection} model says they would arrive over a real network. Because
 * it works on connections, not requests, a client that reuses keep-alive connections pays the handshakes once and
 * keeps its slow-start window, and one that opens a connection per file pays them every time, as on a WAN.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { ShapedConnection } from './shape.js';
import type { Link, NetworkShape, ShapeEvent } from './shape.js';

/** A paced server is paused once its departures run this far ahead of the clock. */
const AHEAD_MS = 50;

export interface ShapedProxy {
    port: number;
    origin: string;
    /** Connections accepted so far. */
    connections(): number;
    /** Stalls and resets so far, in the order they were scheduled. */
    events: ShapeEvent[];
    close(): Promise<void>;
}

type Item = { at: number; data: Buffer } | { at: number; end: true } | { at: number; reset: true };

/** Bytes waiting to be written to one socket at their arrival times (kept in order; times never decrease). */
class DelayLine {
    private readonly items: Item[] = [];
    private timer: NodeJS.Timeout | undefined;
    private blocked = false;
    private closed = false;

    constructor(
        private readonly sink: net.Socket,
        private readonly now: () => number,
        private readonly onFlushed: () => void,
    ) {}

    push(item: Item): void {
        if (!this.closed) {
            this.items.push(item);
            this.arm();
        }
    }

    close(): void {
        this.closed = true;
        this.items.length = 0;
        clearTimeout(this.timer);
        this.timer = undefined;
    }

    private arm(): void {
        const head = this.items[0];
        if (this.timer !== undefined || this.blocked || head === undefined) {
            return;
        }
        this.timer = setTimeout(() => this.flush(), Math.max(0, head.at - this.now()));
    }

    private flush(): void {
        this.timer = undefined;
        const now = this.now();
        let head = this.items[0];
        while (head !== undefined && head.at <= now + 1 && !this.closed) {
            this.items.shift();
            if ('reset' in head) {
                this.sink.resetAndDestroy();
                this.close();
                return;
            }
            if ('end' in head) {
                this.sink.end();
            } else if (!this.sink.write(head.data)) {
                this.blocked = true;
                this.sink.once('drain', () => {
                    this.blocked = false;
                    this.arm();
                });
                break;
            }
            head = this.items[0];
        }
        this.onFlushed();
        this.arm();
    }
}

/**
 * Listens on 127.0.0.1:`port` (0 = any free port) and forwards every connection to 127.0.0.1:`targetPort` through the
 * shape. `link` is shared with the other shaped origins of the same simulator.
 */
export async function startShapedProxy(
    targetPort: number,
    shape: NetworkShape,
    link: Link,
    port = 0,
): Promise<ShapedProxy> {
    const now = (): number => performance.now();
    const events: ShapeEvent[] = [];
    const sockets = new Set<net.Socket>();
    let accepted = 0;
    const server = net.createServer({ allowHalfOpen: true }, (client) => {
        const upstream = net.connect({ port: targetPort, host: '127.0.0.1', allowHalfOpen: true });
        sockets.add(client).add(upstream);
        client.setNoDelay(true);
        upstream.setNoDelay(true);
        const connection = new ShapedConnection(shape, link, accepted++, now(), (e) => events.push(e));
        let wake: NodeJS.Timeout | undefined;
        // Set when this proxy resumed a server it had paused (it had bytes ready), cleared by the next request: bytes
        // read late after a resume left on time in the model, so a busy machine does not slow the shape down.
        let readyAt: number | undefined;
        // Resumes the server once the paced departures are near; a stall can pause it with nothing queued, so a
        // timer (not only the next delivery) checks again.
        const resumeIfCaughtUp = (): void => {
            clearTimeout(wake);
            wake = undefined;
            const ahead = connection.ahead(now());
            if (!upstream.isPaused() || upstream.destroyed) {
                return;
            }
            if (ahead < AHEAD_MS) {
                readyAt = now();
                upstream.resume();
            } else {
                wake = setTimeout(resumeIfCaughtUp, ahead - AHEAD_MS + 1);
            }
        };
        const toClient = new DelayLine(client, now, resumeIfCaughtUp);
        const toServer = new DelayLine(upstream, now, () => undefined);
        client.on('data', (data: Buffer) => {
            readyAt = undefined;
            toServer.push({ at: connection.requestArrival(now()), data });
        });
        client.on('end', () => toServer.push({ at: connection.requestArrival(now()), end: true }));
        upstream.on('data', (data: Buffer) => {
            const t = now();
            for (const slice of connection.schedule(data.length, t, readyAt)) {
                if (slice.reset) {
                    toClient.push({ at: slice.at, reset: true });
                    upstream.destroy();
                    return;
                }
                toClient.push({ at: slice.at, data: data.subarray(slice.offset, slice.offset + slice.length) });
            }
            if (connection.ahead(t) > AHEAD_MS) {
                upstream.pause();
                resumeIfCaughtUp();
            }
        });
        upstream.on('end', () => toClient.push({ at: connection.endArrival(now()), end: true }));
        // The host cut the connection (a sim `drop` fault): the client sees it after the bytes already on the way.
        upstream.on('error', () => toClient.push({ at: connection.endArrival(now()), reset: true }));
        const finish = (): void => {
            clearTimeout(wake);
            toClient.close();
            toServer.close();
            client.destroy();
            upstream.destroy();
            sockets.delete(client);
            sockets.delete(upstream);
        };
        client.on('close', finish);
        client.on('error', finish);
        upstream.on('close', () => {
            if (!upstream.readableEnded) {
                toClient.push({ at: connection.endArrival(now()), reset: true });
            }
        });
    });
    await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address() as AddressInfo;
    return {
        port: address.port,
        origin: `http://127.0.0.1:${address.port}`,
        connections: () => accepted,
        events,
        close: () =>
            new Promise<void>((resolve) => {
                server.close(() => resolve());
                for (const socket of sockets) {
                    socket.destroy();
                }
            }),
    };
}
