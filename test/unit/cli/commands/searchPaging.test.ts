import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../../src/cli/main';
import { hostileEnv } from '../../../builders/hostileClients';
import { cappedSearch } from '../../../builders/hostileReplies';
import { startHostileServer, type HostileServer } from '../../../builders/hostileServer';
import { captureOutput } from '../../../helpers/commandRunner';

const hits = Array.from({ length: 23 }, (_, i) => ({
    resourceId: `acme/model-${String(i).padStart(2, '0')}`,
    name: `model-${String(i).padStart(2, '0')}`,
    displayName: `Model ${i}`,
    attributes: [],
    labels: [],
}));

async function run(server: HostileServer, args: string[]) {
    const io = captureOutput();
    const code = await main(args, io, hostileEnv(server));
    return { code, stdout: io.out, stderr: io.err };
}

describe('search --limit against a capped search (unit, hostile server)', () => {
    let server: HostileServer;
    before(async () => {
        server = await startHostileServer();
        server.on('GET', '/v2/search/catalog/resources/MODEL', cappedSearch('MODEL', hits, 5, 'requestedSize'));
    });
    after(() => server.close());

    it('Should return min(limit, total) hits, reading as many capped pages as that takes', async () => {
        const twelve = await run(server, ['search', 'model', '--type', 'model', '--limit', '12', '--json']);
        assert.equal(twelve.code, 0, twelve.stderr);
        const doc = JSON.parse(twelve.stdout) as { results: { name: string }[]; totals: Record<string, number> };
        assert.equal(doc.results.length, 12);
        assert.equal(new Set(doc.results.map((r) => r.name)).size, 12, 'no hit twice');
        assert.equal(doc.totals['model'], 23);
        const all = await run(server, ['search', 'model', '--type', 'model', '--limit', '100', '--json']);
        assert.equal((JSON.parse(all.stdout) as { results: unknown[] }).results.length, 23);
    });

    it('Should print min(limit, total) rows in the table and say how many exist', async () => {
        const result = await run(server, ['search', 'model', '--type', 'model', '--limit', '8']);
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.stdout.trim().split('\n').length, 1 + 8, 'header and 8 rows');
        assert.match(result.stderr, /model: showing 8 of 23/);
    });
});
