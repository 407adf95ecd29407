import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CatalogTreeModel } from '../../../../src/extension/tree/catalogTreeModel';
import type {
    ArtifactSummary,
    CatalogPage,
    CatalogScope,
    CatalogSource,
    Identity,
} from '../../../../src/core/catalog/catalogSource';
import type { Diagnosis } from '../../../../src/core/diagnose/diagnose';
import type { CatalogNode, LoadMoreNode } from '../../../../src/extension/tree/nodes';

interface Call {
    what: string;
    signal: AbortSignal | undefined;
}

/**
 * A catalog whose groups list `total` artifacts, two per page, recording each call with its signal. `hold` makes a
 * page wait until released; `fail` makes the n-th call for a page throw.
 */
function fakeSource(options: { identity?: Identity; total?: number; fail?: Map<number, number[]> } = {}) {
    const calls: Call[] = [];
    const held = new Map<number, () => void>();
    const hold = new Set<number>();
    const seen = new Map<number, number>();
    const source: CatalogSource = {
        identity: async () => options.identity,
        teams: async () => [],
        artifacts: async (scope: CatalogScope, kind, page, signal): Promise<CatalogPage<ArtifactSummary>> => {
            calls.push({ what: `${scope.org ?? 'public'} ${kind} ${page}`, signal });
            const nth = (seen.get(page) ?? 0) + 1;
            seen.set(page, nth);
            if (hold.has(page)) {
                await new Promise<void>((resolve) => held.set(page, resolve));
            }
            signal?.throwIfAborted();
            if (options.fail?.get(page)?.includes(nth)) {
                throw new Error(`page ${page} failed (call ${nth})`);
            }
            const total = options.total ?? 6;
            const items = [0, 1]
                .map((i) => page * 2 + i)
                .filter((n) => n < total)
                .map((n) => ({ kind, org: scope.org ?? 'nvidia', name: `${kind}-${n}` }));
            return { items, page, hasMore: (page + 1) * 2 < total, totalResults: total };
        },
        tags: async (_ref, page) => ({ items: [], page, hasMore: false }),
        versions: async (_ref, page) => ({ items: [], page, hasMore: false }),
        files: async () => [],
        details: async () => {
            throw new Error('unused');
        },
        search: async () => ({ items: [], page: 0, hasMore: false }),
    };
    return { source, calls, hold, release: (page: number) => held.get(page)?.() };
}

const diagnose = (error: unknown): Diagnosis => ({
    cause: 'unknown',
    title: error instanceof Error ? error.message : 'failed',
    remedy: 'Retry',
    exitCode: 1,
});

const acme: Identity = { kind: 'personal', orgs: ['acme'], teams: [], roles: [], products: [] };

