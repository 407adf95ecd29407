import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { listFiles, listVersions } from '../../../../src/core/ngc/artifacts';
import { listRepos, listTags } from '../../../../src/core/ngc/repos';
import { listOrgs, listTeams } from '../../../../src/core/ngc/users';
import { hostileNgcClient } from '../../../builders/hostileClients';
import { cappedList, type PagingReport } from '../../../builders/hostileReplies';
import { startHostileServer, type HostileServer } from '../../../builders/hostileServer';

const REPORTS: PagingReport[] = ['honest', 'requestedSize', 'totalsOnly', 'none'];
const CAP = 7;
const TOTAL = 30;

const named = (i: number) => ({ name: `item-${String(i).padStart(2, '0')}` });
const items = Array.from({ length: TOTAL }, (_, i) => i);

describe('paging under a server-side page-size cap (unit, hostile server)', () => {
    let server: HostileServer;
    let ngc: ReturnType<typeof hostileNgcClient>;
    before(async () => {
        server = await startHostileServer();
        ngc = hostileNgcClient(server, { apiKey: 'nvapi-paging-test-key' });
    });
    afterEach(() => server.reset());
    after(async () => {
        await ngc.close();
        await server.close();
    });

    for (const report of REPORTS) {
        it(`Should read every tag when the server serves ${CAP} per page and reports paging "${report}"`, async () => {
            const images = items.map((i) => ({
                tag: `t${i}`,
                updatedDate: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
                architectureVariants: [],
            }));
            server.on('GET', '/v2/org/acme/repos/app/images', cappedList('images', images, CAP, report));
            const tags = await listTags(ngc.client, { org: 'acme', name: 'app' });
            assert.equal(tags.length, TOTAL);
            assert.equal(new Set(tags.map((t) => t.tag)).size, TOTAL, 'no tag twice');
        });

        it(`Should read every version and every file under a cap of ${CAP} reported "${report}"`, async () => {
            const versions = items.map((i) => ({
                versionId: `1.${i}`,
                createdDate: `2025-01-01T00:${String(i).padStart(2, '0')}:00Z`,
            }));
            const files = items.map((i) => ({ path: `f${i}.bin`, sizeInBytes: i + 1 }));
            server.on('GET', '/v2/org/acme/models/m/versions', cappedList('modelVersions', versions, CAP, report));
            server.on('GET', '/v2/org/acme/models/m/versions/1.0/files', cappedList('modelFiles', files, CAP, report));
            const ref = { org: 'acme', name: 'm' };
            assert.equal((await listVersions(ngc.client, 'model', ref)).length, TOTAL);
            assert.equal((await listFiles(ngc.client, 'model', ref, '1.0')).length, TOTAL);
        });

        it(`Should read every org, team and repository under a cap of ${CAP} reported "${report}"`, async () => {
            server.on('GET', '/v2/orgs', cappedList('organizations', items.map(named), CAP, report));
            server.on('GET', '/v2/org/acme/teams', cappedList('teams', items.map(named), CAP, report));
            server.on('GET', '/v2/org/acme/repos', cappedList('repositories', items.map(named), CAP, report));
            assert.equal((await listOrgs(ngc.client)).length, TOTAL);
            assert.equal((await listTeams(ngc.client, 'acme')).length, TOTAL);
            assert.equal((await listRepos(ngc.client, { org: 'acme' })).length, TOTAL);
        });
    }

    it('Should stop at an empty page when the server reports more results than it has', async () => {
        const lying = cappedList(
            'images',
            items.slice(0, 10).map((i) => ({ tag: `t${i}` })),
            CAP,
            'none',
        );
        server.on('GET', '/v2/org/acme/repos/app/images', (req, res) => {
            const page = Number(req.query.get('page-number'));
            if (page >= 2) {
                res.writeHead(200, { 'content-type': 'application/json' });
                res.end(JSON.stringify({ images: [], paginationInfo: { totalResults: 1_000_000 } }));
                return;
            }
            return lying(req, res);
        });
        const before = server.requests.length;
        const tags = await listTags(ngc.client, { org: 'acme', name: 'app' });
        assert.equal(tags.length, 10);
        assert.ok(server.requests.length - before <= 3, `bounded requests: ${server.requests.length - before}`);
    });
});
