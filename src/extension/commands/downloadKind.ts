import { formatArtifactRef, type CatalogRef } from '../../core/ngc/artifactRef';

/**
 * What `NGC: Download Version…` can fetch: model, resource and helm-chart versions are files; a container is pulled.
 * Decided before anything else is asked, so the user is not sent through a folder picker for nothing.
 */
export function downloadKindOf(
    ref: Pick<CatalogRef, 'kind' | 'org' | 'team' | 'name'>,
): { kind: 'model' | 'resource' | 'helm-chart' } | { kind: undefined; message: string } {
    if (ref.kind === 'container') {
        return {
            kind: undefined,
            message: `${formatArtifactRef(ref)} is a container: containers are pulled, not downloaded. Use Pull Image or Insert Pinned FROM.`,
        };
    }
    return { kind: ref.kind };
}
