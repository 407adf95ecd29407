import type { ImageReference } from '../../core/registry/reference';
import { parseReference } from '../../core/registry/reference';
import { formatArtifactRef, type CatalogRef } from '../../core/ngc/artifactRef';
import { imageRepository } from '../../core/catalog/catalogUrls';
import type { TagNode } from '../tree/nodes';

/** A container tag the Pull and Verify commands act on. */
export interface TagTarget {
    ref: CatalogRef;
    tag: string;
}

/** `host/org/[team/]repo:tag` in the configured NGC registry, parsed by core. */
export function imageReferenceOf(registry: string, target: TagTarget): ImageReference {
    return parseReference(`${imageRepository(registry, target.ref)}:${target.tag}`, {
        semantics: 'ngc',
        defaultRegistry: registry,
    });
}

/** `org/[team/]repo:tag`, for titles. */
export function targetLabel(target: TagTarget): string {
    return `${formatArtifactRef(target.ref)}:${target.tag}`;
}

/** A tag node for a target that came from the palette or the webview (for "Retry" and fix buttons). */
export function tagNodeOf(target: TagTarget): TagNode {
    return {
        kind: 'tag',
        id: `image/${targetLabel(target)}`,
        parentId: undefined,
        artifact: target.ref,
        tag: { tag: target.tag, signed: false, platforms: [] },
    };
}
