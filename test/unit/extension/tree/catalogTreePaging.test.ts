import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CatalogTreeModel } from '../../../../src/extension/tree/catalogTreeModel';
import type { CatalogSource, ImageTag, VersionInfo } from '../../../../src/core/catalog/catalogSource';
import type { CatalogNode } from '../../../../src/extension/tree/nodes';

/** A repo whose tags come in the given pages, and a model whose versions do (pages may overlap). */
function source(tagPages: ImageTag[][], versionPages: VersionInfo[][] = []): CatalogSource {
    const page = <T>(pages: T[][], n: number) => ({ items: pages[n] ?? [], page: n, hasMore: n + 1 < pages.length });
    return {
        identity: async () => undefined,
        teams: async () => [],
        artifacts: async (_scope, kind, n) => ({
            items: [{ kind, org: 'nvidia', name: `${kind}-repo` }],
            page: n,
            hasMore: false,
        }),
        tags: async (_ref, n) => page(tagPages, n),
        versions: async (_ref, n) => page(versionPages, n),
        files: async () => [],
        details: async () => {
            throw new Error('unused');
        },
        search: async () => ({ items: [], page: 0, hasMore: false }),
    };
}

const diagnose = () => ({ cause: 'unknown' as const, title: 'x', remedy: 'y', exitCode: 1 as const });
const tag = (name: string, day: number): ImageTag => ({
    tag: name,
    signed: false,
    updatedDate: new Date(Date.UTC(2025, 0, day)).toISOString(),
    platforms: [],
});

async function expandRepo(model: CatalogTreeModel, kind: 'container' | 'model'): Promise<CatalogNode> {
    const [, publicRoot] = await model.getChildren();
    const groups = await model.getChildren(publicRoot);
    const group = groups.find((g) => g.kind === 'group' && g.artifactKind === kind);
    const [repo] = await model.getChildren(group);
    assert.ok(repo);
    return repo;
}

async function loadAll(model: CatalogTreeModel, parent: CatalogNode): Promise<CatalogNode[]> {
    for (;;) {
        const children = await model.getChildren(parent);
        const more = children.at(-1);
        if (more?.kind !== 'loadMore') {
            return children;
        }
        await model.loadMore(more);
    }
}

describe('CatalogTreeModel paging of tags and versions (unit)', () => {
    it('Should skip tags repeated by an overlapping page so every TreeItem id is unique', async () => {
        const model = new CatalogTreeModel({
            source: async () =>
                source([
                    [tag('c', 3), tag('b', 2)],
                    [tag('b', 2), tag('a', 1)],
                ]),
            diagnose,
        });
        const repo = await expandRepo(model, 'container');
        const children = await loadAll(model, repo);
        const ids = children.map((c) => c.id);
        assert.equal(new Set(ids).size, ids.length, `duplicate ids: ${ids.join(', ')}`);
        assert.deepEqual(
            children.map((c) => (c.kind === 'tag' ? c.tag.tag : c.kind)),
            ['c', 'b', 'a'],
        );
    });

    it('Should dedupe versions across pages the same way, keeping the order the source gives', async () => {
        const v = (version: string, day: number): VersionInfo => ({
            version,
            updated: new Date(Date.UTC(2025, 0, day)).toISOString(),
        });
        const model = new CatalogTreeModel({
            source: async () =>
                source(
                    [],
                    [
                        [v('3.0', 3), v('2.0', 2)],
                        [v('2.0', 2), v('1.0', 1)],
                    ],
                ),
            diagnose,
        });
        const repo = await expandRepo(model, 'model');
        const all = await loadAll(model, repo);
        assert.deepEqual(
            all.map((c) => (c.kind === 'version' ? c.version.version : c.kind)),
            ['3.0', '2.0', '1.0'],
        );
    });
});
