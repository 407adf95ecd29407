import { z } from 'zod';

/**
 * NGC's `requestStatus` envelope, carried by every api.ngc.nvidia.com body (ngc-api.md 2.5). NVIDIA's Java stub
 * spells the id `requestID`, the fixtures `requestId`; search responses may omit the envelope altogether.
 */
export const requestStatusSchema = z.object({
    statusCode: z.string().nullish(),
    statusDescription: z.string().nullish(),
    requestId: z.string().nullish(),
    requestID: z.string().nullish(),
});

/**
 * `paginationInfo` of REST lists (ngc-api.md 3.4). Every field is optional: some list endpoints omit the object,
 * and `nextPage` may be an empty string. `index` is 0-based.
 */
export const paginationInfoSchema = z.object({
    index: z.number().nullish(),
    size: z.number().nullish(),
    totalPages: z.number().nullish(),
    totalResults: z.number().nullish(),
    nextPage: z.string().nullish(),
});
export type PaginationInfo = z.infer<typeof paginationInfoSchema>;

/** A list that NGC may send as `null` or leave out: both read as empty. */
export function list<T extends z.ZodType>(item: T) {
    return z
        .array(item)
        .nullish()
        .transform((v) => v ?? []);
}

/** A string array that may be absent or `null`, or hold `null`s or objects (label shapes vary): strings are kept. */
export const stringList = z
    .array(z.unknown())
    .nullish()
    .transform((v) => (v ?? []).filter((s): s is string => typeof s === 'string'));

/**
 * A number NGC sometimes sends as a string (search attributes always are; some list items quote sizes too).
 * Non-numeric strings become undefined rather than failing the whole response.
 */
export const looseNumber = z
    .union([z.number(), z.string()])
    .nullish()
    .transform((v) => {
        if (v === null || v === undefined || v === '') {
            return undefined;
        }
        const n = typeof v === 'number' ? v : Number(v);
        return Number.isFinite(n) ? n : undefined;
    });

/** A boolean that may arrive as `"true"`/`"false"` (search attributes) or be absent. */
export const looseBoolean = z
    .union([z.boolean(), z.string()])
    .nullish()
    .transform((v) => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined));

/** An optional string that may be `null`; normalised to `undefined`. */
export const optString = z
    .string()
    .nullish()
    .transform((v) => v ?? undefined);
