import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CatalogTreeModel } from '../../../../src/extension/tree/catalogTreeModel';
import type {
    ArtifactSummary,
    CatalogPage,
    CatalogScope,
    CatalogSource,
    Identity,
    ImageTag,
} from '../../../../src/core/catalog/catalogSource';
import type { CatalogRef } from '../../../../src/core/ngc/artifactRef';
import type { Diagnosis } from '../../../../src/core/diagnose/diagnose';
import type { CatalogNode } from '../../../../src/extension/tree/nodes';

class FakeError extends Error {
    constructor(readonly status: number) {
        super(`HTTP ${status}`);
    }
}

/** A fake catalog with `pages` pages of artifacts per group, recording every call. */
function fakeSource(
    options: {
        identity?: Identity;
        failArtifacts?: number;
        pages?: number;
        tags?: ImageTag[];
        failTeams?: boolean;
    } = {},
) {
    const calls: string[] = [];
    const source: CatalogSource = {
        identity: async () => options.identity,
        teams: async (org) => {
            calls.push(`teams ${org}`);
            if (options.failTeams) {
                throw new FakeError(403);
            }
            return ['vision'];
        },
        artifacts: async (scope: CatalogScope, kind, page): Promise<CatalogPage<ArtifactSummary>> => {
            calls.push(`artifacts ${scope.org ?? 'public'}/${scope.team ?? ''} ${kind} ${page}`);
            if (options.failArtifacts !== undefined && page === options.failArtifacts) {
                throw new FakeError(401);
            }
            const items = [0, 1].map((i) => ({ kind, org: scope.org ?? 'nvidia', name: `${kind}-${page}-${i}` }));
            return { items, page, hasMore: page + 1 < (options.pages ?? 1) };
        },
        tags: async (ref: CatalogRef, page) => {
            calls.push(`tags ${ref.name} ${page}`);
            return { items: options.tags ?? [], page, hasMore: false };
        },
        versions: async (_ref, page) => ({ items: [{ version: '1.0' }], page, hasMore: false }),
        files: async () => [],
        details: async () => {
            throw new Error('unused');
        },
        search: async () => ({ items: [], page: 0, hasMore: false }),
    };
    return { source, calls };
}

const diagnose = (error: unknown): Diagnosis =>
    error instanceof FakeError && error.status === 401
        ? { cause: 'noKey', title: 'Not signed in', remedy: 'Set a key', action: 'setApiKey', exitCode: 3 }
        : { cause: 'notMember', title: 'No access', remedy: 'Switch org', action: 'switchOrg', exitCode: 4 };

const personal: Identity = {
    kind: 'personal',
    user: { name: 'Pat' },
    orgs: ['nvidia', 'acme'],
    teams: ['acme/vision'],
    roles: [],
    products: [],
};

function labelOf(node: CatalogNode): string {
    switch (node.kind) {
        case 'artifact':
            return node.artifact.name;
        case 'tag':
            return node.tag.tag;
        case 'root':
            return node.org ?? 'public';
        case 'group':
            return node.artifactKind;
        case 'team':
            return `team ${node.team}`;
        case 'error':
            return `error ${node.diagnosis.cause}`;
        default:
            return node.kind;
    }
}

