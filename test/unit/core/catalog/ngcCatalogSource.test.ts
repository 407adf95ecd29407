import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NgcCatalogSource } from '../../../../src/core/catalog/ngcCatalogSource';
import type { CatalogRef } from '../../../../src/core/ngc/artifactRef';
import { nullLog } from '../../../../src/core/lib/log';
import { fakeNgc } from '../ngc/fakeNgc';

const D = (c: string) => `sha256:${c.repeat(64)}`;
const image = (tag: string, month: number) => ({
    tag,
    size: 1024 * month,
    updatedDate: `2025-${String(month).padStart(2, '0')}-01T00:00:00Z`,
    isSigned: month % 2 === 0,
    architectureVariants: [{ os: 'linux', architecture: 'amd64', digest: D(String(month % 10)) }],
});
/** 120 tags in no useful order, plus their cosign signature tags, over two NGC pages. */
const images = [
    ...Array.from({ length: 60 }, (_, i) => image(`a-${i}`, (i % 12) + 1)),
    { tag: `sha256-${'e'.repeat(64)}.sig`, updatedDate: '2026-01-01T00:00:00Z', architectureVariants: [] },
    ...Array.from({ length: 60 }, (_, i) => image(`b-${i}`, ((i + 5) % 12) + 1)),
];

describe('NgcCatalogSource tags (unit)', () => {
    let ngc: Awaited<ReturnType<typeof fakeNgc>>;
    let imageRequests = 0;
    before(async () => {
        ngc = await fakeNgc([
            (url) => {
                if (url.pathname !== '/v2/repos/nvidia/pytorch/images') {
                    return undefined;
                }
                imageRequests++;
                const size = Number(url.searchParams.get('page-size'));
                const page = Number(url.searchParams.get('page-number'));
                return {
                    body: {
                        images: images.slice(page * size, (page + 1) * size),
                        paginationInfo: { totalPages: Math.ceil(images.length / size), totalResults: images.length },
                    },
                };
            },
        ]);
    });
    after(() => ngc.close());

    it('Should page one newest-first snapshot without cosign tags, so the views never sort or filter again', async () => {
        const source = new NgcCatalogSource(ngc.client(), nullLog);
        const ref: CatalogRef = { kind: 'container', org: 'nvidia', name: 'pytorch' };
        const pages = [];
        for (let n = 0; ; n++) {
            const page = await source.tags(ref, n);
            pages.push(page);
            if (!page.hasMore) {
                break;
            }
        }
        const all = pages.flatMap((p) => p.items);
        assert.equal(pages.length, 3, '120 tags in pages of 50');
        assert.equal(all.length, 120);
        assert.ok(all.every((t) => !t.tag.endsWith('.sig')));
        const times = all.map((t) => Date.parse(t.updatedDate ?? ''));
        assert.deepEqual(
            times,
            [...times].sort((a, b) => b - a),
            'newest first across page boundaries',
        );
        assert.deepEqual(all[0]?.platforms, [{ os: 'linux', architecture: 'amd64', digest: D('2') }]);
        assert.equal(imageRequests, 2, 'later pages come from the snapshot, not from NGC');
    });
});
