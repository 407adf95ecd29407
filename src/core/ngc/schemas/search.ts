import { z } from 'zod';
import { list, looseNumber, optString } from './common';

/** `labels[]` of a search hit: `{ key, values[] }` groups (ngc-api.md 8.3). */
export const searchLabelSchema = z.object({ key: z.string(), values: z.array(z.unknown()).nullish() });

/**
 * One search hit (ngc-api.md 8.3). Attribute values are always strings, sizes and booleans included; the fixture
 * has no `requestStatus`. `resourceId` is `org/[team/]name`.
 */
export const searchResourceSchema = z.object({
    resourceId: optString,
    resourceType: optString,
    orgName: optString,
    teamName: optString,
    name: optString,
    displayName: optString,
    description: optString,
    labels: list(searchLabelSchema),
    attributes: list(z.object({ key: z.string(), value: z.unknown() })),
    dateCreated: optString,
    dateModified: optString,
    isPublic: z.union([z.boolean(), z.string()]).nullish(),
    guestAccess: z.union([z.boolean(), z.string()]).nullish(),
});

/**
 * The search answer: `results[]` are groups by resource type, including a `_scored` group that duplicates top hits
 * when sorting by score (ignored by the reader). `page` is 0-based; `resultPageTotal` counts pages.
 */
export const searchResponseSchema = z.object({
    resultTotal: looseNumber,
    resultPageTotal: looseNumber,
    params: z.object({ page: looseNumber, pageSize: looseNumber }).nullish(),
    results: list(
        z.object({
            groupValue: z.string().nullish(),
            totalCount: looseNumber,
            resources: list(searchResourceSchema),
        }),
    ),
});