/** Lets fetches started in the background settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

const names = (nodes: CatalogNode[]) =>
    nodes.map((n) =>
        n.kind === 'artifact' ? n.artifact.name : n.kind === 'error' ? `error: ${n.diagnosis.title}` : n.kind,
    );

async function containersOf(model: CatalogTreeModel, org?: string) {
    const root = (await model.getChildren()).find((n) => n.kind === 'root' && n.org === org);
    assert.ok(root);
    const group = (await model.getChildren(root)).find((n) => n.kind === 'group' && n.artifactKind === 'container');
    assert.ok(group);
    return { root, group };
}

function loadMoreOf(nodes: CatalogNode[]): LoadMoreNode {
    const more = nodes.at(-1);
    assert.ok(more?.kind === 'loadMore', `last row is ${more?.kind}`);
    return more;
}

describe('CatalogTreeModel fetching ahead (unit)', () => {
    it('Should serve "Load more" from the page fetched ahead, without asking the source again', async () => {
        const { source, calls } = fakeSource({ identity: acme });
        const model = new CatalogTreeModel({ source: async () => source, diagnose });
        const { group } = await containersOf(model, 'acme');
        const first = await model.getChildren(group);
        await settle();
        assert.deepEqual(
            calls.map((c) => c.what),
            ['acme container 0', 'acme container 1'],
        );
        const changed: (string | undefined)[] = [];
        model.onDidChange((n) => changed.push(n?.id));
        await model.loadMore(loadMoreOf(first));
        assert.deepEqual(changed, [group.id]);
        const second = await model.getChildren(group);
        assert.deepEqual(names(second), ['container-0', 'container-1', 'container-2', 'container-3', 'loadMore']);
        await settle();
        // The click asked for nothing; page 2 is now fetched ahead in turn, and nothing beyond it.
        assert.deepEqual(
            calls.map((c) => c.what),
            ['acme container 0', 'acme container 1', 'acme container 2'],
        );
    });

    it('Should fetch the next page only once the view has asked for the rows of the last one', async () => {
        const { source, calls } = fakeSource({ identity: acme });
        const model = new CatalogTreeModel({ source: async () => source, diagnose });
        const { group } = await containersOf(model, 'acme');
        await model.loadMore(loadMoreOf(await model.getChildren(group)));
        await settle();
        assert.ok(!calls.some((c) => c.what === 'acme container 2'), 'nothing while VS Code re-reads the level');
        await model.getChildren(group);
        await settle();
        assert.ok(calls.some((c) => c.what === 'acme container 2'));
    });

    it("Should fetch an org's first page of Containers when the org opens, and use it when Containers opens", async () => {
        const { source, calls } = fakeSource({ identity: acme });
        const model = new CatalogTreeModel({ source: async () => source, diagnose });
        await model.getChildren();
        assert.equal(calls.length, 0, 'listing the roots fetches no catalog page');
        const { group } = await containersOf(model, 'acme');
        await settle();
        assert.deepEqual(
            calls.map((c) => c.what),
            ['acme container 0'],
        );
        assert.deepEqual(names(await model.getChildren(group)), ['container-0', 'container-1', 'loadMore']);
        assert.equal(calls.filter((c) => c.what === 'acme container 0').length, 1);
    });

    it('Should ask nothing for a guest until the public catalog is shown', async () => {
        const { source, calls } = fakeSource();
        const model = new CatalogTreeModel({ source: async () => source, diagnose });
        const roots = await model.getChildren();
        await settle();
        assert.equal(calls.length, 0);
        await model.getChildren(roots.find((n) => n.kind === 'root'));
        await settle();
        assert.deepEqual(
            calls.map((c) => c.what),
            ['public container 0'],
        );
    });

    it('Should abort a fetch ahead on refresh and never show its answer', async () => {
        const { source, calls, hold, release } = fakeSource({ identity: acme });
        const model = new CatalogTreeModel({ source: async () => source, diagnose });
        const { group } = await containersOf(model, 'acme');
        hold.add(1);
        await model.getChildren(group);
        await settle();
        const ahead = calls.find((c) => c.what === 'acme container 1');
        assert.ok(ahead?.signal && !ahead.signal.aborted);
        model.refresh();
        assert.equal(ahead.signal.aborted, true, 'refresh aborts the fetch ahead');
        hold.delete(1);
        release(1);
        await settle();
        const again = await containersOf(model, 'acme');
        const rows = await model.getChildren(again.group);
        await model.loadMore(loadMoreOf(rows));
        assert.deepEqual(names(await model.getChildren(again.group)).slice(0, 4), [
            'container-0',
            'container-1',
            'container-2',
            'container-3',
        ]);
        assert.equal(calls.filter((c) => c.what === 'acme container 1').length, 2, 'page 1 asked again');
    });

    it('Should abort a fetch ahead when its level collapses, and fetch on the click instead', async () => {
        const { source, calls, hold } = fakeSource({ identity: acme });
        const model = new CatalogTreeModel({ source: async () => source, diagnose });
        const { root, group } = await containersOf(model, 'acme');
        hold.add(1);
        const rows = await model.getChildren(group);
        await settle();
        model.collapsed(root);
        const ahead = calls.find((c) => c.what === 'acme container 1');
        assert.equal(ahead?.signal?.aborted, true);
        hold.delete(1);
        model.expanded(root);
        await settle();
        assert.equal(
            calls.filter((c) => c.what === 'acme container 1').length,
            1,
            'nothing fetched under a collapsed group',
        );
        await model.loadMore(loadMoreOf(rows));
        assert.equal(calls.filter((c) => c.what === 'acme container 1').length, 2);
        assert.equal((await model.getChildren(group)).length, 5);
    });

    it('Should retry a failed fetch ahead on the click and show nothing of the first failure', async () => {
        const { source, calls } = fakeSource({ identity: acme, fail: new Map([[1, [1]]]) });
        const model = new CatalogTreeModel({ source: async () => source, diagnose });
        const { group } = await containersOf(model, 'acme');
        const rows = await model.getChildren(group);
        await settle();
        const changed: unknown[] = [];
        model.onDidChange((n) => changed.push(n));
        assert.deepEqual(names(await model.getChildren(group)), ['container-0', 'container-1', 'loadMore']);
        assert.deepEqual(changed, [], 'a failed fetch ahead changes nothing the user sees');
        await model.loadMore(loadMoreOf(rows));
        assert.equal(calls.filter((c) => c.what === 'acme container 1').length, 2);
        assert.deepEqual(names(await model.getChildren(group)).slice(2, 4), ['container-2', 'container-3']);
    });

    it('Should show the error of a page only when the user asks for it and asking again fails too', async () => {
        const { source } = fakeSource({ identity: acme, fail: new Map([[1, [1, 2]]]) });
        const model = new CatalogTreeModel({ source: async () => source, diagnose });
        const { group } = await containersOf(model, 'acme');
        const rows = await model.getChildren(group);
        await settle();
        assert.deepEqual(names(await model.getChildren(group)), ['container-0', 'container-1', 'loadMore']);
        await model.loadMore(loadMoreOf(rows));
        assert.deepEqual(names(await model.getChildren(group)), [
            'container-0',
            'container-1',
            'error: page 1 failed (call 2)',
        ]);
    });

    it('Should say on "Load more" how many items remain', async () => {
        const { source } = fakeSource({ identity: acme, total: 5 });
        const model = new CatalogTreeModel({ source: async () => source, diagnose });
        const { group } = await containersOf(model, 'acme');
        const more = loadMoreOf(await model.getChildren(group));
        assert.equal(more.remaining, 3);
        await model.loadMore(more);
        assert.equal(loadMoreOf(await model.getChildren(group)).remaining, 1);
        await model.loadMore(loadMoreOf(await model.getChildren(group)));
        assert.equal((await model.getChildren(group)).at(-1)?.kind, 'artifact', 'no Load more after the last page');
    });
});
