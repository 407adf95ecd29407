import { dropUndefined } from '../lib/object';
import type { ArtifactRef, VersionedKind } from './artifactRef';
import type { ArtifactObject, ArtifactVersionObject } from './schemas/artifacts';
import type { artifactFileSchema } from './schemas/artifacts';
import type { z } from 'zod';

/** A model, resource or helm chart, with NGC's `model*` / `recipe*` / `artifact*` spellings folded into one shape. */
export interface Artifact {
    kind: VersionedKind;
    org: string;
    team?: string;
    name: string;
    displayName?: string;
    shortDescription?: string;
    description?: string;
    publisher?: string;
    /** `latestVersionIdStr`, or a chart's string `latestVersionId`, or its `latestVersionIdStr` attribute. */
    latestVersion?: string;
    latestVersionSizeInBytes?: number;
    isPublic?: boolean;
    canGuestDownload?: boolean;
    hasSignedVersion?: boolean;
    labels: string[];
    /** Entitlements needed (e.g. `nv-ai-enterprise`). */
    productNames: string[];
    application?: string;
    framework?: string;
    precision?: string;
    createdDate?: string;
    updatedDate?: string;
}

/** One version of an artifact. `status` is NGC's (`UPLOAD_COMPLETE` is the only downloadable one) or `UNKNOWN`. */
export interface ArtifactVersion {
    version: string;
    status: string;
    totalSizeInBytes?: number;
    totalFileCount?: number;
    createdDate?: string;
    updatedDate?: string;
    description?: string;
    isSigned?: boolean;
}

/** One file of a version; `path` is relative, without a leading `/`. */
export interface ArtifactFile {
    path: string;
    sizeInBytes: number;
    /** Base64 of the raw SHA-256, when NGC has one. */
    sha256Base64?: string;
}

/** Folds a model/recipe/artifact object into {@link Artifact}; the request's ref fills names the body leaves out. */
export function toArtifact(kind: VersionedKind, ref: ArtifactRef, o: ArtifactObject): Artifact {
    const attribute = (key: string) => {
        const value = o.attributes.find((a) => a.key === key)?.value;
        return typeof value === 'string' && value !== '' ? value : undefined;
    };
    const latestVersion =
        o.latestVersionIdStr ??
        (typeof o.latestVersionId === 'string' && o.latestVersionId !== '' ? o.latestVersionId : undefined) ??
        attribute('latestVersionIdStr') ??
        (typeof o.latestVersionId === 'number' ? String(o.latestVersionId) : undefined);
    const team = o.teamName ?? ref.team;
    return dropUndefined({
        kind,
        org: o.orgName ?? ref.org,
        ...(team ? { team } : {}),
        name: o.name ?? ref.name,
        displayName: o.displayName,
        shortDescription: o.shortDescription,
        description: o.description,
        publisher: o.publisher,
        latestVersion,
        latestVersionSizeInBytes: o.latestVersionSizeInBytes,
        isPublic: o.isPublic,
        canGuestDownload: o.canGuestDownload,
        hasSignedVersion: o.hasSignedVersion,
        labels: o.labels,
        productNames: o.productNames,
        application: o.application,
        framework: o.framework,
        precision: o.precision,
        createdDate: o.createdDate,
        updatedDate: o.updatedDate,
    });
}

/** Folds a version object: `versionId` (models, resources) or the chart's string `id`. */
export function toVersion(o: ArtifactVersionObject): ArtifactVersion {
    const id = o.versionId ?? o.id;
    return dropUndefined({
        version: String(id),
        status: o.status ?? 'UNKNOWN',
        totalSizeInBytes: o.totalSizeInBytes,
        totalFileCount: o.totalFileCount,
        createdDate: o.createdDate,
        updatedDate: o.updatedDate,
        description: o.description,
        isSigned: o.isSigned,
    });
}

/** Strips the leading `/` NVIDIA's mock puts on paths and renames `sha256_base64`. */
export function toFile(o: z.infer<typeof artifactFileSchema>): ArtifactFile {
    const file: ArtifactFile = { path: o.path.replace(/^\/+/, ''), sizeInBytes: o.sizeInBytes };
    if (o.sha256_base64) {
        file.sha256Base64 = o.sha256_base64;
    }
    return file;
}
