import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ArtifactKind, CatalogSource, Identity } from '../../../../src/core/catalog/catalogSource';
import { diagnose } from '../../../../src/core/diagnose/diagnose';
import { HttpError } from '../../../../src/core/http/errors';
import { CatalogTreeModel } from '../../../../src/extension/tree/catalogTreeModel';
import type { CatalogNode } from '../../../../src/extension/tree/nodes';
import { WelcomeGate, welcomeStateOf, type WelcomeState } from '../../../../src/extension/tree/welcomeState';

const refused = () =>
    new HttpError({
        kind: 'network',
        url: 'http://127.0.0.1:9/v2/search/catalog/resources/CONTAINER',
        cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
    });
const timedOut = () => new HttpError({ kind: 'timeout', url: 'https://api.ngc.example/v2/users/me' });
const htmlPage = () => new HttpError({ kind: 'format', url: 'https://portal.example/v2/search', description: 'HTML' });
const forbidden = () => new HttpError({ kind: 'status', status: 403, url: 'https://api.ngc.example/v2/org/acme' });

/** A catalog whose listings and identity fail with `failure()` while it is set; records the listings asked for. */
function world(options: { identity?: Identity } = {}) {
    const state: {
        failure: (() => Error) | undefined;
        /** The first page `failure` applies to (a failed Load more: 1). */
        failFromPage: number;
        identityFailure: (() => Error) | undefined;
        /** Fails one artifact's versions (and nothing else). */
        versionsFailure: (() => Error) | undefined;
        pages: number;
    } = { failure: undefined, failFromPage: 0, identityFailure: undefined, versionsFailure: undefined, pages: 1 };
    const calls: string[] = [];
    const source: CatalogSource = {
        identity: async () => {
            if (state.identityFailure) {
                throw state.identityFailure();
            }
            return options.identity;
        },
        teams: async () => [],
        artifacts: async (_scope, kind: ArtifactKind, page) => {
            calls.push(`artifacts ${kind} ${page}`);
            if (state.failure && page >= state.failFromPage) {
                throw state.failure();
            }
            return { items: [{ kind, org: 'nvidia', name: `${kind}-${page}` }], page, hasMore: page + 1 < state.pages };
        },
        tags: async () => ({ items: [], page: 0, hasMore: false }),
        versions: async () => {
            if (state.versionsFailure) {
                throw state.versionsFailure();
            }
            return { items: [], page: 0, hasMore: false };
        },
        files: async () => [],
        details: async () => {
            throw new Error('not used');
        },
        search: async () => ({ items: [], page: 0, hasMore: false }),
    };
    const model = new CatalogTreeModel({ source: async () => source, diagnose: (e) => diagnose(e) });
    const published: (WelcomeState | undefined)[] = [];
    const resets = { count: 0 };
    const gate = new WelcomeGate({
        children: (node) => model.getChildren(node),
        publish: async (s) => {
            published.push(s);
        },
        reset: () => resets.count++,
    });
    return { state, calls, model, gate, published, resets };
}

