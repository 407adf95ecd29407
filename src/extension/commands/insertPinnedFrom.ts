import * as vscode from 'vscode';
import { refPath, type ArtifactRef, type TagInfo } from '../catalog/catalogSource';
import { imageRepository } from '../catalog/catalogUrls';
import { isNode } from './catalogCommands';
import type { CommandContext } from './commandContext';
import { pickContainerTag } from './pickers';

/**
 * `NGC: Insert Pinned FROM`: `FROM <registry>/<repo>:<tag>@sha256:…` at the cursor (on its own line) of the active
 * editor, or into a new Dockerfile when none is open. The digest comes from the registry (index digest, or one
 * platform's manifest digest), never from the catalog API's listing.
 */
export async function insertPinnedFrom(ctx: CommandContext, node?: unknown): Promise<void> {
    const target =
        isNode(node) && node.kind === 'tag'
            ? { ref: node.artifact, tag: node.tag.tag, info: node.tag }
            : await pickContainerTag(ctx, isNode(node) && node.kind === 'artifact' ? node.artifact : undefined);
    if (!target) {
        return;
    }
    const digest = await chooseDigest(ctx, target.ref, target.tag, target.info);
    if (!digest) {
        return;
    }
    const line = `FROM ${imageRepository(ctx.session.settings.endpoints.registry, target.ref)}:${target.tag}@${digest}`;
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
        const doc = await vscode.workspace.openTextDocument({ language: 'dockerfile', content: `${line}\n` });
        await vscode.window.showTextDocument(doc);
        return;
    }
    const position = editor.selection.active;
    const lineText = editor.document.lineAt(position.line);
    const atEmptyLine = lineText.isEmptyOrWhitespace;
    await editor.edit((b) =>
        atEmptyLine ? b.replace(lineText.range, line) : b.insert(new vscode.Position(position.line, 0), `${line}\n`),
    );
    ctx.log.info(`inserted ${line}`);
}

async function chooseDigest(ctx: CommandContext, ref: ArtifactRef, tag: string, info: TagInfo): Promise<string | undefined> {
    const [registry, { resolvePlatforms }, { parseReference }, { parsePlatform }] = await Promise.all([
        ctx.session.registry(),
        import('../../core/registry/resolve.js'),
        import('../../core/registry/reference.js'),
        import('../../core/registry/platform.js'),
    ]);
    const host = ctx.session.settings.endpoints.registry;
    const reference = parseReference(`${imageRepository(host, ref)}:${tag}`, { semantics: 'ngc', defaultRegistry: host });
    const known = info.platforms.map((p) => `${p.os ?? 'linux'}/${p.architecture ?? 'amd64'}`);
    const wanted = known.flatMap((text) => {
        try {
            return [parsePlatform(text)];
        } catch {
            return [];
        }
    });
    const resolved = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Resolving ${refPath(ref)}:${tag}`, cancellable: true },
        async (_p, token) => {
            const controller = new AbortController();
            const sub = token.onCancellationRequested(() => controller.abort());
            try {
                return await resolvePlatforms(registry, reference, wanted, { signal: controller.signal });
            } finally {
                sub.dispose();
            }
        },
    );
    const items = [
        { label: '$(layers) All platforms', description: 'index digest: Docker picks the platform at pull time', digest: resolved.indexDigest },
        ...[...resolved.platformDigests].map(([platform, digest]) => ({ label: `$(device-desktop) ${platform}`, description: digest, digest })),
    ];
    if (items.length === 1) {
        return resolved.indexDigest;
    }
    const pick = await vscode.window.showQuickPick(items, { title: `Pin ${refPath(ref)}:${tag} to`, placeHolder: 'Index digest or one platform' });
    return pick?.digest;
}
