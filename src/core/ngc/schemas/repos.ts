import { z } from 'zod';
import { list, looseBoolean, looseNumber, optString, paginationInfoSchema, stringList } from './common';

/**
 * A platform entry (`architectureVariants[]`, `latestArchitectureVariants[]`; ngc-api.md 4.2-4.4). NGC folds the
 * variant into `architecture` (`arm64/v8`); `digest` is the per-platform manifest digest.
 */
export const architectureVariantSchema = z.object({
    architecture: optString,
    os: optString,
    digest: optString,
    compressedSize: looseNumber,
});

/**
 * The Repository object (ngc-api.md 4.2). ODH's real fixture has it at the top level without `requestStatus`;
 * `tags[]` is a plain string array whose order is not guaranteed; `latestImageSize` may be quoted.
 */
export const repositorySchema = z.object({
    name: z.string(),
    namespace: optString,
    orgName: optString,
    teamName: optString,
    displayName: optString,
    shortDescription: optString,
    description: optString,
    publisher: optString,
    labels: stringList,
    productNames: stringList,
    accessType: optString,
    isPublic: looseBoolean,
    canGuestPull: looseBoolean,
    isMultiArchitecture: looseBoolean,
    hasSignedTag: looseBoolean,
    latestTag: optString,
    latestImageSize: looseNumber,
    latestArchitectureVariants: list(architectureVariantSchema),
    tags: stringList,
    updatedDate: optString,
    createdDate: optString,
});

/** `GET .../repos` page: `{ repositories[], paginationInfo }` (the item shape is inferred; ngc-api.md 4.1). */
export const reposPageSchema = z.object({
    repositories: list(repositorySchema),
    paginationInfo: paginationInfoSchema.nullish(),
});

/**
 * An `images[]` item (ngc-api.md 4.3): `isSigned` is "only returned when a tag has been signed", so absent means
 * unsigned; `size` may be quoted.
 */
export const imageSchema = z.object({
    tag: z.string(),
    size: looseNumber,
    updatedDate: optString,
    isSigned: looseBoolean,
    architectureVariants: list(architectureVariantSchema),
});

/** `GET .../repos/{repo}/images` page. */
export const imagesPageSchema = z.object({
    images: list(imageSchema),
    paginationInfo: paginationInfoSchema.nullish(),
});

/** MetaImageDetails, `GET .../repos/{repo}/tags/{tag}` (ngc-api.md 4.4). */
export const tagDetailsSchema = z.object({
    tag: optString,
    isSigned: looseBoolean,
    updatedDate: optString,
    malwareScanStatus: optString,
    malwareScanDate: optString,
    architectureVariants: list(architectureVariantSchema),
});
