import { z } from 'zod';
import { list, optString, paginationInfoSchema, requestStatusSchema, stringList } from './common';

/** An org as it appears inside role entries and `/v2/orgs` (ngc-api.md 3.1, 3.2); only `name` is relied on. */
export const orgSchema = z.object({
    id: z.union([z.number(), z.string()]).nullish(),
    name: z.string(),
    displayName: optString,
    type: optString,
    description: optString,
});

/** A team inside a role entry or `/v2/org/{org}/teams`; role entries without a team omit it or send `{}`. */
export const teamSchema = z.object({
    id: z.union([z.number(), z.string()]).nullish(),
    name: z.string(),
    description: optString,
    isDeleted: z.boolean().nullish(),
});

/**
 * One role entry of a user (ngc-api.md 3.1). Real payloads mix `REGISTRY_READ` and `REGISTRY-READ` spellings; the
 * team object may be missing, `null` or empty.
 */
export const roleSchema = z.object({
    org: orgSchema.nullish(),
    orgRoles: stringList,
    team: z.object({ name: z.string().nullish() }).nullish(),
    teamRoles: stringList,
});

/** The person behind a key (`user` of caller info and `/v2/users/me`). Service keys report `user: null`. */
export const userSchema = z.object({
    id: z.union([z.number(), z.string()]).nullish(),
    name: optString,
    email: optString,
    starfleetId: optString,
    clientId: optString,
    roles: list(roleSchema),
});

/**
 * `POST /v3/keys/get-caller-info` (ngc-api.md 2.3): `type` is `PERSONAL_KEY` or `SERVICE_KEY` (other values are
 * kept as strings so a new kind does not break whoami); `user` is `null` for service keys.
 */
export const callerInfoSchema = z.object({
    userId: z.union([z.string(), z.number()]).nullish(),
    orgName: optString,
    type: optString,
    products: stringList,
    user: userSchema.nullish(),
    requestStatus: requestStatusSchema.nullish(),
});
export type CallerInfoResponse = z.infer<typeof callerInfoSchema>;

/** `GET /v2/users/me` (ngc-api.md 3.1): `{ user, userRoles (deprecated), requestStatus }`. */
export const usersMeSchema = z.object({
    user: userSchema,
    requestStatus: requestStatusSchema.nullish(),
});

/** `GET /v2/orgs` page: `{ organizations[], paginationInfo }`. */
export const orgsPageSchema = z.object({
    organizations: list(orgSchema),
    paginationInfo: paginationInfoSchema.nullish(),
});

/** `GET /v2/org/{org}/teams` page: `{ teams[], paginationInfo }`. */
export const teamsPageSchema = z.object({
    teams: list(teamSchema),
    paginationInfo: paginationInfoSchema.nullish(),
});
