/**
 * Everything the host handlers share: resolved options, the clock, keys and issued tokens, the catalog, the URL
 * signer for the files origin, licence acceptances and the cosign keys.
 */
import type { KeyObject } from 'node:crypto';
import type { KeyIdentity } from '../auth/keys.js';
import type { TokenStore } from '../auth/tokens.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Presigner } from '../files/presign.js';
import type { SimClock } from './clock.js';
import type { SimOptions, SimUrls } from './options.js';

export interface CosignKeys {
    privateKey: KeyObject;
    publicKeyPem: string;
    /** Signs `nvidia/badsig`: a different key, so its signature does not verify. */
    wrongPrivateKey: KeyObject;
}

export interface SimContext {
    options: Required<SimOptions>;
    clock: SimClock;
    tokens: TokenStore;
    identities: Map<string, KeyIdentity>;
    catalog: Catalog;
    /** Filled in once every host listens. */
    urls: SimUrls;
    presigner: Presigner;
    /** `${key}|${org/[team/]name}` pairs whose licence was accepted. */
    licenses: Set<string>;
    cosign: CosignKeys;
}

/** Whether `key` accepted the licence of `artifact`. */
export function licenseAccepted(ctx: SimContext, key: string | undefined, artifact: string): boolean {
    return key !== undefined && ctx.licenses.has(`${key}|${artifact}`);
}
