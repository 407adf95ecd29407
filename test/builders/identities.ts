import type { Identity } from '../../src/core/catalog/catalogSource';
import { HttpError } from '../../src/core/http/errors';

/** A personal key's identity as core's catalog adapter returns it (the simulator's Jon Doe, org acme). */
export const JON: Identity = {
    kind: 'personal',
    user: { name: 'Jon Doe' },
    orgs: ['acme'],
    teams: [],
    roles: [],
    products: [],
};

/** The HttpError undici's refused connection becomes (nothing listens on the API endpoint). */
export function refusedConnection(url = 'http://127.0.0.1:9/v2/users/me'): HttpError {
    return new HttpError({
        kind: 'network',
        url,
        cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
    });
}
