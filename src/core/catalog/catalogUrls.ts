import { formatArtifactRef, type ArtifactRef, type CatalogRef } from '../ngc/artifactRef';

const SEGMENT = {
    container: 'containers',
    model: 'models',
    resource: 'resources',
    'helm-chart': 'helm-charts',
} as const;

/** The artifact's page on catalog.ngc.nvidia.com, where licences are accepted and entitlements requested. */
export function catalogPageUrl(ref: CatalogRef): string {
    const team = ref.team ? `/teams/${encodeURIComponent(ref.team)}` : '';
    return `https://catalog.ngc.nvidia.com/orgs/${encodeURIComponent(ref.org)}${team}/${SEGMENT[ref.kind]}/${encodeURIComponent(ref.name)}`;
}

/** `registry/org/[team/]repo` for a container artifact. */
export function imageRepository(registry: string, ref: ArtifactRef): string {
    return `${registry}/${formatArtifactRef(ref)}`;
}

/** `docker pull registry/org/[team/]repo:tag` */
export function pullCommand(registry: string, ref: ArtifactRef, tag: string): string {
    return `docker pull ${imageRepository(registry, ref)}:${tag}`;
}
