import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildDetailsModel, loadNextPage, tagRows, versionRows } from '../../../../src/extension/details/detailsModel';
import type { CatalogSource, ImageTag } from '../../../../src/core/catalog/catalogSource';
import type { CatalogRef } from '../../../../src/core/ngc/artifactRef';
import { hostMessageSchema } from '../../../../src/protocol/details';
import type { TagVerification } from '../../../../src/extension/tree/nodes';

const D = (c: string) => `sha256:${c.repeat(64)}`;
const ref: CatalogRef = { kind: 'container', org: 'nvidia', name: 'badsig' };
const tag = (name: string, day: number, signed = true): ImageTag => ({
    tag: name,
    signed,
    updatedDate: new Date(Date.UTC(2025, 0, day)).toISOString(),
    platforms: [{ os: 'linux', architecture: 'amd64', digest: D('a') }],
});

function fakeSource(pages: ImageTag[][]): CatalogSource & { pagesAsked: number[] } {
    const pagesAsked: number[] = [];
    return {
        pagesAsked,
        identity: async () => undefined,
        teams: async () => [],
        artifacts: async () => ({ items: [], page: 0, hasMore: false }),
        tags: async (_ref, n) => {
            pagesAsked.push(n);
            return { items: pages[n] ?? [], page: n, hasMore: n + 1 < pages.length };
        },
        versions: async () => ({ items: [], page: 0, hasMore: false }),
        files: async () => [],
        details: async (r) => ({
            ...r,
            displayName: 'Bad signature',
            signed: true,
            latest: '2.0',
            labels: [],
            productNames: [],
        }),
        search: async () => ({ items: [], page: 0, hasMore: false }),
    };
}

describe('details model: paging and signature state (unit)', () => {
    it('Should build the first page and say more exist', async () => {
        const source = fakeSource([[tag('2.0', 2)], [tag('1.0', 1)]]);
        const { model, listing } = await buildDetailsModel(source, ref, 'nvcr.io', undefined);
        assert.deepEqual(
            model.tags.map((t) => t.tag),
            ['2.0'],
        );
        assert.equal(model.more, true);
        assert.equal(listing.nextPage, 1);
        assert.ok(
            hostMessageSchema.safeParse({ type: 'host/state', model }).success,
            'the model passes the protocol schema',
        );
    });

    it('Should append the next page without duplicates, in the source order, and stop when there is no more', async () => {
        const source = fakeSource([
            [tag('3.0', 30), tag('1.5', 15)],
            [tag('1.5', 15), tag('2.0', 2), tag('1.0', 1)],
        ]);
        const { listing } = await buildDetailsModel(source, ref, 'nvcr.io');
        const next = await loadNextPage(source, ref, listing);
        assert.deepEqual(
            next.tags.map((t) => t.tag),
            ['3.0', '1.5', '2.0', '1.0'],
        );
        assert.equal(next.nextPage, undefined);
        assert.equal(await loadNextPage(source, ref, next), next, 'nothing more to load: no request');
        assert.deepEqual(source.pagesAsked, [0, 1]);
    });

    it('Should attach this session’s signature checks to the rows and drop missing or non-sha256 digests', () => {
        const verifications = new Map<string, TagVerification>([
            ['2.0', { state: 'invalid', digest: D('b'), summary: 'signature does not verify' }],
        ]);
        const odd: ImageTag = {
            ...tag('1.0', 1),
            platforms: [
                { os: 'linux', architecture: 'amd64', digest: 'md5:xyz' },
                { os: 'linux', architecture: 'arm64' },
                { os: 'linux', architecture: 'arm64', digest: D('c') },
            ],
        };
        const rows = tagRows(ref, [tag('2.0', 2), odd], (_r, t) => verifications.get(t));
        assert.deepEqual(
            rows.map((r) => r.tag),
            ['2.0', '1.0'],
        );
        assert.deepEqual(rows[0]?.verification, {
            state: 'invalid',
            digest: D('b'),
            summary: 'signature does not verify',
        });
        assert.equal(rows[1]?.verification, undefined);
        assert.deepEqual(
            rows[1]?.platforms.map((p) => p.digest),
            [D('c')],
        );
        assert.ok(hostMessageSchema.safeParse({ type: 'host/rows', tags: rows, versions: [], more: false }).success);
    });

    it('Should show a model version’s signature check of this session beside the API flag, for models only', () => {
        const model: CatalogRef = { kind: 'model', org: 'nvidia', name: 'signed-detector' };
        const versions = [
            { version: '1.1', signed: true },
            { version: '1.0', signed: true },
            { version: '0.9', signed: false },
        ];
        const asked: string[] = [];
        const rows = versionRows(model, versions, (r, v) => {
            asked.push(`${r.name}:${v}`);
            return v === '1.1'
                ? { state: 'verified', summary: 'signature verified (3 files)' }
                : v === '1.0'
                  ? { state: 'failed', summary: 'fileDigest (model.safetensors)' }
                  : undefined;
        });
        assert.deepEqual(rows, [
            {
                version: '1.1',
                signed: true,
                verification: { state: 'verified', summary: 'signature verified (3 files)' },
            },
            {
                version: '1.0',
                signed: true,
                verification: { state: 'failed', summary: 'fileDigest (model.safetensors)' },
            },
            { version: '0.9', signed: false },
        ]);
        assert.deepEqual(asked, ['signed-detector:1.1', 'signed-detector:1.0', 'signed-detector:0.9']);
        const resource: CatalogRef = { kind: 'resource', org: 'nvidia', name: 'signed-detector' };
        assert.deepEqual(
            versionRows(resource, versions, () => ({ state: 'verified', summary: 'x' })),
            versions,
            'resources are not model-signed: no verdict shown',
        );
    });
});
