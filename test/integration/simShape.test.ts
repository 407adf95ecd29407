/**
 * (integration) The simulator's network shapes on real sockets: a body takes what its ceiling says, every response
 * waits a round trip (a new connection its handshakes too), connections split a link ceiling, the same seed stalls
 * the same way, the registry is shaped like the files host, and the engine completes a lossy download byte-exact.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Agent, request } from 'undici';
import { downloadPlan } from '../../src/core/transfer/download';
import { planDownload } from '../../src/core/transfer/plan';
import net from 'node:net';
import { Link, SHAPES, ShapedConnection } from '../../sim/core/shape';
import { startShapedProxy } from '../../sim/core/shapeProxy';
import type { NetworkShape, ShapeEvent } from '../../sim/core/shape';
import { startSimulator } from '../../sim/server';
import type { Simulator } from '../../sim/server';
import { simNgcClient } from './ngcHelpers';

const MiB = 1024 * 1024;
const MB = 1e6;
/** bench-model's `chunks/part-02.bin` is 4.5 MiB: enough for a 4 MiB range. */
const BENCH_FILE = '/v2/models/nvidia/bench-model/versions/1.0/files/chunks/part-02.bin';

let reference: Simulator;
const opened: Simulator[] = [];
const agents: Agent[] = [];

async function shaped(shape: NetworkShape): Promise<Simulator> {
    const sim = await startSimulator({ benchData: true, shape });
    opened.push(sim);
    return sim;
}

function agent(connections?: number): Agent {
    const a = new Agent({ keepAliveTimeout: 10_000, ...(connections === undefined ? {} : { connections }) });
    agents.push(a);
    return a;
}

async function presigned(sim: Simulator): Promise<string> {
    const r = await fetch(sim.urls.api + BENCH_FILE, { redirect: 'manual' });
    return r.headers.get('location') ?? '';
}

/** GETs `url` (optionally a byte range): seconds to the headers and to the last byte, and the body's SHA-256. */
async function timedGet(url: string, dispatcher: Agent, range?: string) {
    const started = performance.now();
    const res = await request(url, { dispatcher, headers: range === undefined ? {} : { range } });
    const headersAt = (performance.now() - started) / 1000;
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of res.body) {
        hash.update(chunk as Buffer);
        bytes += (chunk as Buffer).length;
    }
    return {
        status: res.statusCode,
        headersAt,
        seconds: (performance.now() - started) / 1000,
        bytes,
        sha: hash.digest('hex'),
    };
}

const FOUR_MIB = `bytes=0-${4 * MiB - 1}`;

