import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ArtifactSummary, CatalogSource, Identity, ImageTag } from '../../../../src/core/catalog/catalogSource';
import { CatalogTreeModel } from '../../../../src/extension/tree/catalogTreeModel';
import type { Diagnosis } from '../../../../src/core/diagnose/diagnose';
import type { CatalogNode, TagNode, TagVerification } from '../../../../src/extension/tree/nodes';

const identity: Identity = { kind: 'personal', orgs: ['nvidia'], teams: [], roles: [], products: [] };
const tags: ImageTag[] = [
    { tag: '25.03-py3', signed: true, updatedDate: '2025-03-01T00:00:00Z', platforms: [] },
    { tag: '25.02-py3', signed: true, updatedDate: '2025-02-01T00:00:00Z', platforms: [] },
];

/** nvidia/pytorch listed both in the public catalog and under the key's org `nvidia`. */
function source(): CatalogSource {
    const pytorch: ArtifactSummary = { kind: 'container', org: 'nvidia', name: 'pytorch' };
    return {
        identity: async () => identity,
        teams: async () => [],
        artifacts: async (_scope, kind, page) => ({
            items: kind === 'container' ? [pytorch] : [],
            page,
            hasMore: false,
        }),
        tags: async (_ref, page) => ({ items: tags, page, hasMore: false }),
        versions: async (_ref, page) => ({ items: [], page, hasMore: false }),
        files: async () => [],
        details: async () => {
            throw new Error('unused');
        },
        search: async () => ({ items: [], page: 0, hasMore: false }),
    };
}

const diagnose = (): Diagnosis => ({ cause: 'unknown', title: 'x', remedy: 'y', exitCode: 1 });

/** Expands root → containers → pytorch and returns the artifact node and its tags. */
async function expand(
    model: CatalogTreeModel,
    org: string | undefined,
): Promise<{ artifact: CatalogNode; tags: TagNode[] }> {
    const root = (await model.getChildren()).find((n) => n.kind === 'root' && n.org === org);
    const group = (await model.getChildren(root)).find((n) => n.kind === 'group' && n.artifactKind === 'container');
    const artifact = (await model.getChildren(group))[0];
    assert.ok(artifact?.kind === 'artifact');
    return { artifact, tags: (await model.getChildren(artifact)).filter((n): n is TagNode => n.kind === 'tag') };
}

const verified: TagVerification = { state: 'verified', digest: `sha256:${'a'.repeat(64)}`, summary: 'verified' };
const ref = { kind: 'container' as const, org: 'nvidia', name: 'pytorch' };

describe('CatalogTreeModel verification state (unit)', () => {
    it('Should mark every loaded node of the tag verified and announce their parents', async () => {
        const model = new CatalogTreeModel({ source: async () => source(), diagnose });
        const pub = await expand(model, undefined);
        const org = await expand(model, 'nvidia');
        const changed: (CatalogNode | undefined)[] = [];
        model.onDidChange((n) => changed.push(n));

        model.setVerification(ref, '25.03-py3', verified);

        assert.deepEqual(changed.map((n) => n?.id).sort(), [pub.artifact.id, org.artifact.id].sort());
        for (const parent of [pub.artifact, org.artifact]) {
            const children = (await model.getChildren(parent)).filter((n): n is TagNode => n.kind === 'tag');
            assert.deepEqual(
                children.map((t) => [t.tag.tag, t.verification?.state]),
                [
                    ['25.03-py3', 'verified'],
                    ['25.02-py3', undefined],
                ],
            );
            const stored = model.getNode(children[0]?.id ?? '');
            assert.equal(
                stored?.kind === 'tag' ? stored.verification?.digest : undefined,
                verified.digest,
                'getNode returns the new node',
            );
        }
        assert.equal(pub.tags[0]?.verification, undefined, 'nodes are replaced, not mutated');
    });

    it('Should keep the state for the session across a refresh of the tree', async () => {
        const model = new CatalogTreeModel({ source: async () => source(), diagnose });
        model.setVerification(ref, '25.02-py3', {
            state: 'invalid',
            digest: verified.digest,
            summary: 'signature does not verify',
        });
        model.refresh();
        const { tags: after } = await expand(model, 'nvidia');
        assert.deepEqual(
            after.map((t) => t.verification?.state),
            [undefined, 'invalid'],
        );
        assert.equal(model.verificationOf(ref, '25.02-py3')?.summary, 'signature does not verify');
        assert.equal(model.verificationOf({ ...ref, name: 'cuda' }, '25.02-py3'), undefined);
    });
});