describe('CatalogTreeModel (unit)', () => {
    it('Should show a guest banner and only the public catalog when there is no key', async () => {
        const { source } = fakeSource();
        const model = new CatalogTreeModel({ source: async () => source, diagnose });
        const roots = await model.getChildren();
        assert.deepEqual(
            roots.map((n) => n.kind),
            ['message', 'root'],
        );
        assert.equal(roots[1]?.kind === 'root' && roots[1].org, undefined);
    });

    it("Should list the key's orgs with the current org first", async () => {
        const { source } = fakeSource({ identity: personal });
        const model = new CatalogTreeModel({ source: async () => source, diagnose, currentOrg: () => 'acme' });
        const roots = await model.getChildren();
        assert.deepEqual(roots.map(labelOf), ['public', 'acme', 'nvidia']);
    });

    it('Should load one page at a time and append the next page on Load more', async () => {
        const { source, calls } = fakeSource({ identity: personal, pages: 2 });
        const model = new CatalogTreeModel({ source: async () => source, diagnose });
        const publicRoot = (await model.getChildren())[0];
        const groups = await model.getChildren(publicRoot);
        const containers = groups.find((g) => g.kind === 'group' && g.artifactKind === 'container');
        assert.ok(containers);
        const first = await model.getChildren(containers);
        assert.deepEqual(first.map(labelOf), ['container-0-0', 'container-0-1', 'loadMore']);
        await new Promise((resolve) => setImmediate(resolve));
        // Page 0 for the rows, then (once the view has them) page 1 fetched ahead for the next "Load more".
        assert.deepEqual(
            calls.filter((c) => c.startsWith('artifacts')),
            ['artifacts public/ container 0', 'artifacts public/ container 1'],
        );

        const changed: (CatalogNode | undefined)[] = [];
        model.onDidChange((n) => changed.push(n));
        const more = first[2];
        assert.ok(more?.kind === 'loadMore');
        await model.loadMore(more);
        assert.equal(changed[0]?.id, containers.id);
        const second = await model.getChildren(containers);
        assert.deepEqual(second.map(labelOf), ['container-0-0', 'container-0-1', 'container-1-0', 'container-1-1']);
        assert.equal(calls.filter((c) => c.startsWith('artifacts')).length, 2);
    });

    it('Should turn a failed level into an error node with the diagnosis instead of rejecting', async () => {
        const { source } = fakeSource({ failArtifacts: 0 });
        const model = new CatalogTreeModel({ source: async () => source, diagnose });
        const roots = await model.getChildren();
        const groups = await model.getChildren(roots.find((r) => r.kind === 'root'));
        const children = await model.getChildren(groups[0]);
        assert.equal(children.length, 1);
        const [error] = children;
        assert.ok(error?.kind === 'error');
        assert.equal(error.diagnosis.action, 'setApiKey');
    });

    it('Should keep loaded items and show the error after them when a later page fails', async () => {
        const { source } = fakeSource({ pages: 3, failArtifacts: 1 });
        const model = new CatalogTreeModel({ source: async () => source, diagnose });
        const roots = await model.getChildren();
        const groups = await model.getChildren(roots.find((r) => r.kind === 'root'));
        const first = await model.getChildren(groups[0]);
        const more = first.at(-1);
        assert.ok(more?.kind === 'loadMore');
        await model.loadMore(more);
        const after = await model.getChildren(groups[0]);
        assert.deepEqual(after.map(labelOf), ['container-0-0', 'container-0-1', 'error noKey']);
    });

    it('Should show an error node beside the kind groups when teams cannot be listed', async () => {
        const { source } = fakeSource({ identity: personal, failTeams: true });
        const model = new CatalogTreeModel({ source: async () => source, diagnose });
        const acme = (await model.getChildren()).find((r) => r.kind === 'root' && r.org === 'acme');
        const children = await model.getChildren(acme);
        assert.deepEqual(children.map(labelOf), ['container', 'model', 'resource', 'helm-chart', 'error notMember']);
    });

    it("Should show tags in the source's order (core sorts them newest first and drops cosign tags)", async () => {
        const tags: ImageTag[] = [
            { tag: '25.03', signed: false, updatedDate: '2025-03-01T00:00:00Z', platforms: [] },
            { tag: 'latest', signed: false, platforms: [] },
            { tag: '24.12', signed: false, updatedDate: '2024-12-01T00:00:00Z', platforms: [] },
        ];
        const { source } = fakeSource({ tags });
        const model = new CatalogTreeModel({ source: async () => source, diagnose });
        const roots = await model.getChildren();
        const groups = await model.getChildren(roots.find((r) => r.kind === 'root'));
        const artifacts = await model.getChildren(groups[0]);
        const tagNodes = await model.getChildren(artifacts[0]);
        assert.deepEqual(tagNodes.map(labelOf), ['25.03', 'latest', '24.12'], 'neither re-sorted by date nor by name');
    });

    it('Should reload only the refreshed subtree', async () => {
        const { source, calls } = fakeSource();
        const model = new CatalogTreeModel({ source: async () => source, diagnose });
        const roots = await model.getChildren();
        const groups = await model.getChildren(roots.find((r) => r.kind === 'root'));
        await model.getChildren(groups[0]);
        await model.getChildren(groups[1]);
        model.refresh(groups[0]);
        await model.getChildren(groups[0]);
        await model.getChildren(groups[1]);
        assert.deepEqual(
            calls.filter((c) => c.startsWith('artifacts')),
            ['artifacts public/ container 0', 'artifacts public/ model 0', 'artifacts public/ container 0'],
        );
    });

    it('Should give every node an id unique across the tree', async () => {
        const { source } = fakeSource({ identity: { ...personal, orgs: ['nvidia'] } });
        const model = new CatalogTreeModel({ source: async () => source, diagnose });
        const roots = await model.getChildren();
        const ids = new Set<string>();
        for (const root of roots) {
            for (const group of await model.getChildren(root)) {
                for (const node of await model.getChildren(group)) {
                    assert.ok(!ids.has(node.id), `duplicate id ${node.id}`);
                    ids.add(node.id);
                }
            }
        }
        assert.ok(ids.size > 8);
    });
});
