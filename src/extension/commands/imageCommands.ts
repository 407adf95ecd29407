import * as vscode from 'vscode';
import { imageRepository, pullCommand } from '../catalog/catalogUrls';
import { NotAvailableError } from '../platform/notAvailable';
import { isNode } from './catalogCommands';
import type { CommandContext } from './commandContext';
import { pickContainerTag } from './pickers';

/** Copies `docker pull <registry>/<repo>:<tag>` for a tag node, an artifact node (latest tag) or a pick. */
export async function copyPullCommand(ctx: CommandContext, node?: unknown): Promise<void> {
    const target = await tagTarget(ctx, node);
    if (!target) {
        return;
    }
    const text = pullCommand(ctx.session.settings.endpoints.registry, target.ref, target.tag);
    await vscode.env.clipboard.writeText(text);
    void vscode.window.setStatusBarMessage(`Copied: ${text}`, 4000);
}

/** Copies a digest: from a tag node (one platform → that digest; several → pick), or `{ digest }` from the webview. */
export async function copyDigest(ctx: CommandContext, node?: unknown): Promise<void> {
    let digest: string | undefined;
    if (typeof node === 'string') {
        digest = node;
    } else if (isNode(node) && node.kind === 'tag') {
        const platforms = node.tag.platforms;
        digest =
            platforms.length === 1
                ? platforms[0]?.digest
                : (
                      await vscode.window.showQuickPick(
                          platforms.map((p) => ({ label: `${p.os ?? 'linux'}/${p.architecture ?? '?'}`, description: p.digest, digest: p.digest })),
                          { title: 'Copy which platform digest?' },
                      )
                  )?.digest;
    }
    if (digest) {
        await vscode.env.clipboard.writeText(digest);
        void vscode.window.setStatusBarMessage(`Copied ${digest}`, 4000);
    }
    void ctx;
}

/** Pulling goes through the Docker core (`src/core/docker`), which has not landed in this build. */
export async function pullImage(ctx: CommandContext, node?: unknown): Promise<void> {
    const target = await tagTarget(ctx, node);
    if (!target) {
        return;
    }
    throw new NotAvailableError(`Pulling ${imageRepository(ctx.session.settings.endpoints.registry, target.ref)}:${target.tag} needs the Docker core, which is not available yet`);
}

async function tagTarget(ctx: CommandContext, node: unknown) {
    if (isNode(node) && node.kind === 'tag') {
        return { ref: node.artifact, tag: node.tag.tag };
    }
    if (isNode(node) && node.kind === 'artifact' && node.artifact.kind === 'container' && node.artifact.latest) {
        return { ref: node.artifact, tag: node.artifact.latest };
    }
    return pickContainerTag(ctx, isNode(node) && node.kind === 'artifact' ? node.artifact : undefined);
}
