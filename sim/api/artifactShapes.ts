/**
 * REST JSON for models, resources and helm charts (ngc-api.md 5-7). The three share a shape but not their key names:
 * models use `model*`, resources the old `recipe*` names, charts `artifact*` (where `artifactVersion.id` and
 * `artifact.latestVersionId` are the string version).
 */
import type { ArtifactKind, ArtifactSeed, FileSpec, VersionSeed } from '../catalog/types.js';
import { versionSize } from '../catalog/types.js';

export interface KindKeys {
    /** URL segment */
    segment: 'models' | 'resources' | 'helm-charts';
    one: string;
    many: string;
    version: string;
    versions: string;
    files: string;
    searchType: string;
}

export const KIND_KEYS: Record<ArtifactKind, KindKeys> = {
    model: {
        segment: 'models',
        one: 'model',
        many: 'models',
        version: 'modelVersion',
        versions: 'modelVersions',
        files: 'modelFiles',
        searchType: 'MODEL',
    },
    resource: {
        segment: 'resources',
        one: 'recipe',
        many: 'recipes',
        version: 'recipeVersion',
        versions: 'recipeVersions',
        files: 'recipeFiles',
        searchType: 'RESOURCE',
    },
    chart: {
        segment: 'helm-charts',
        one: 'artifact',
        many: 'artifacts',
        version: 'artifactVersion',
        versions: 'artifactVersions',
        files: 'artifactFiles',
        searchType: 'HELM_CHART',
    },
};

export const KIND_BY_SEGMENT: Record<string, ArtifactKind> = {
    models: 'model',
    resources: 'resource',
    'helm-charts': 'chart',
};

/** The latest complete version (what `latestVersionIdStr` names). */
export function latestVersion(a: ArtifactSeed): VersionSeed | undefined {
    return a.versions.find((v) => v.status === 'UPLOAD_COMPLETE') ?? a.versions[0];
}

export function artifactJson(a: ArtifactSeed): Record<string, unknown> {
    const latest = latestVersion(a);
    const out: Record<string, unknown> = {
        orgName: a.org,
        ...(a.team === undefined ? {} : { teamName: a.team }),
        name: a.name,
        displayName: a.displayName,
        shortDescription: a.shortDescription,
        description: a.description,
        publisher: a.publisher,
        builtBy: a.publisher,
        labels: a.labels,
        productNames: a.productNames,
        accessType: a.isPublic || a.productNames.length > 0 ? 'LISTED' : 'NOT_LISTED',
        isPublic: a.isPublic,
        isReadOnly: true,
        canGuestDownload: a.isPublic && a.licenseGated !== true,
        hasSignedVersion: false,
        latestVersionIdStr: latest?.version ?? '',
        latestVersionSizeInBytes: latest === undefined ? 0 : versionSize(latest),
        licenseTerms:
            a.licenseGated === true
                ? [{ licenseId: 'sim-community-license', licenseVersion: '1.0', needsAcceptance: true }]
                : [],
        createdDate: a.versions[a.versions.length - 1]?.createdDate ?? '',
        updatedDate: a.versions[0]?.createdDate ?? '',
    };
    if (a.kind === 'chart') {
        out.artifactType = 'HELM_CHART';
        out.latestVersionId = latest?.version ?? '';
        out.attributes = [{ key: 'latestVersionIdStr', value: latest?.version ?? '' }];
    } else {
        out.latestVersionId = a.versions.length - a.versions.indexOf(latest ?? (a.versions[0] as VersionSeed));
        out.application = a.application ?? 'Other';
        out.framework = a.framework ?? 'Other';
        out.precision = a.precision ?? 'FP32';
    }
    return out;
}

export function versionJson(a: ArtifactSeed, v: VersionSeed): Record<string, unknown> {
    const index = a.versions.length - a.versions.indexOf(v);
    return {
        ...(a.kind === 'chart' ? { id: v.version } : { versionId: v.version, id: index }),
        status: v.status,
        description: '',
        totalSizeInBytes: versionSize(v),
        totalFileCount: v.files.length,
        isSigned: v.signing !== undefined,
        storageVersion: 'V2',
        createdByUser: 'sim-publisher',
        createdDate: v.createdDate,
        updatedDate: v.createdDate,
    };
}

/** A file item; `sha256_base64` (base64 of the raw digest) only when the file has one. */
export function fileJson(v: VersionSeed, f: FileSpec, sha: Buffer | undefined): Record<string, unknown> {
    return {
        path: f.path,
        sizeInBytes: f.size,
        createdDate: v.createdDate,
        updatedDate: v.createdDate,
        description: '',
        ...(sha === undefined ? {} : { sha256_base64: sha.toString('base64') }),
    };
}