void describe('(integration) simulator network shapes', () => {
    before(async () => {
        reference = await startSimulator({ benchData: true });
    });
    after(async () => {
        await Promise.all(agents.map((a) => a.close()));
        await Promise.all([reference, ...opened].map((s) => s.close()));
    });

    void it('Should take at least 0.4 s for a 4 MiB body at 10 MB/s, byte-exact', async () => {
        const sim = await shaped({ rttMs: 0, connectionBytesPerSecond: 10 * MB, slowStart: false });
        const want = await timedGet(await presigned(reference), agent(), FOUR_MIB);
        const got = await timedGet(await presigned(sim), agent(), FOUR_MIB);
        assert.equal(got.status, 206);
        assert.equal(got.bytes, 4 * MiB);
        assert.equal(got.sha, want.sha);
        assert.ok(got.seconds >= 0.4, `took ${got.seconds} s`);
        assert.ok(got.seconds < 3, `took ${got.seconds} s`);
    });

    void it('Should make a new connection pay its handshakes and every request one RTT', async () => {
        const sim = await shaped({ rttMs: 100, connectRtts: 2, slowStart: false });
        const url = await presigned(sim);
        const one = agent(1);
        const first = await timedGet(url, one, 'bytes=0-1023');
        const second = await timedGet(url, one, 'bytes=1024-2047');
        assert.equal(sim.network.connections(), 1, 'the second request reused the connection');
        assert.ok(first.headersAt >= 0.3, `first response after ${first.headersAt} s (2 handshakes + 1 RTT)`);
        assert.ok(second.headersAt >= 0.1, `second response after ${second.headersAt} s (1 RTT)`);
        assert.ok(second.headersAt < first.headersAt);
    });

    void it('Should split the link ceiling between two connections', async () => {
        const sim = await shaped({ rttMs: 0, linkBytesPerSecond: 10 * MB, slowStart: false });
        const url = await presigned(sim);
        const [a, b] = await Promise.all([
            timedGet(url, agent(), `bytes=0-${2 * MiB - 1}`),
            timedGet(url, agent(), `bytes=${2 * MiB}-${4 * MiB - 1}`),
        ]);
        assert.equal(sim.network.connections(), 2);
        assert.equal(a.bytes + b.bytes, 4 * MiB);
        // 4 MiB through a 10 MB/s link take 0.42 s however they are split: the later one cannot end sooner. Alone,
        // 2 MiB take 0.21 s; sharing, neither gets there (how evenly they share depends on when the simulator's busy
        // thread reads each socket: one ended at 0.37 s in a loaded CI run, the other at 0.42 s).
        const [early, late] = [a.seconds, b.seconds].sort((x, y) => x - y) as [number, number];
        assert.ok(late >= 0.4, `the link was not exceeded: ${a.seconds} s and ${b.seconds} s`);
        assert.ok(early >= 0.3, `neither had the link alone: ${a.seconds} s and ${b.seconds} s`);
    });

    void it('Should stall at the same offsets for the same seed, and elsewhere for another seed', async () => {
        const stalls = async (seed: number): Promise<ShapeEvent[]> => {
            const sim = await shaped({
                rttMs: 0,
                connectionBytesPerSecond: 100 * MB,
                slowStart: false,
                stalls: { meanBytesBetween: 512 * 1024, minMs: 20, maxMs: 40 },
                seed,
            });
            const got = await timedGet(await presigned(sim), agent(), FOUR_MIB);
            assert.equal(got.bytes, 4 * MiB);
            const events = sim.network.events();
            const stalled = events.reduce((sum, e) => sum + (e.ms ?? 0), 0) / 1000;
            assert.ok(got.seconds >= (4 * MiB) / (100 * MB) + stalled, `${got.seconds} s with ${stalled} s of stalls`);
            return events;
        };
        const a = await stalls(7);
        assert.ok(a.length >= 3, JSON.stringify(a));
        assert.deepEqual(await stalls(7), a);
        assert.notDeepEqual(await stalls(8), a);
    });

    void it('Should resume a server paused by a stall that falls exactly at the end of what it wrote', async () => {
        const shape: NetworkShape = {
            rttMs: 0,
            slowStart: false,
            stalls: { meanBytesBetween: 64 * 1024, minMs: 200, maxMs: 200 },
            seed: 11,
        };
        // Where connection 0's first stall falls, from the model itself.
        const events: ShapeEvent[] = [];
        new ShapedConnection(shape, new Link(undefined), 0, 0, (e) => events.push(e)).schedule(4 * MiB, 0);
        const first = events[0]?.atByte ?? 0;
        assert.ok(first > 0);
        const server = net.createServer((socket) => {
            socket.write(Buffer.alloc(first, 1));
            setTimeout(() => socket.end(Buffer.alloc(1000, 2)), 50);
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const proxy = await startShapedProxy((server.address() as net.AddressInfo).port, shape, new Link(undefined));
        try {
            const started = performance.now();
            const received = await new Promise<number>((resolve, reject) => {
                let bytes = 0;
                const client = net.connect(proxy.port, '127.0.0.1');
                client.on('data', (d: Buffer) => (bytes += d.length));
                client.on('end', () => resolve(bytes));
                client.on('error', reject);
                setTimeout(() => reject(new Error(`stuck after ${bytes} bytes`)), 5000).unref();
            });
            assert.equal(received, first + 1000);
            assert.ok(performance.now() - started >= 200, 'the stall was served');
        } finally {
            await proxy.close();
            await new Promise((resolve) => server.close(resolve));
        }
    });

    void it('Should shape the registry origin too', async () => {
        const sim = await shaped({ rttMs: 100, connectRtts: 1, slowStart: false });
        const got = await timedGet(`http://${sim.urls.registry}/v2/`, agent());
        assert.equal(got.status, 401);
        assert.ok(got.headersAt >= 0.2, `registry answered after ${got.headersAt} s`);
        assert.ok(sim.requests.some((r) => r.host === 'registry' && r.url === '/v2/'));
    });

    void it('Should download a model byte-exact under lossy with resets and stalls made frequent', async () => {
        const shape: NetworkShape = {
            ...(SHAPES.lossy as NetworkShape),
            stalls: { meanBytesBetween: 512 * 1024, minMs: 50, maxMs: 200 },
            resets: { meanBytesBetween: 1 * MiB },
            seed: 5,
        };
        const sim = await startSimulator({ shape });
        opened.push(sim);
        const dest = await mkdtemp(path.join(os.tmpdir(), 'ngc-shape-'));
        try {
            const client = simNgcClient(sim, agent());
            const plan = await planDownload(client, {
                kind: 'model',
                ref: { org: 'nvidia', team: 'tao', name: 'peoplenet' },
                version: '2.6.1',
                dest,
            });
            const result = await downloadPlan(plan, { client, stateDir: path.join(dest, '.state') });
            assert.ok(
                result.files.every((f) => f.status === 'downloaded'),
                JSON.stringify(result.files),
            );
            assert.equal(result.summary.bytes, plan.totalBytes);
            const events = sim.network.events();
            assert.ok(
                events.some((e) => e.kind === 'reset'),
                'at least one connection was reset',
            );
            assert.ok(
                events.some((e) => e.kind === 'stall'),
                'at least one stall',
            );
            // Byte-exact: each file's bytes hash to what the loopback simulator serves for it.
            const file = plan.files.find((f) => f.path === 'resnet34_peoplenet.tlt');
            assert.ok(file?.sha256Base64 !== undefined);
            const bytes = await readFile(path.join(plan.destination, file.path));
            assert.equal(createHash('sha256').update(bytes).digest('base64'), file.sha256Base64);
        } finally {
            await rm(dest, { recursive: true, force: true });
        }
    });
});
