import type { ImageTag, VersionInfo } from '../../core/catalog/catalogSource';
import type { CatalogRef } from '../../core/ngc/artifactRef';
import type { CommandContext } from './commandContext';
import { artifactNodeRef, isNode } from './nodeArgs';
import { pickContainerTag, pickVersion } from './pickers';

/**
 * The tag a command acts on: a tag node's; an artifact node's latest tag (containers); else a pick, narrowed to the
 * artifact node's container when invoked on one.
 */
export async function tagTarget(
    ctx: CommandContext,
    node: unknown,
): Promise<{ ref: CatalogRef; tag: string } | undefined> {
    if (isNode(node) && node.kind === 'artifact' && node.artifact.kind === 'container' && node.artifact.latest) {
        return { ref: node.artifact, tag: node.artifact.latest };
    }
    return chosenTag(ctx, node);
}

/** A tag node's tag with its listing (platforms), else a picked one: never a guessed "latest". */
export async function chosenTag(
    ctx: CommandContext,
    node: unknown,
): Promise<{ ref: CatalogRef; tag: string; info: ImageTag } | undefined> {
    if (isNode(node) && node.kind === 'tag') {
        return { ref: node.artifact, tag: node.tag.tag, info: node.tag };
    }
    return pickContainerTag(ctx, artifactNodeRef(node));
}

/**
 * A version node's version; on an artifact node (or `narrowTo`), one of its versions picked; else a searched
 * artifact's. `info` is the version's listing (its status says whether it can be downloaded).
 */
export async function versionTarget(
    ctx: CommandContext,
    node: unknown,
    narrowTo?: CatalogRef,
): Promise<{ ref: CatalogRef; version?: string; info?: VersionInfo } | undefined> {
    if (isNode(node) && node.kind === 'version') {
        return { ref: node.artifact, version: node.version.version, info: node.version };
    }
    const picked = await pickVersion(ctx, narrowTo ?? artifactNodeRef(node));
    return picked && { ref: picked.ref, version: picked.version.version, info: picked.version };
}
