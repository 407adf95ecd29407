import * as vscode from 'vscode';
import { type ImageTag } from '../../core/catalog/catalogSource';
import { formatArtifactRef, type CatalogRef } from '../../core/ngc/artifactRef';
import { imageRepository } from '../../core/catalog/catalogUrls';
import { chooseInsertTarget } from '../editor/dockerfiles';
import { documentInfo, openTabDocuments } from '../editor/dockerfileTracker';
import type { CommandContext } from './commandContext';
import { chosenTag } from './targets';
import { pinRepository } from '../mirror/mirrorPins';
import { acknowledgingCancel } from '../platform/cancelNotice';
import { withCancellableProgress } from '../platform/progress';

/**
 * `NGC: Insert Pinned FROM`: `FROM <registry>/<repo>:<tag>@sha256:…` at the cursor (on its own line) of the active
 * Dockerfile, else of the Dockerfile last edited (revealed), else of one the user picks or a new untitled one. The digest comes from the registry (index digest, or one
 * platform's manifest digest), never from the catalog API's listing.
 */
export async function insertPinnedFrom(ctx: CommandContext, node?: unknown): Promise<void> {
    const target = await chosenTag(ctx, node);
    if (!target) {
        return;
    }
    const digest = await chooseDigest(ctx, target.ref, target.tag, target.info, node);
    if (!digest) {
        return;
    }
    const repository = await pinRepository(ctx, target.ref);
    if (!repository) {
        return;
    }
    await insertLine(ctx, `FROM ${repository}:${target.tag}@${digest}`);
}

/**
 * Inserts `line` on its own line at the cursor of the Dockerfile {@link targetEditor} chooses (a new untitled one
 * when there is none); also used by Mirror to…'s "Insert Pinned FROM (mirror)".
 */
export async function insertLine(ctx: CommandContext, line: string): Promise<void> {
    const place = await targetEditor(ctx);
    if (!place) {
        return;
    }
    if (place === 'untitled') {
        const doc = await vscode.workspace.openTextDocument({ language: 'dockerfile', content: `${line}\n` });
        await vscode.window.showTextDocument(doc);
        ctx.log.info(`inserted ${line} into a new Dockerfile`);
        return;
    }
    const { editor, position } = place;
    const lineText = editor.document.lineAt(position.line);
    const atEmptyLine = lineText.isEmptyOrWhitespace;
    await editor.edit((b) =>
        atEmptyLine ? b.replace(lineText.range, line) : b.insert(new vscode.Position(position.line, 0), `${line}\n`),
    );
    const inserted = new vscode.Range(position.line, 0, position.line, line.length);
    editor.selection = new vscode.Selection(inserted.end, inserted.end);
    editor.revealRange(inserted, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    ctx.log.info(`inserted ${line} into ${editor.document.uri.toString(true)}`);
}

const NEW_UNTITLED = 'New untitled Dockerfile';

/**
 * Where the line goes (see {@link chooseInsertTarget}): the active Dockerfile at its cursor; else the last Dockerfile
 * editor, revealed, at the cursor it had (the details panel has focus when its button runs this); else a pick.
 */
async function targetEditor(
    ctx: CommandContext,
): Promise<{ editor: vscode.TextEditor; position: vscode.Position } | 'untitled' | undefined> {
    const active = vscode.window.activeTextEditor;
    const last = ctx.dockerfiles.lastDockerfile;
    const target = chooseInsertTarget({
        active: active && documentInfo(active.document),
        last: last?.uri.toString(),
        open: openTabDocuments(),
    });
    switch (target.kind) {
        case 'active':
            return active && { editor: active, position: active.selection.active };
        case 'last': {
            if (!last) {
                return 'untitled';
            }
            const doc = await vscode.workspace.openTextDocument(last.uri);
            const editor = await vscode.window.showTextDocument(doc, {
                viewColumn: last.viewColumn,
                preserveFocus: false,
            });
            return { editor, position: doc.validatePosition(last.position) };
        }
        case 'ask': {
            const picks = [
                ...target.candidates.map((c) => ({
                    label: `$(file) ${basename(c.path)}`,
                    description: vscode.workspace.asRelativePath(vscode.Uri.parse(c.uri)),
                    uri: c.uri,
                })),
                { label: `$(new-file) ${NEW_UNTITLED}`, description: '', uri: undefined },
            ];
            const pick = await vscode.window.showQuickPick(picks, {
                title: 'Insert the pinned FROM line into which Dockerfile?',
            });
            if (!pick) {
                return undefined;
            }
            if (pick.uri === undefined) {
                return 'untitled';
            }
            const editor = await vscode.window.showTextDocument(vscode.Uri.parse(pick.uri), { preserveFocus: false });
            return { editor, position: editor.selection.active };
        }
        case 'untitled':
            return 'untitled';
    }
}

function basename(path: string): string {
    return path.split(/[\\/]/).pop() ?? path;
}

/** The digest to pin to, resolved from the registry; undefined when the user cancelled (acknowledged) or chose none. */
async function chooseDigest(
    ctx: CommandContext,
    ref: CatalogRef,
    tag: string,
    info: ImageTag,
    again: unknown,
): Promise<string | undefined> {
    const [registry, { resolvePlatforms }, { parseReference }, { parsePlatform }] = await Promise.all([
        ctx.session.registry(),
        import('../../core/registry/resolve.js'),
        import('../../core/registry/reference.js'),
        import('../../core/registry/platform.js'),
    ]);
    const host = ctx.session.settings.endpoints.registry;
    const reference = parseReference(`${imageRepository(host, ref)}:${tag}`, {
        semantics: 'ngc',
        defaultRegistry: host,
    });
    const known = info.platforms.map((p) => `${p.os ?? 'linux'}/${p.architecture ?? 'amd64'}`);
    const wanted = known.flatMap((text) => {
        try {
            return [parsePlatform(text)];
        } catch {
            return [];
        }
    });
    const label = `${formatArtifactRef(ref)}:${tag}`;
    const resolved = await acknowledgingCancel(
        ctx.log,
        'insertFrom',
        label,
        () =>
            withCancellableProgress(`NGC: resolving ${label}`, (_report, signal) =>
                resolvePlatforms(registry, reference, wanted, { signal }),
            ),
        () => ({ 'Run Again': () => vscode.commands.executeCommand('ngc.dockerfile.insertPinnedFrom', again) }),
    );
    if (!resolved) {
        return undefined;
    }
    const items = [
        {
            label: '$(layers) All platforms',
            description: 'index digest: Docker picks the platform at pull time',
            digest: resolved.indexDigest,
        },
        ...[...resolved.platformDigests].map(([platform, digest]) => ({
            label: `$(device-desktop) ${platform}`,
            description: digest,
            digest,
        })),
    ];
    if (items.length === 1) {
        return resolved.indexDigest;
    }
    const pick = await vscode.window.showQuickPick(items, {
        title: `Pin ${formatArtifactRef(ref)}:${tag} to`,
        placeHolder: 'Index digest or one platform',
    });
    return pick?.digest;
}
