import { z } from 'zod';

/**
 * The details panel's message protocol: one zod discriminated union per direction, inferred types, `safeParse` on
 * receipt in both bundles. The host sends nothing before `details/ready` (a webview drops messages posted before its
 * script has attached a listener). Names are descriptors shared by both sides.
 */
export const ARTIFACT_KIND = z.enum(['container', 'model', 'resource', 'helm-chart']);

export const artifactRefSchema = z.object({
    kind: ARTIFACT_KIND,
    org: z.string(),
    team: z.string().optional(),
    name: z.string(),
});
export type ArtifactRefMessage = z.infer<typeof artifactRefSchema>;

const platformSchema = z.object({ os: z.string().optional(), architecture: z.string().optional(), digest: z.string() });

export const tagRowSchema = z.object({
    tag: z.string(),
    size: z.number().optional(),
    updated: z.string().optional(),
    signed: z.boolean().optional(),
    rating: z.string().optional(),
    platforms: z.array(platformSchema),
});

export const versionRowSchema = z.object({
    version: z.string(),
    size: z.number().optional(),
    updated: z.string().optional(),
    status: z.string().optional(),
    fileCount: z.number().optional(),
    signed: z.boolean().optional(),
});

export const fileRowSchema = z.object({ path: z.string(), size: z.number().optional(), hasChecksum: z.boolean() });

export const detailsModelSchema = z.object({
    ref: artifactRefSchema,
    title: z.string(),
    reference: z.string(),
    description: z.string().optional(),
    /** Publisher markdown as text; the webview renders it through marked + DOMPurify. */
    markdown: z.string().optional(),
    publisher: z.string().optional(),
    labels: z.array(z.string()),
    productNames: z.array(z.string()),
    signed: z.boolean().optional(),
    locked: z.boolean().optional(),
    latest: z.string().optional(),
    registry: z.string(),
    tags: z.array(tagRowSchema),
    versions: z.array(versionRowSchema),
    /** True when the table shows one page and more exist. */
    more: z.boolean(),
});
export type DetailsModel = z.infer<typeof detailsModelSchema>;

const problemSchema = z.object({ title: z.string(), remedy: z.string(), action: z.string().optional() });

/** The outcome of a cosign check of one tag, answered to `details/verify`. */
export const verificationSchema = z.object({
    state: z.enum(['verified', 'unsigned', 'invalid']),
    digest: z.string(),
    /** `verified`, `not signed`, `signature does not verify`, … */
    summary: z.string(),
    /** One line per signature: what was checked or what failed. */
    details: z.array(z.string()),
});
export type VerificationMessage = z.infer<typeof verificationSchema>;

/** Host → webview. */
export const hostMessageSchema = z.discriminatedUnion('type', [
    z.object({ type: z.literal('host/loading'), ref: artifactRefSchema }),
    z.object({ type: z.literal('host/state'), model: detailsModelSchema }),
    z.object({ type: z.literal('host/error'), ref: artifactRefSchema, problem: problemSchema }),
    z.object({ type: z.literal('host/files'), version: z.string(), files: z.array(fileRowSchema) }),
    z.object({ type: z.literal('host/filesError'), version: z.string(), problem: problemSchema }),
    z.object({ type: z.literal('host/verification'), tag: z.string(), verification: verificationSchema }),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;

/** Webview → host. */
export const webviewMessageSchema = z.discriminatedUnion('type', [
    z.object({ type: z.literal('details/ready') }),
    z.object({ type: z.literal('details/copyPull'), tag: z.string() }),
    z.object({ type: z.literal('details/copyDigest'), digest: z.string().regex(/^sha256:[0-9a-f]{64}$/) }),
    z.object({ type: z.literal('details/insertFrom'), tag: z.string() }),
    z.object({ type: z.literal('details/pull'), tag: z.string() }),
    z.object({ type: z.literal('details/verify'), tag: z.string() }),
    z.object({ type: z.literal('details/download'), version: z.string() }),
    z.object({ type: z.literal('details/selectVersion'), version: z.string() }),
    z.object({ type: z.literal('details/openLink'), url: z.string().url() }),
    z.object({ type: z.literal('details/fix'), action: z.string() }),
    z.object({ type: z.literal('details/reload') }),
]);
export type WebviewMessage = z.infer<typeof webviewMessageSchema>;

/** What the panel persists through `setState` so it can be restored after a reload. */
export const panelStateSchema = z.object({ ref: artifactRefSchema });
export type PanelState = z.infer<typeof panelStateSchema>;
