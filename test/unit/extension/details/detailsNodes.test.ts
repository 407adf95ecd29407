import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { downloadNodeFor, PINNING, tagNodeFor } from '../../../../src/extension/details/detailsNodes';
import { artifactNodeRef, nodeArtifact } from '../../../../src/extension/commands/nodeArgs';
import type { CatalogRef } from '../../../../src/core/ngc/artifactRef';
import type { ImageTag } from '../../../../src/core/catalog/catalogSource';

const image: CatalogRef = { kind: 'container', org: 'nvidia', team: 'tao', name: 'tao-toolkit' };
const model: CatalogRef = { kind: 'model', org: 'nvidia', name: 'signed-detector' };

describe('details panel rows as tree nodes for the commands (unit)', () => {
    it('Should give a tag row the listing’s platforms so Insert FROM and Mirror to… offer the same choice', () => {
        const info: ImageTag = {
            tag: '5.5.0-pyt',
            signed: true,
            platforms: [{ os: 'linux', architecture: 'arm64', digest: `sha256:${'a'.repeat(64)}` }],
        };
        const node = tagNodeFor(image, '5.5.0-pyt', info);
        assert.equal(node.tag, info);
        assert.deepEqual(nodeArtifact(node), image, 'the commands find the artifact, team included');
        assert.deepEqual(tagNodeFor(image, '5.0.0-pyt', undefined).tag, {
            tag: '5.0.0-pyt',
            platforms: [],
            signed: false,
        });
    });

    it('Should download the row’s version, or let the command ask when the header’s button has none', () => {
        const version = downloadNodeFor(model, '1.1');
        assert.equal(version.kind, 'version');
        assert.deepEqual(version.kind === 'version' ? version.version : undefined, { version: '1.1' });
        const artifact = downloadNodeFor(model, undefined);
        assert.equal(artifact.kind, 'artifact');
        assert.deepEqual(artifactNodeRef(artifact), model);
    });

    it('Should keep a preview panel on acting (Mirror to… included), not on reading or inspecting', () => {
        for (const type of ['details/mirror', 'details/insertFrom', 'details/download'] as const) {
            assert.ok(PINNING.has(type), type);
        }
        for (const type of ['details/inspect', 'details/reload', 'details/openLink', 'details/ready'] as const) {
            assert.equal(PINNING.has(type), false, type);
        }
    });
});
