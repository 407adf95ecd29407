import type { DetailsModel } from '../../protocol/details';
import { refPath, type ArtifactRef, type CatalogSource } from '../catalog/catalogSource';
import { imageRepository } from '../catalog/catalogUrls';

/** Gathers what the details panel shows: the artifact and its first page of tags or versions. */
export async function buildDetailsModel(source: CatalogSource, ref: ArtifactRef, registry: string, signal?: AbortSignal): Promise<DetailsModel> {
    const details = await source.details(ref, signal);
    const isContainer = ref.kind === 'container';
    const [tags, versions] = await Promise.all([
        isContainer ? source.tags(ref, 0, signal) : undefined,
        isContainer ? undefined : source.versions(ref, 0, signal),
    ]);
    return {
        ref: ref.team ? { kind: ref.kind, org: ref.org, team: ref.team, name: ref.name } : { kind: ref.kind, org: ref.org, name: ref.name },
        title: details.displayName ?? details.name,
        reference: isContainer ? imageRepository(registry, ref) : refPath(ref),
        description: details.description,
        markdown: details.markdown,
        publisher: details.publisher,
        labels: details.labels,
        productNames: details.productNames,
        signed: details.signed,
        locked: details.locked,
        latest: details.latest,
        registry,
        tags: (tags?.items ?? []).map((t) => ({ ...t, platforms: t.platforms.map((p) => ({ os: p.os, architecture: p.architecture, digest: p.digest })) })),
        versions: versions?.items ?? [],
        more: (tags ?? versions)?.hasMore ?? false,
    };
}

/** The command behind a diagnosis action button in the webview. */
export function fixCommandFor(action: string): string | undefined {
    switch (action) {
        case 'setApiKey':
            return 'ngc.auth.setApiKey';
        case 'switchOrg':
            return 'ngc.org.switch';
        case 'openLicense':
            return 'ngc.catalog.openLicense';
        case 'checkSettings':
            return 'ngc.catalog.openSettings';
        default:
            return undefined;
    }
}
