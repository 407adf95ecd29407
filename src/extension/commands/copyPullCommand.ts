import * as vscode from 'vscode';
import { pullCommand } from '../../core/catalog/catalogUrls';
import type { CommandContext } from './commandContext';
import { tagTarget } from './targets';

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
