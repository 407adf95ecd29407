import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';
import { isNode } from './nodeArgs';

/** Copies a digest: from a tag node (one platform → that digest; several → pick), or a digest string from the webview. */
export async function copyDigest(_ctx: CommandContext, node?: unknown): Promise<void> {
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
}
