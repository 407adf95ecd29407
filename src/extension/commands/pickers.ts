import * as vscode from 'vscode';
import type { ArtifactRef, TagInfo, VersionInfo } from '../catalog/catalogSource';
import { refPath } from '../catalog/catalogSource';
import { pickArtifact } from '../search/searchQuickPick';
import { formatAge, formatBytes, joinParts } from '../tree/format';
import type { CommandContext } from './commandContext';

/** Palette fallback: search a container, then pick one of its tags (newest first). */
export async function pickContainerTag(
    ctx: CommandContext,
    ref?: ArtifactRef,
): Promise<{ ref: ArtifactRef; tag: string; info: TagInfo } | undefined> {
    const source = await ctx.session.source();
    const repo = ref ?? (await pickArtifact(source, { title: 'Choose a container', kinds: ['container'] }));
    if (!repo) {
        return undefined;
    }
    const page = await source.tags(repo, 0);
    const pick = await vscode.window.showQuickPick(
        page.items.map((t) => ({
            label: t.tag,
            description: joinParts(formatBytes(t.size), formatAge(t.updated), t.signed && '$(verified) signed'),
            detail: t.platforms.map((p) => p.architecture).join(', '),
            info: t,
        })),
        { title: `Tag of ${refPath(repo)}`, placeHolder: 'Newest first' },
    );
    return pick ? { ref: repo, tag: pick.info.tag, info: pick.info } : undefined;
}

/** Palette fallback: search a model or resource, then pick a version. */
export async function pickVersion(
    ctx: CommandContext,
    ref?: ArtifactRef,
): Promise<{ ref: ArtifactRef; version: VersionInfo } | undefined> {
    const source = await ctx.session.source();
    const artifact =
        ref ??
        (await pickArtifact(source, { title: 'Choose a model or resource to download', kinds: ['model', 'resource'] }));
    if (!artifact) {
        return undefined;
    }
    const page = await source.versions(artifact, 0);
    const pick = await vscode.window.showQuickPick(
        page.items.map((v) => ({
            label: v.version,
            description: joinParts(
                formatBytes(v.size),
                v.fileCount !== undefined && `${v.fileCount} files`,
                formatAge(v.updated),
            ),
            detail: v.status && v.status !== 'UPLOAD_COMPLETE' ? `status ${v.status}` : undefined,
            version: v,
        })),
        { title: `Version of ${refPath(artifact)}`, placeHolder: 'Newest first' },
    );
    return pick ? { ref: artifact, version: pick.version } : undefined;
}
