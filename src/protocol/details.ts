import * as z from 'zod/mini';

/**
 * The details panel's message protocol: one zod discriminated union per direction, inferred types, `safeParse` on
 * receipt in both bundles. The host sends nothing before `details/ready` (a webview drops messages posted before its
 * script has attached a listener). Names are descriptors shared by both sides.
 */
/**
 * The kinds of catalog item, the one definition of the vocabulary: `src/core/ngc/artifactRef.ts` derives
 * `ArtifactKind` and `ARTIFACT_KINDS` from this enum. It lives here because the protocol may import only zod and the
 * webview may import only the protocol; core may import the protocol.
 */
export const ARTIFACT_KIND = z.enum(['container', 'model', 'resource', 'helm-chart']);

/**
 * A Docker tag (distribution spec): what may follow `repo:` in `docker pull` or a FROM line. Anything else from the
 * webview (a tag name the API returned with HTML or spaces in it, a forged message) never reaches a command.
 */
export const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
export const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;
/** One segment of `org/[team/]name`: NGC names are lower-case letters, digits and `._-`; no slash, space or `..`. */
export const NAME_SEGMENT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export const tagSchema = z.string().check(z.regex(TAG_PATTERN, 'not a valid image tag'));
export const digestSchema = z.string().check(z.regex(DIGEST_PATTERN, 'not a sha256 digest'));
const segmentSchema = z.string().check(z.regex(NAME_SEGMENT_PATTERN, 'not a valid NGC name'));

/** True when `tag` may be used in a command (pull, FROM line); rows with other names are shown but not actionable. */
export function isActionableTag(tag: string): boolean {
    return TAG_PATTERN.test(tag);
}

export const artifactRefSchema = z.object({
    kind: ARTIFACT_KIND,
    org: segmentSchema,
    team: z.optional(segmentSchema),
    name: segmentSchema,
});
export type ArtifactRefMessage = z.infer<typeof artifactRefSchema>;

const platformSchema = z.object({
    os: z.optional(z.string()),
    architecture: z.optional(z.string()),
    digest: digestSchema,
});

/** A signature check made in this session (the tree and the panel show the same verdict). */
const rowVerificationSchema = z.object({
    state: z.enum(['verified', 'unsigned', 'invalid']),
    digest: digestSchema,
    summary: z.string(),
});

export const tagRowSchema = z.object({
    /** Shown as text whatever it is; the row's actions exist only when it matches {@link tagSchema}. */
    tag: z.string().check(z.maxLength(256)),
    size: z.optional(z.number()),
    updated: z.optional(z.string()),
    signed: z.optional(z.boolean()),
    rating: z.optional(z.string()),
    platforms: z.array(platformSchema),
    verification: z.optional(rowVerificationSchema),
});

export const versionRowSchema = z.object({
    version: z.string(),
    size: z.optional(z.number()),
    updated: z.optional(z.string()),
    status: z.optional(z.string()),
    fileCount: z.optional(z.number()),
    signed: z.optional(z.boolean()),
    /** A model signature check made after a download in this session; `summary` says why it failed. */
    verification: z.optional(z.object({ state: z.enum(['verified', 'failed']), summary: z.string() })),
});

export const fileRowSchema = z.object({ path: z.string(), size: z.optional(z.number()), hasChecksum: z.boolean() });

export const detailsModelSchema = z.object({
    ref: artifactRefSchema,
    title: z.string(),
    reference: z.string(),
    description: z.optional(z.string()),
    /** Publisher markdown as text; the webview renders it through marked + DOMPurify. */
    markdown: z.optional(z.string()),
    publisher: z.optional(z.string()),
    labels: z.array(z.string()),
    productNames: z.array(z.string()),
    signed: z.optional(z.boolean()),
    locked: z.optional(z.boolean()),
    /** The catalog says anyone may read it (Helm commands then need no credentials). */
    isPublic: z.optional(z.boolean()),
    latest: z.optional(z.string()),
    registry: z.string(),
    tags: z.array(tagRowSchema),
    versions: z.array(versionRowSchema),
    /** True when the table shows one page and more exist. */
    more: z.boolean(),
});
export type DetailsModel = z.infer<typeof detailsModelSchema>;

const problemSchema = z.object({ title: z.string(), remedy: z.string(), action: z.optional(z.string()) });

/** The outcome of a cosign check of one tag, answered to `details/verify`. */
export const verificationSchema = z.object({
    state: z.enum(['verified', 'unsigned', 'invalid']),
    digest: digestSchema,
    /** `verified`, `not signed`, `signature does not verify`, … */
    summary: z.string(),
    /** One line per signature: what was checked or what failed. */
    details: z.array(z.string()),
});
export type VerificationMessage = z.infer<typeof verificationSchema>;

