import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { searchCatalog, typedAttributes } from '../../../../src/core/ngc/search';
import { rolesOf } from '../../../../src/core/ngc/identity';
import { callerInfoSchema } from '../../../../src/core/ngc/schemas/user';
import { aCallerInfo, aSearchResource, aSearchResponse } from '../../../builders/ngcResponses';
import { fakeNgc } from './fakeNgc';

describe('search attributes (unit)', () => {
    it('Should turn string booleans and known numeric keys into typed values and leave the rest', () => {
        assert.deepEqual(
            typedAttributes([
                { key: 'size', value: '6835134649' },
                { key: 'hasSignedTag', value: 'true' },
                { key: 'oneClickDeploy', value: 'false' },
                { key: 'latestTag', value: '1.2' },
                { key: 'latestVersionSizeInBytes', value: 'n/a' },
                { key: 'weird', value: { nested: true } },
            ]),
            {
                size: 6835134649,
                hasSignedTag: true,
                oneClickDeploy: false,
                latestTag: '1.2',
                latestVersionSizeInBytes: 'n/a',
            },
        );
    });
});

describe('searchCatalog over a fake API (unit)', () => {
    let ngc: Awaited<ReturnType<typeof fakeNgc>>;
    before(async () => {
        ngc = await fakeNgc([
            (url) =>
                url.pathname.startsWith('/v2/search/')
                    ? {
                          body: aSearchResponse(url.pathname.split('/').at(-1) ?? '', [
                              aSearchResource(),
                              aSearchResource({
                                  resourceId: 'nvidia/tao/tao-toolkit',
                                  teamName: 'tao',
                                  name: 'tao-toolkit',
                                  attributes: [],
                              }),
                          ]),
                      }
                    : undefined,
        ]);
    });
    after(() => ngc.close());

    it('Should use the guest path without a key and send q as JSON with a 0-based page', async () => {
        const result = await searchCatalog(ngc.client(), 'container', 'pytorch', { page: 0, pageSize: 5 });
        const seen = ngc.server.requests.at(-1);
        const url = new URL(seen?.url ?? '', 'http://x');
        assert.equal(url.pathname, '/v2/search/catalog/resources/CONTAINER');
        assert.equal(seen?.headers.authorization, undefined);
        assert.deepEqual(JSON.parse(url.searchParams.get('q') ?? ''), {
            query: 'pytorch',
            page: 0,
            pageSize: 5,
            orderBy: [{ field: 'score', value: 'DESC' }],
            queryFields: ['name', 'displayName', 'description', 'all'],
        });
        assert.equal(result.total, 2);
    });

    it('Should use the authenticated path with a key and map helm-chart to HELM_CHART', async () => {
        await searchCatalog(ngc.client('nvapi-x'), 'helm-chart', '');
        const url = new URL(ngc.server.requests.at(-1)?.url ?? '', 'http://x');
        assert.equal(url.pathname, '/v2/search/resources/HELM_CHART');
        assert.equal(JSON.parse(url.searchParams.get('q') ?? '').query, '*:*');
    });

    it('Should ignore the _scored group and lift typed attributes into the hit', async () => {
        const result = await searchCatalog(ngc.client(), 'container', 'x');
        assert.deepEqual(
            result.hits.map((h) => h.name),
            ['pytorch', 'tao-toolkit'],
        );
        const [first, second] = result.hits;
        assert.equal(first?.latest, '25.03-py3');
        assert.equal(first?.sizeInBytes, 6835134649);
        assert.equal(first?.signed, true);
        assert.equal(first?.updated, '2025-03-20T10:00:00.000Z');
        assert.equal(first?.org, 'nvidia');
        assert.equal(second?.team, 'tao');
        assert.equal(second?.signed, true, 'falls back to the hasSignedTag label');
        assert.equal(second?.updated, '2025-03-21T10:00:00.000Z', 'falls back to dateModified');
    });
});

describe('caller info roles (unit)', () => {
    it('Should flatten roles, treating an empty team object as no team', () => {
        const info = callerInfoSchema.parse(aCallerInfo());
        assert.deepEqual(rolesOf(info.user?.roles ?? []), [
            { org: 'acme', roles: ['REGISTRY_READ'] },
            { org: 'acme', team: 'vision', roles: ['REGISTRY_USER'] },
            { org: 'nvidia', roles: ['REGISTRY-READ'] },
        ]);
    });

    it('Should accept a service key with user null', () => {
        const info = callerInfoSchema.parse(aCallerInfo('SERVICE_KEY'));
        assert.equal(info.user, null);
        assert.equal(info.type, 'SERVICE_KEY');
    });
});
