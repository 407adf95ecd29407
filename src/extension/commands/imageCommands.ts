import * as vscode from 'vscode';
import { pullCommand } from '../../core/catalog/catalogUrls';
import type { VerifyOutcome } from '../image/verifyOutcome';
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
        const platforms = node.tag.platforms.filter((p) => p.digest !== undefined);
        digest =
            platforms.length === 1
                ? platforms[0]?.digest
                : (
                      await vscode.window.showQuickPick(
                          platforms.map((p) => ({
                              label: `${p.os ?? 'linux'}/${p.architecture ?? '?'}`,
                              description: p.digest,
                              digest: p.digest,
                          })),
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

/**
 * `NGC: Pull Image` from a tag node, the details panel or the palette (repo → tag). The Docker core and dockerode
 * load here, on the first pull, never at activation. Returns the pinned reference (`host/repo:tag@sha256:…`).
 */
export async function pullImage(ctx: CommandContext, node?: unknown): Promise<string | undefined> {
    const target = await tagTarget(ctx, node);
    if (!target) {
        return undefined;
    }
    const { pullTag } = await import('../image/pullTag.js');
    return pullTag(ctx, { ref: target.ref, tag: target.tag });
}

/** `NGC: Verify Signature` of a tag (cosign, NGC's key). Returns the outcome, which the details panel shows. */
export async function verifyImage(ctx: CommandContext, node?: unknown): Promise<VerifyOutcome | undefined> {
    const target = await tagTarget(ctx, node);
    if (!target) {
        return undefined;
    }
    const { verifyTag } = await import('../image/verifyTag.js');
    return verifyTag(ctx, { ref: target.ref, tag: target.tag });
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