/** One platform of a tag as `inspect` sees it in the image config: what "which PyTorch is in 25.03-py3?" asks. */
export const platformInspectionSchema = z.object({
    /** As Docker writes it: `linux/amd64`, `linux/arm64`. */
    platform: z.string(),
    digest: digestSchema,
    created: z.optional(z.string()),
    /** Framework and CUDA versions from the config's Env, in core's order; `name` is the one people know. */
    frameworks: z.array(z.object({ name: z.string(), variable: z.string(), version: z.string() })),
    layers: z.int().check(z.nonnegative()),
    /** Config plus layers, compressed (what a pull downloads). */
    compressedSize: z.number().check(z.nonnegative()),
});
export type PlatformInspectionMessage = z.infer<typeof platformInspectionSchema>;

/** Host → webview. */
export const hostMessageSchema = z.discriminatedUnion('type', [
    /** `title` and `reference`: the header the page draws until the state arrives (what the tree row knows). */
    z.object({
        type: z.literal('host/loading'),
        ref: artifactRefSchema,
        title: z.optional(z.string()),
        reference: z.optional(z.string()),
    }),
    z.object({ type: z.literal('host/state'), model: detailsModelSchema }),
    z.object({ type: z.literal('host/error'), ref: artifactRefSchema, problem: problemSchema }),
    z.object({ type: z.literal('host/files'), version: z.string(), files: z.array(fileRowSchema) }),
    z.object({ type: z.literal('host/filesError'), version: z.string(), problem: problemSchema }),
    z.object({ type: z.literal('host/verification'), tag: tagSchema, verification: verificationSchema }),
    /** What is inside a tag, answered to `details/inspect`: the digest it points at and each platform's facts. */
    z.object({
        type: z.literal('host/inspection'),
        tag: tagSchema,
        digest: digestSchema,
        platforms: z.array(platformInspectionSchema),
    }),
    z.object({ type: z.literal('host/inspectionError'), tag: tagSchema, problem: problemSchema }),
    /** The whole table after a "Load more" (pages merged, duplicates dropped, newest first). */
    z.object({
        type: z.literal('host/rows'),
        tags: z.array(tagRowSchema),
        versions: z.array(versionRowSchema),
        more: z.boolean(),
    }),
    z.object({ type: z.literal('host/moreError'), problem: problemSchema }),
    /** True while the panel is the preview that the next single click in the tree replaces. */
    z.object({ type: z.literal('host/preview'), preview: z.boolean() }),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;

/** Webview → host. */
export const webviewMessageSchema = z.discriminatedUnion('type', [
    z.object({ type: z.literal('details/ready') }),
    z.object({ type: z.literal('details/copyPull'), tag: tagSchema }),
    z.object({ type: z.literal('details/copyDigest'), digest: digestSchema }),
    z.object({ type: z.literal('details/insertFrom'), tag: tagSchema }),
    z.object({ type: z.literal('details/pull'), tag: tagSchema }),
    z.object({ type: z.literal('details/verify'), tag: tagSchema }),
    /** Mirror the tag to another registry (the host's `ngc.image.mirror` asks for the target and platforms). */
    z.object({ type: z.literal('details/mirror'), tag: tagSchema }),
    /** A tag row was expanded: inspect the tag's image configs (per platform: created, frameworks, layers, size). */
    z.object({ type: z.literal('details/inspect'), tag: tagSchema }),
    /** Append the next page of tags or versions; the host knows which page is next and ignores repeats. */
    z.object({ type: z.literal('details/loadMore') }),
    /** Without a version: the header's Download, which asks which version. */
    z.object({ type: z.literal('details/download'), version: z.optional(z.string()) }),
    /** Copy the `helm repo add` / `helm fetch` lines of a chart version (the latest without one). */
    z.object({ type: z.literal('details/copyHelm'), version: z.optional(z.string()) }),
    z.object({ type: z.literal('details/selectVersion'), version: z.string() }),
    z.object({ type: z.literal('details/openLink'), url: z.url() }),
    z.object({ type: z.literal('details/fix'), action: z.string() }),
    z.object({ type: z.literal('details/reload') }),
    /** Keep this preview panel open (its Keep Open button). */
    z.object({ type: z.literal('details/keep') }),
]);
export type WebviewMessage = z.infer<typeof webviewMessageSchema>;

/** What the panel persists through `setState` so it can be restored after a reload. */
export const panelStateSchema = z.object({ ref: artifactRefSchema });
export type PanelState = z.infer<typeof panelStateSchema>;
