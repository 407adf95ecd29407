import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
// First: from here on `require('vscode')` answers with the fake (the provider and treeItems.ts import it).
import { createdViews } from '../../../helpers/fakeVscode';
import type { CatalogSource, Identity, ImageTag } from '../../../../src/core/catalog/catalogSource';
import type { Diagnosis } from '../../../../src/core/diagnose/diagnose';
import { CatalogTreeModel } from '../../../../src/extension/tree/catalogTreeModel';
import { CatalogTreeProvider } from '../../../../src/extension/tree/catalogTreeProvider';
import type { CatalogNode } from '../../../../src/extension/tree/nodes';

const identity: Identity = { kind: 'personal', orgs: ['nvidia'], teams: [], roles: [], products: [] };
const tags: ImageTag[] = [
    {
        tag: '25.03-py3',
        signed: true,
        updatedDate: '2025-03-01T00:00:00Z',
        platforms: [
            { os: 'linux', architecture: 'amd64', digest: 'sha256:aaa' },
            { os: 'linux', architecture: 'arm64' },
        ],
    },
    { tag: '25.02-py3', signed: false, updatedDate: '2025-02-01T00:00:00Z', platforms: [] },
];

function source(): CatalogSource {
    return {
        identity: async () => identity,
        teams: async () => [],
        artifacts: async (scope, kind, page) => ({
            items:
                kind === 'container'
                    ? [
                          {
                              kind,
                              org: 'nvidia',
                              name: 'pytorch',
                              displayName: 'PyTorch',
                              description: 'GPU-optimized PyTorch',
                              signed: true,
                              isPublic: true,
                          },
                      ]
                    : [],
            page,
            hasMore: false,
        }),
        tags: async (_ref, page) => ({ items: tags, page, hasMore: false }),
        versions: async (_ref, page) => ({
            items: [{ version: '2.0', status: 'UPLOAD_PENDING' }, { version: '1.0' }],
            page,
            hasMore: false,
        }),
        files: async () => [],
        details: async () => {
            throw new Error('unused');
        },
        search: async () => ({ items: [], page: 0, hasMore: false }),
    };
}

const diagnose = (): Diagnosis => ({ cause: 'unknown', title: 'Something failed', remedy: 'Try again', exitCode: 1 });

async function setup() {
    const model = new CatalogTreeModel({ source: async () => source(), diagnose });
    const provider = new CatalogTreeProvider(model);
    const org = (await model.getChildren()).find((n) => n.kind === 'root' && n.org === 'nvidia');
    assert.ok(org);
    const containers = (await model.getChildren(org)).find((n) => n.kind === 'group' && n.artifactKind === 'container');
    assert.ok(containers);
    const [pytorch] = await model.getChildren(containers);
    assert.ok(pytorch?.kind === 'artifact');
    return { model, provider, org, containers, pytorch };
}

/** The hover of `node` as VS Code gets it: resolveTreeItem on the item getTreeItem gave. */
function hover(provider: CatalogTreeProvider, node: CatalogNode) {
    const resolved = provider.resolveTreeItem(provider.getTreeItem(node), node);
    const tooltip = resolved.tooltip;
    assert.ok(typeof tooltip === 'object' && tooltip !== null && 'value' in tooltip);
    return { resolved, tooltip };
}

