import { z } from 'zod';

/**
 * authn `/token` answer (ngc-api.md 2.2): `{ token, expires_in }`. NVIDIA's client-credentials variant answers
 * `access_token` instead, so either is accepted; `expires_in` may be missing (ngcsdk then reads -1).
 */
export const tokenResponseSchema = z
    .object({
        token: z.string().min(1).nullish(),
        access_token: z.string().min(1).nullish(),
        expires_in: z.number().nullish(),
    })
    .refine((v) => Boolean(v.token ?? v.access_token), { message: 'no token in the answer', path: ['token'] });
