import * as vscode from 'vscode';
import type { CatalogPage, CatalogSource, ImageTag, VersionInfo } from '../../core/catalog/catalogSource';
import { formatArtifactRef, type CatalogRef } from '../../core/ngc/artifactRef';
import { pickArtifact, type PickArtifactOptions } from '../search/searchQuickPick';
import { formatAge, formatBytes, joinParts } from '../../core/lib/format';
import { platformLabel, plural } from '../../protocol/text';
import type { CommandContext } from './commandContext';

/** Palette fallback: search a container, then pick one of its tags (newest first). */
export async function pickContainerTag(
    ctx: CommandContext,
    ref?: CatalogRef,
): Promise<{ ref: CatalogRef; tag: string; info: ImageTag } | undefined> {
    const picked = await pickFromFirstPage(ctx, ref, {
        search: { title: 'Choose a container', kinds: ['container'] },
        list: (source, repo) => source.tags(repo, 0),
        noun: 'Tag',
        item: (t) => ({
            label: t.tag,
            description: joinParts(
                formatBytes(t.sizeInBytes),
                formatAge(t.updatedDate),
                t.signed && '$(verified) signed (unverified)',
            ),
            detail: t.platforms.map(platformLabel).join(', '),
        }),
    });
    return picked && { ref: picked.ref, tag: picked.value.tag, info: picked.value };
}

/** Palette fallback: search a model or resource, then pick a version. */
export async function pickVersion(
    ctx: CommandContext,
    ref?: CatalogRef,
): Promise<{ ref: CatalogRef; version: VersionInfo } | undefined> {
    const picked = await pickFromFirstPage(ctx, ref, {
        search: { title: 'Choose a model or resource to download', kinds: ['model', 'resource'] },
        list: (source, artifact) => source.versions(artifact, 0),
        noun: 'Version',
        item: (v) => ({
            label: v.version,
            description: joinParts(
                formatBytes(v.size),
                v.fileCount !== undefined && plural(v.fileCount, 'file'),
                formatAge(v.updated),
            ),
            detail: v.status && v.status !== 'UPLOAD_COMPLETE' ? `status ${v.status}` : undefined,
        }),
    });
    return picked && { ref: picked.ref, version: picked.value };
}

/** The artifact given (else searched with `search`), then one row of its first page, which core lists newest first. */
async function pickFromFirstPage<T>(
    ctx: CommandContext,
    ref: CatalogRef | undefined,
    how: {
        search: PickArtifactOptions;
        list: (source: CatalogSource, ref: CatalogRef) => Promise<CatalogPage<T>>;
        noun: string;
        item: (value: T) => vscode.QuickPickItem;
    },
): Promise<{ ref: CatalogRef; value: T } | undefined> {
    const source = await ctx.session.source();
    const artifact = ref ?? (await pickArtifact(source, how.search));
    if (!artifact) {
        return undefined;
    }
    const page = await how.list(source, artifact);
    const pick = await vscode.window.showQuickPick(
        page.items.map((value) => ({ ...how.item(value), value })),
        { title: `${how.noun} of ${formatArtifactRef(artifact)}`, placeHolder: 'Newest first' },
    );
    return pick && { ref: artifact, value: pick.value };
}
