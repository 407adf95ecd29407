import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { artifactNodeRef, isCatalogRef, isNode, nodeArtifact } from '../../../../src/extension/commands/nodeArgs';
import type { ArtifactNode, TagNode, TeamNode } from '../../../../src/extension/tree/nodes';

const ref = { kind: 'container', org: 'nvidia', name: 'pytorch' } as const;
const artifactNode: ArtifactNode = {
    kind: 'artifact',
    id: 'public/container/nvidia/pytorch',
    parentId: 'public/container',
    artifact: { ...ref, displayName: 'PyTorch', latest: '24.05-py3' },
};
const tagNode: TagNode = {
    kind: 'tag',
    id: `${artifactNode.id}/24.05-py3`,
    parentId: artifactNode.id,
    artifact: ref,
    tag: { tag: '24.05-py3', platforms: [], signed: false },
};
const teamNode: TeamNode = { kind: 'team', id: 'acme/vision', parentId: 'acme', org: 'acme', team: 'vision' };

describe('command arguments (unit)', () => {
    it('Should tell tree nodes from what the palette and the details panel pass', () => {
        assert.equal(isNode(tagNode), true);
        assert.equal(isNode(teamNode), true);
        for (const other of [undefined, null, 'sha256:abc', ref, { id: 'x' }]) {
            assert.equal(isNode(other), false, JSON.stringify(other));
        }
    });

    it('Should take a ref from the details panel as a catalog ref, and nothing without org, name and kind', () => {
        assert.equal(isCatalogRef(ref), true);
        assert.equal(isCatalogRef({ org: 'nvidia', name: 'pytorch' }), false);
        assert.equal(isCatalogRef(teamNode), false);
        assert.equal(isCatalogRef('nvidia/pytorch'), false);
    });

    it("Should give a node's artifact for artifact and tag nodes, none for a team node or a bare ref", () => {
        assert.deepEqual(nodeArtifact(tagNode), ref);
        assert.equal(nodeArtifact(artifactNode), artifactNode.artifact);
        assert.equal(nodeArtifact(teamNode), undefined);
        assert.equal(nodeArtifact(ref), undefined);
    });

    it('Should narrow a picker only on an artifact node, not on its tags', () => {
        assert.equal(artifactNodeRef(artifactNode), artifactNode.artifact);
        assert.equal(artifactNodeRef(tagNode), undefined);
        assert.equal(artifactNodeRef(undefined), undefined);
    });
});