describe('CatalogTreeProvider (unit, fake vscode)', () => {
    it('Should reuse the TreeItem of an unchanged node and build a new one when the node is replaced', async () => {
        const { model, provider, pytorch } = await setup();
        const rows = await model.getChildren(pytorch);
        const [first, second] = rows;
        assert.ok(first?.kind === 'tag' && second?.kind === 'tag');
        const item = provider.getTreeItem(first);
        const other = provider.getTreeItem(second);
        assert.equal(provider.getTreeItem(first), item, 'same node, same item');

        model.setVerification(first.artifact, '25.03-py3', { state: 'verified', digest: 'sha256:bbb', summary: 'ok' });
        const [changed, unchanged] = await model.getChildren(pytorch);
        assert.ok(changed && unchanged);
        assert.notEqual(changed, first, 'the verified tag is a new node');
        const fresh = provider.getTreeItem(changed);
        assert.notEqual(fresh, item);
        assert.equal((fresh.iconPath as { id: string }).id, 'verified-filled');
        assert.equal((item.iconPath as { id: string }).id, 'verified', 'the old item is not mutated');
        assert.equal(provider.getTreeItem(unchanged), other, 'the other tag keeps its item');
    });

    it('Should send rows without a tooltip and give the same Markdown as before on hover', async () => {
        const { model, provider, pytorch } = await setup();
        const item = provider.getTreeItem(pytorch);
        assert.equal(item.tooltip, undefined, 'no tooltip in what every refresh sends');
        const { resolved, tooltip } = hover(provider, pytorch);
        assert.equal(
            tooltip.value,
            '**PyTorch**\n\n`nvidia/pytorch`\n\nGPU-optimized PyTorch\n\nsigned (unverified) · public',
        );
        assert.equal(tooltip.isTrusted, false);
        assert.equal(tooltip.supportHtml, false);
        assert.equal((tooltip as { supportThemeIcons?: boolean }).supportThemeIcons, true);
        assert.deepEqual(resolved.command, item.command, 'the click still previews');
        assert.equal(resolved.id, item.id);
        assert.equal(resolved.contextValue, item.contextValue);
        assert.equal(item.tooltip, undefined, 'the reused item stays without tooltip');

        model.setVerification({ kind: 'container', org: 'nvidia', name: 'pytorch' }, '25.03-py3', {
            state: 'verified',
            digest: 'sha256:ccc',
            summary: 'verified by cosign',
        });
        const [tag] = await model.getChildren(pytorch);
        assert.ok(tag);
        assert.equal(
            hover(provider, tag).tooltip.value,
            '**nvidia/pytorch:25.03-py3**\n\n$(verified-filled) verified\n\n' +
                'checked this session: verified by cosign (`sha256:ccc`)\n\nlinux/amd64 `sha256:aaa`\n\nlinux/arm64',
        );
    });

    it('Should hover versions not ready with their state, and rows that had no tooltip with their label', async () => {
        const { model, provider, org } = await setup();
        const models = (await model.getChildren(org)).find((n) => n.kind === 'group' && n.artifactKind === 'model');
        assert.ok(models);
        const versionNode = (id: string): CatalogNode => ({
            kind: 'version',
            id: `x/${id}`,
            parentId: 'x',
            artifact: { kind: 'model', org: 'nvidia', name: 'llama' },
            version: id === 'pending' ? { version: '2.0', status: 'UPLOAD_PENDING' } : { version: '1.0' },
        });
        assert.equal(
            hover(provider, versionNode('pending')).tooltip.value,
            '**2.0**: upload pending, not downloadable yet',
        );
        assert.equal(hover(provider, versionNode('ready')).tooltip.value, '1\\.0');
        assert.equal(hover(provider, models).tooltip.value, 'Models');
        const error: CatalogNode = { kind: 'error', id: 'e', parentId: undefined, diagnosis: diagnose() };
        assert.equal(hover(provider, error).tooltip.value, '**Something failed**\n\nTry again');
    });

    it('Should say how many remain on "Load more" and hand expand/collapse to the model', async () => {
        const { model, provider, containers } = await setup();
        const more: CatalogNode = { kind: 'loadMore', id: 'm', parentId: containers.id, nextPage: 1, remaining: 9950 };
        assert.equal(provider.getTreeItem(more).description, '9,950 more');
        const calls: string[] = [];
        const view = createdViews.at(-1);
        assert.ok(view);
        model.expanded = (n) => void calls.push(`expanded ${n.id}`);
        model.collapsed = (n) => void calls.push(`collapsed ${n.id}`);
        view.collapse.fire({ element: containers });
        view.expand.fire({ element: containers });
        assert.deepEqual(calls, [`collapsed ${containers.id}`, `expanded ${containers.id}`]);
    });
});
