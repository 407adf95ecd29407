import { z } from 'zod';
import { list, looseBoolean, looseNumber, optString, paginationInfoSchema, stringList } from './common';

/**
 * The model / recipe (resource) / artifact (helm chart) object (ngc-api.md 5.1, 6, 7.1). The three share fields;
 * the version is `latestVersionIdStr` for models and resources, while charts send a string `latestVersionId` (and
 * models a deprecated integer one), so both are read. Charts may also carry it as an attribute.
 */
export const artifactObjectSchema = z.object({
    orgName: optString,
    teamName: optString,
    name: optString,
    displayName: optString,
    shortDescription: optString,
    description: optString,
    publisher: optString,
    builtBy: optString,
    application: optString,
    framework: optString,
    precision: optString,
    modelFormat: optString,
    latestVersionIdStr: optString,
    latestVersionId: z.union([z.string(), z.number()]).nullish(),
    latestVersionSizeInBytes: looseNumber,
    isPublic: looseBoolean,
    canGuestDownload: looseBoolean,
    hasSignedVersion: looseBoolean,
    labels: stringList,
    productNames: stringList,
    attributes: list(z.object({ key: z.string(), value: z.unknown() })),
    createdDate: optString,
    updatedDate: optString,
});
export type ArtifactObject = z.infer<typeof artifactObjectSchema>;

/**
 * A version (`modelVersion`, `recipeVersion`, `artifactVersion`; ngc-api.md 5.2, 6, 7.1). Models and resources name
 * it `versionId`; charts use `id` for the string version. One of the two must be present.
 */
export const artifactVersionSchema = z
    .object({
        versionId: z.union([z.string(), z.number()]).nullish(),
        id: z.union([z.string(), z.number()]).nullish(),
        status: optString,
        totalSizeInBytes: looseNumber,
        totalFileCount: looseNumber,
        createdDate: optString,
        updatedDate: optString,
        description: optString,
        isSigned: looseBoolean,
    })
    .refine((v) => (v.versionId !== undefined && v.versionId !== null ? true : v.id !== undefined && v.id !== null), {
        message: 'a version without versionId or id',
        path: ['versionId'],
    });
export type ArtifactVersionObject = z.infer<typeof artifactVersionSchema>;

/** Above this a listed file size is not believed (the largest NGC files are tens of GiB). */
export const MAX_FILE_BYTES = 4 * 1024 ** 4;

/**
 * A file's size, as a number or a digit string (both occur). Strict: the size is preallocated on disk and drives the
 * free-space check, so a negative, fractional or absurd value (a hostile listing) is refused, never used.
 */
const fileSize = z
    .union([z.number(), z.string().regex(/^\d+$/, 'a file size must be a number of bytes')])
    .transform(Number)
    .pipe(
        z
            .number()
            .nonnegative('a file size cannot be negative')
            .max(MAX_FILE_BYTES, 'a file size above 4 TiB is not believable')
            .int('a file size must be a whole number of bytes'),
    );

/**
 * A file of a version (ngc-api.md 5.3). `path` and `sizeInBytes` are required (downloads are verified against the
 * size); `sha256_base64` is optional because real items lack it; NVIDIA's mock puts a leading `/` on paths.
 */
export const artifactFileSchema = z.object({
    path: z.string().min(1),
    sizeInBytes: fileSize,
    sha256_base64: optString,
    createdDate: optString,
});

/**
 * `GET .../{models|resources|helm-charts}/{name}`: `{model}` / `{recipe}` / `{artifact}`. The guest form
 * `/v2/models/{org}/{x}` is ambiguous (a team listing or a model), so a listing body (`models[]`, ...) is noticed too.
 */
export const artifactResponseSchema = z.object({
    model: artifactObjectSchema.nullish(),
    recipe: artifactObjectSchema.nullish(),
    artifact: artifactObjectSchema.nullish(),
    models: z.array(z.unknown()).nullish(),
    recipes: z.array(z.unknown()).nullish(),
    artifacts: z.array(z.unknown()).nullish(),
});

/** `GET .../versions` page: `modelVersions[]` / `recipeVersions[]` / `artifactVersions[]`. */
export const versionsPageSchema = z.object({
    modelVersions: list(artifactVersionSchema),
    recipeVersions: list(artifactVersionSchema),
    artifactVersions: list(artifactVersionSchema),
    paginationInfo: paginationInfoSchema.nullish(),
});

/** `GET .../versions/{v}`: `modelVersion` / `recipeVersion` / `artifactVersion`. */
export const versionResponseSchema = z.object({
    modelVersion: artifactVersionSchema.nullish(),
    recipeVersion: artifactVersionSchema.nullish(),
    artifactVersion: artifactVersionSchema.nullish(),
});

/** `GET .../versions/{v}/files` page: `modelFiles[]` / `recipeFiles[]` / `artifactFiles[]`. */
export const filesPageSchema = z.object({
    modelFiles: list(artifactFileSchema),
    recipeFiles: list(artifactFileSchema),
    artifactFiles: list(artifactFileSchema),
    paginationInfo: paginationInfoSchema.nullish(),
});

/**
 * The download-all endpoint `/v2/org/{org}/.../{name}/{version}/files` (ngc-api.md 5.4): parallel arrays
 * `filepath[i]`/`urls[i]`/`sha256_base64[i]`; the checksum array may be missing, shorter, or hold nulls.
 */
export const downloadUrlsPageSchema = z.object({
    filepath: z.array(z.string()),
    urls: z.array(z.string()),
    sha256_base64: z.array(z.string().nullish()).nullish(),
    paginationInfo: paginationInfoSchema.nullish(),
});

/**
 * The single-file form `...?path=<file>`: `{urls: [url]}` in ngcsdk, `{filepath, url}` in the published schema
 * (ngc-api.md 5.4), so either is accepted.
 */
export const singleDownloadUrlSchema = z
    .object({ urls: z.array(z.string()).nullish(), url: optString })
    .refine((v) => Boolean(v.urls?.[0] ?? v.url), { message: 'no download URL in the answer', path: ['urls'] });
