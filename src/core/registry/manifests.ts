import { z } from 'zod';

/**
 * Manifest media types. nvcr.io serves Docker manifest lists for most multi-arch images and OCI indexes where
 * they were pushed that way (ngc-api.md §9.2); distribution 2.8 answers 404 to a HEAD on an OCI index unless the
 * OCI index type is in Accept (environment.md §2e), so every manifest request sends all four.
 */
export const MEDIA_TYPES = {
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

/** The Accept header of every manifest HEAD/GET. */
export const MANIFEST_ACCEPT = [
    MEDIA_TYPES.ociIndex,
    MEDIA_TYPES.dockerList,
    MEDIA_TYPES.ociManifest,
    MEDIA_TYPES.dockerManifest,
].join(', ');

export function isIndexMediaType(mediaType: string | undefined): boolean {
    return mediaType === MEDIA_TYPES.ociIndex || mediaType === MEDIA_TYPES.dockerList;
}

export function isManifestMediaType(mediaType: string | undefined): boolean {
    return mediaType === MEDIA_TYPES.ociManifest || mediaType === MEDIA_TYPES.dockerManifest;
}

/** A content descriptor. `platform` appears only in index entries; OCI allows `os.version`/`os.features`. */
export const descriptorSchema = z.object({
    mediaType: z.string().optional(),
    digest: z.string(),
    size: z.number().int().nonnegative().optional(),
    annotations: z.record(z.string(), z.string()).nullish(),
    platform: z
        .object({
            os: z.string(),
            architecture: z.string(),
            variant: z.string().optional(),
            'os.version': z.string().optional(),
        })
        .optional(),
});
export type Descriptor = z.infer<typeof descriptorSchema>;

/**
 * An OCI image index or a Docker manifest list: same shape. `mediaType` is optional in OCI (older pushers omit it),
 * so callers take the type from `Content-Type` first.
 */
export const indexSchema = z.object({
    schemaVersion: z.literal(2),
    mediaType: z.string().optional(),
    manifests: z.array(descriptorSchema),
    annotations: z.record(z.string(), z.string()).nullish(),
});
export type ImageIndex = z.infer<typeof indexSchema>;

/** An OCI image manifest or a Docker schema 2 manifest. Artifact manifests (cosign `.sig`) use the same shape. */
export const manifestSchema = z.object({
    schemaVersion: z.literal(2),
    mediaType: z.string().optional(),
    config: descriptorSchema,
    layers: z.array(descriptorSchema),
    annotations: z.record(z.string(), z.string()).nullish(),
});
export type ImageManifest = z.infer<typeof manifestSchema>;

/** The fields of an image config that say which platform it was built for. */
export const imageConfigSchema = z.object({
    os: z.string(),
    architecture: z.string(),
    variant: z.string().optional(),
});

/** `GET /v2/<name>/tags/list`. `tags` is `null` on distribution for a repository whose tags were all deleted. */
export const tagListSchema = z.object({
    name: z.string().optional(),
    tags: z.array(z.string()).nullish(),
});

/**
 * A token endpoint answer: `token` (distribution spec) or `access_token` (OAuth2), `expires_in` seconds, which the
 * spec defaults to 60 when absent; nvcr.io says 300-3600 (ngc-api.md §9.1).
 */
export const tokenResponseSchema = z
    .object({
        token: z.string().min(1).optional(),
        access_token: z.string().min(1).optional(),
        expires_in: z.number().positive().optional(),
        issued_at: z.string().optional(),
    })
    .refine((t) => t.token !== undefined || t.access_token !== undefined, { message: 'no token or access_token' });