/** The public catalog's row and its groups as the view asks for them (through the gate). */
async function openPublicCatalog(w: ReturnType<typeof world>): Promise<CatalogNode[]> {
    const publicRoot = (await w.gate.children()).nodes.find((n) => n.kind === 'root' && n.org === undefined);
    assert.ok(publicRoot);
    return (await w.gate.children(publicRoot)).nodes;
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

async function containersGroup(gate: WelcomeGate, model: CatalogTreeModel): Promise<CatalogNode> {
    const roots = (await gate.children()).nodes;
    const publicRoot = roots.find((n) => n.kind === 'root' && n.org === undefined);
    assert.ok(publicRoot, 'the public catalog is a top-level row');
    const groups = await model.getChildren(publicRoot);
    const group = groups.find((n) => n.kind === 'group' && n.artifactKind === 'container');
    assert.ok(group);
    return group;
}

describe('(unit) the NGC view welcome state', () => {
    it('Should empty the tree and publish "unreachable" when a listing is refused a connection, until a refresh loads it', async () => {
        const w = world();
        // Unreachable from the start (the model's fetch ahead of Containers fails too, silently).
        w.state.failure = refused;
        const group = await containersGroup(w.gate, w.model);

        const failed = await w.gate.children(group);
        assert.deepEqual(failed, { nodes: [], reset: true }, 'the level is empty and the whole tree re-renders');
        assert.deepEqual(w.published, ['unreachable']);
        assert.equal(w.gate.current, 'unreachable');
        const asked = w.calls.length;
        assert.ok(asked >= 1 && w.calls.every((c) => c === 'artifacts container 0'), w.calls.join());
        assert.deepEqual((await w.gate.children()).nodes, [], 'the top level stays empty: the welcome view shows');
        assert.equal(w.calls.length, asked, 'the re-render answered from the cached failure');

        // Retry while still unreachable: the refreshed model asks again, and the welcome stays.
        w.model.refresh();
        assert.deepEqual((await w.gate.children()).nodes, []);
        assert.ok(w.calls.length > asked, 'asked again');
        assert.deepEqual(w.published, ['unreachable'], 'the context key is set once');

        // The endpoint answers again (the simulator started, or the setting was fixed): the tree is back.
        w.state.failure = undefined;
        w.model.refresh();
        const roots = (await w.gate.children()).nodes;
        assert.ok(
            roots.some((n) => n.kind === 'root'),
            'the tree is shown again',
        );
        assert.deepEqual(w.published, ['unreachable', undefined], 'and the context key cleared');
        assert.equal(w.gate.current, undefined);
        const probed = w.calls.length;
        const again = await w.gate.children(group);
        assert.equal(again.reset, false);
        assert.deepEqual(
            again.nodes.map((n) => n.kind),
            ['artifact'],
        );
        assert.equal(
            w.calls.length,
            probed,
            'the probe that cleared the state loaded the level: expanding it asks nothing',
        );
    });

    it('Should show the welcome at once when the top level cannot look up the key (a timeout), and clear it on success', async () => {
        const identity: Identity = { kind: 'personal', orgs: ['acme'], teams: [], roles: [], products: [] };
        const w = world({ identity });
        w.state.identityFailure = timedOut;
        assert.deepEqual((await w.gate.children()).nodes, []);
        assert.deepEqual(w.published, ['unreachable']);
        w.state.identityFailure = undefined;
        w.model.refresh();
        const roots = (await w.gate.children()).nodes;
        assert.deepEqual(
            roots.map((n) => n.id),
            ['public', 'org:acme'],
        );
        assert.deepEqual(w.published, ['unreachable', undefined]);
    });

    it('Should publish "unexpectedAnswer" when the endpoint answers with something that is not NGC JSON', async () => {
        const w = world();
        w.state.failure = htmlPage;
        const group = await containersGroup(w.gate, w.model);
        assert.equal((await w.gate.children(group)).reset, true);
        assert.deepEqual(w.published, ['unexpectedAnswer']);
    });

    it("Should keep an error row when one artifact's versions time out: the rest of NGC answered", async () => {
        const w = world();
        const roots = (await w.gate.children()).nodes;
        const publicRoot = roots.find((n) => n.kind === 'root' && n.org === undefined);
        assert.ok(publicRoot);
        const models = (await w.model.getChildren(publicRoot)).find(
            (n) => n.kind === 'group' && n.artifactKind === 'model',
        );
        assert.ok(models);
        const artifact = (await w.gate.children(models)).nodes.find((n) => n.kind === 'artifact');
        assert.ok(artifact);
        w.state.versionsFailure = timedOut;
        const level = await w.gate.children(artifact);
        assert.equal(level.reset, false);
        assert.deepEqual(
            level.nodes.map((n) => n.kind),
            ['error'],
        );
        assert.deepEqual(w.published, [], 'no welcome');
        w.model.refresh();
        assert.ok((await w.gate.children()).nodes.length > 0, 'the tree stays after a refresh');
    });

    it('Should keep error rows for failures the user fixes in the tree (a refusal), and a failed Load more under what loaded', async () => {
        const w = world();
        w.state.failure = forbidden;
        const group = await containersGroup(w.gate, w.model);
        const refusedLevel = await w.gate.children(group);
        assert.equal(refusedLevel.reset, false);
        assert.deepEqual(
            refusedLevel.nodes.map((n) => n.kind),
            ['error'],
        );

        const paged = world();
        paged.state.pages = 3;
        // The connection is lost after the first page: the fetch ahead of page 2 and the click's retry both fail.
        paged.state.failure = refused;
        paged.state.failFromPage = 1;
        const pagedGroup = await containersGroup(paged.gate, paged.model);
        const first = await paged.gate.children(pagedGroup);
        const more = first.nodes.find((n) => n.kind === 'loadMore');
        assert.ok(more && more.kind === 'loadMore');
        await paged.model.loadMore(more);
        const after = await paged.gate.children(pagedGroup);
        assert.equal(after.reset, false, 'a connection lost during Load more keeps the loaded rows');
        assert.deepEqual(
            after.nodes.map((n) => n.kind),
            ['artifact', 'error'],
        );
        assert.deepEqual(w.published, []);
        assert.deepEqual(paged.published, []);
    });

    it("Should show a guest the welcome without opening a group when the public catalog's Containers cannot load", async () => {
        const w = world();
        w.state.failure = refused;
        const groups = await openPublicCatalog(w);
        assert.ok(groups.length > 0, 'the groups are given first (they need no request)');
        await settled();
        assert.deepEqual(w.published, ['unreachable'], 'the probe of Containers found the endpoint closed');
        assert.equal(w.resets.count, 1, 'and the whole tree was rendered again');
        assert.deepEqual((await w.gate.children()).nodes, [], 'which is now empty: the welcome view shows');

        // Reachable: the probe's page is the one the click on Containers shows, with no second request.
        const ok = world();
        const okGroups = await openPublicCatalog(ok);
        await settled();
        assert.deepEqual(ok.published, []);
        assert.equal(ok.resets.count, 0);
        const containers = okGroups.find((n) => n.kind === 'group' && n.artifactKind === 'container');
        assert.ok(containers);
        const asked = ok.calls.filter((c) => c === 'artifacts container 0').length;
        assert.equal(asked, 1, ok.calls.join());
        assert.deepEqual(
            (await ok.gate.children(containers)).nodes.map((n) => n.kind),
            ['artifact'],
        );
        assert.equal(ok.calls.filter((c) => c === 'artifacts container 0').length, 1, 'opening it asked nothing');
    });

    it('Should decide from the diagnosis of the error rows alone', () => {
        const error = (e: Error): CatalogNode => ({
            kind: 'error',
            id: 'e',
            parentId: undefined,
            diagnosis: diagnose(e),
        });
        const guest: CatalogNode = { kind: 'message', id: 'guest', parentId: undefined, text: 'Browsing as guest' };
        const root: CatalogNode = { kind: 'root', id: 'public', parentId: undefined, org: undefined, current: false };
        assert.equal(welcomeStateOf([]), undefined);
        assert.equal(welcomeStateOf([guest, root]), undefined);
        assert.equal(welcomeStateOf([error(refused()), root]), 'unreachable');
        assert.equal(welcomeStateOf([error(timedOut())]), 'unreachable');
        assert.equal(welcomeStateOf([error(htmlPage())]), 'unexpectedAnswer');
        assert.equal(welcomeStateOf([error(forbidden())]), undefined);
        assert.equal(welcomeStateOf([error(new Error('a bug'))]), undefined, 'an untyped failure is not "offline"');
    });
});
