import * as vscode from 'vscode';
import type { ImageTag, VersionInfo } from '../../core/catalog/catalogSource';
import { formatArtifactRef, type CatalogRef } from '../../core/ngc/artifactRef';
import type { CommandContext } from './commandContext';
import { artifactNodeRef, isNode } from './nodeArgs';
import { pickContainerTag, pickVersion, type VersionPickOptions } from './pickers';
import { notReadyMessage } from './versionRows';

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
    pick?: VersionPickOptions,
): Promise<{ ref: CatalogRef; version?: string; info?: VersionInfo } | undefined> {
    if (isNode(node) && node.kind === 'version') {
        return { ref: node.artifact, version: node.version.version, info: node.version };
    }
    const picked = await pickVersion(ctx, narrowTo ?? artifactNodeRef(node), pick);
    return picked && { ref: picked.ref, version: picked.version.version, info: picked.version };
}

/**
 * {@link versionTarget}, refusing a version that cannot be downloaded (upload pending or failed): the user is told
 * why in editor words and may choose another version of the same artifact.
 */
export async function readyVersionTarget(
    ctx: CommandContext,
    node: unknown,
    pick?: VersionPickOptions,
): Promise<{ ref: CatalogRef; version?: string; info?: VersionInfo } | undefined> {
    let target = await versionTarget(ctx, node, undefined, pick);
    let refusal: string | undefined;
    while (target?.info && (refusal = notReadyMessage(target.ref, target.info))) {
        const label = formatArtifactRef(target.ref, target.info.version);
        ctx.log.info(`refused ${label}: its status is ${target.info.status ?? '?'}`);
        if (!(await vscode.window.showWarningMessage(refusal, CHOOSE_ANOTHER))) {
            return undefined;
        }
        target = await versionTarget(ctx, undefined, target.ref, pick);
    }
    return target;
}

const CHOOSE_ANOTHER = 'Choose Another Version';
