/**
 * The resume check of `bench/download.ts` (loopback only): the files host drops the connection at 50 % of the single
 * file (sim `drop` fault), our engine resumes on one stream with `Range`; the figure is bytes the host sent / size.
 */
import type { Simulator } from '../sim/server';
import { oursSingleStream, type BenchCase } from './downloadTools';

export interface ResumeFigure {
    sentBytes: number;
    ratio: number;
    requests: number;
}

export async function resumeAfterDrop(sim: Simulator, c: BenchCase, work: string): Promise<ResumeFigure> {
    const [file] = c.urls;
    if (file === undefined) {
        throw new Error('no file to resume');
    }
    const size = c.bytes;
    const half = Math.floor(size / 2);
    const name = file.path.split('/').at(-1) ?? file.path;
    sim.clearRequests();
    sim.faults.add({
        host: 'files',
        path: new RegExp(name.replace('.', '\\.')),
        times: 1,
        fault: { kind: 'drop', afterBytes: half },
    });
    try {
        await oursSingleStream(c, sim.urls.api, work);
    } finally {
        sim.faults.clear();
    }
    const requests = sim.requests.filter((r) => r.host === 'files');
    // The dropped request sent exactly `half` bytes; each later one sent from its Range start to the end.
    const sentBytes = requests.reduce((sum, r, i) => {
        if (i === 0) {
            return sum + half;
        }
        const start = Number(/bytes=(\d+)-/.exec(r.headers.range ?? '')?.[1] ?? 0);
        return sum + (size - start);
    }, 0);
    return { sentBytes, ratio: sentBytes / size, requests: requests.length };
}
