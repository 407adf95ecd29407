import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ArtifactKind, CatalogSource } from '../../../../src/core/catalog/catalogSource';
import { NgcCatalogSource } from '../../../../src/core/catalog/ngcCatalogSource';
import { nullLog } from '../../../../src/core/lib/log';
import { hostileNgcClient } from '../../../builders/hostileClients';
import { cappedList, cappedSearch } from '../../../builders/hostileReplies';
import { startHostileServer, type HostileServer } from '../../../builders/hostileServer';

/** Pages through one tree listing the way "Load more" does, until the source says there is no more. */
async function loadAll(source: CatalogSource, kind: ArtifactKind): Promise<{ names: string[]; pages: number }> {
    const names: string[] = [];
    let page = 0;
    for (let more = true; more && page < 50; page++) {
        const result = await source.artifacts({ org: 'acme' }, kind, page);
        names.push(...result.items.map((i) => i.name));
        more = result.hasMore;
    }
    return { names, pages: page };
}

describe('the tree\'s "Load more" under a page-size cap (unit, hostile server)', () => {
    let server: HostileServer;
    let ngc: ReturnType<typeof hostileNgcClient>;
    before(async () => {
        server = await startHostileServer();
        ngc = hostileNgcClient(server, { apiKey: 'nvapi-tree-paging-key' });
        const repos = Array.from({ length: 60 }, (_, i) => ({ name: `repo-${i}`, orgName: 'acme' }));
        server.on('GET', '/v2/org/acme/repos', cappedList('repositories', repos, 25, 'requestedSize'));
        const models = Array.from({ length: 60 }, (_, i) => ({
            resourceId: `acme/model-${i}`,
            orgName: 'acme',
            name: `model-${i}`,
            attributes: [],
            labels: [],
        }));
        server.on('GET', '/v2/search/resources/MODEL', cappedSearch('MODEL', models, 25, 'requestedSize'));
    });
    after(async () => {
        await ngc.close();
        await server.close();
    });

    it('Should offer "Load more" until every repository is shown when the server serves 25 of the 50 asked for', async () => {
        const { names, pages } = await loadAll(new NgcCatalogSource(ngc.client, nullLog), 'container');
        assert.equal(names.length, 60);
        assert.equal(new Set(names).size, 60);
        assert.equal(pages, 3);
    });

    it('Should offer "Load more" until every model is shown when the search serves 25 of the 50 asked for', async () => {
        const { names, pages } = await loadAll(new NgcCatalogSource(ngc.client, nullLog), 'model');
        assert.equal(names.length, 60);
        assert.equal(new Set(names).size, 60);
        assert.equal(pages, 3);
    });
});
