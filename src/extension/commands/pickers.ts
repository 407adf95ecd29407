import * as vscode from 'vscode';
import type { CatalogPage, CatalogSource, ImageTag, VersionInfo } from '../../core/catalog/catalogSource';
import { formatArtifactRef, type CatalogRef } from '../../core/ngc/artifactRef';
import { pickArtifact, type PickArtifactOptions } from '../search/searchQuickPick';
import { formatAge, formatBytes, joinParts } from '../../core/lib/format';
import { platformLabel } from '../../protocol/text';
import type { CommandContext } from './commandContext';
import { versionPickItem } from './versionRows';

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

/** Which versioned artifacts a version picker searches, and what its search asks. */
export interface VersionPickOptions {
    kinds: readonly ('model' | 'resource' | 'helm-chart')[];
    title: string;
}

const DOWNLOADABLE: VersionPickOptions = {
    kinds: ['model', 'resource', 'helm-chart'],
    title: 'Choose a model, resource or Helm chart to download',
};

/**
 * Palette fallback: search a model, resource or chart, then pick a version. A version that cannot be downloaded
 * (upload pending or failed) is listed as the tree shows it: its icon, its state first in the description and "not
 * downloadable"; the caller refuses it if picked (VS Code quick picks have no disabled rows).
 */
export async function pickVersion(
    ctx: CommandContext,
    ref?: CatalogRef,
    options: VersionPickOptions = DOWNLOADABLE,
): Promise<{ ref: CatalogRef; version: VersionInfo } | undefined> {
    const picked = await pickFromFirstPage(ctx, ref, {
        search: { title: options.title, kinds: options.kinds },
        list: (source, artifact) => source.versions(artifact, 0),
        noun: 'Version',
        item: versionPickItem,
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
