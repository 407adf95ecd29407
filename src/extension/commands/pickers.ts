import * as vscode from 'vscode';
import type { ImageTag, VersionInfo } from '../../core/catalog/catalogSource';
import { formatArtifactRef, type CatalogRef } from '../../core/ngc/artifactRef';
import { pickArtifact } from '../search/searchQuickPick';
import { formatAge, formatBytes, joinParts } from '../../core/lib/format';
import type { CommandContext } from './commandContext';

/** Palette fallback: search a container, then pick one of its tags (newest first). */
export async function pickContainerTag(
    ctx: CommandContext,
    ref?: CatalogRef,
): Promise<{ ref: CatalogRef; tag: string; info: ImageTag } | undefined> {
    const source = await ctx.session.source();
    const repo = ref ?? (await pickArtifact(source, { title: 'Choose a container', kinds: ['container'] }));
    if (!repo) {
        return undefined;
    }
    const page = await source.tags(repo, 0);
    const pick = await vscode.window.showQuickPick(
        page.items.map((t) => ({
            label: t.tag,
            description: joinParts(
                formatBytes(t.sizeInBytes),
                formatAge(t.updatedDate),
                t.signed && '$(verified) signed',
            ),
            detail: t.platforms.map((p) => p.architecture).join(', '),
            info: t,
        })),
        { title: `Tag of ${formatArtifactRef(repo)}`, placeHolder: 'Newest first' },
    );
    return pick ? { ref: repo, tag: pick.info.tag, info: pick.info } : undefined;
}

/** Palette fallback: search a model or resource, then pick a version. */
export async function pickVersion(
    ctx: CommandContext,
    ref?: CatalogRef,
): Promise<{ ref: CatalogRef; version: VersionInfo } | undefined> {
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
        { title: `Version of ${formatArtifactRef(artifact)}`, placeHolder: 'Newest first' },
    );
    return pick ? { ref: artifact, version: pick.version } : undefined;
}
