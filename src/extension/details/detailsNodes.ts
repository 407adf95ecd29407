import type { ImageTag } from '../../core/catalog/catalogSource';
import { formatArtifactRef, type CatalogRef } from '../../core/ngc/artifactRef';
import type { WebviewMessage } from '../../protocol/details';
import type { ArtifactNode, TagNode, VersionNode } from '../tree/nodes';

/** What the user does in a preview panel that keeps it: everything but reading, reloading and following links. */
export const PINNING: ReadonlySet<WebviewMessage['type']> = new Set<WebviewMessage['type']>([
    'details/keep',
    'details/copyPull',
    'details/copyDigest',
    'details/insertFrom',
    'details/pull',
    'details/verify',
    'details/mirror',
    'details/download',
    'details/copyHelm',
    'details/loadMore',
    'details/selectVersion',
    'details/fix',
]);

/**
 * The tree node a panel's tag row stands for, so its buttons run the same commands as the tree's (Insert FROM,
 * Pull, Verify, Mirror to…). With the row's platforms when the listing has them, so Insert FROM and Mirror offer the
 * same platform choice as from the tree.
 */
export function tagNodeFor(ref: CatalogRef, tag: string, info: ImageTag | undefined): TagNode {
    return {
        kind: 'tag',
        id: `details/${formatArtifactRef(ref)}:${tag}`,
        parentId: undefined,
        artifact: ref,
        // A tag the listing has not loaded: the commands read its platforms and signature from the registry.
        tag: info ?? { tag, platforms: [], signed: false },
    };
}

/** A version row downloads that version; the header's button passes the artifact (the command then asks which). */
export function downloadNodeFor(ref: CatalogRef, version: string | undefined): ArtifactNode | VersionNode {
    return version === undefined
        ? { kind: 'artifact', id: `details/${formatArtifactRef(ref)}`, parentId: undefined, artifact: ref }
        : {
              kind: 'version',
              id: `details/${formatArtifactRef(ref)}/${version}`,
              parentId: undefined,
              artifact: ref,
              version: { version },
          };
}
