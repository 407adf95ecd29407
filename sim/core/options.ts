import type { CloudOptions } from '../cloud/cloudHosts.js';
import type { ShapeSpec } from './shape.js';

/** What `startSimulator` accepts and the origins it reports: shared by the server and every host's context. */
export interface SimOptions {
    /** authn token lifetime, default 900 s (NGC's ~15 minutes). */
    tokenTtlSeconds?: number;
    /** nvcr.io proxy_auth token lifetime, default 600 s (the anonymous JWT's exp - iat). */
    registryTokenTtlSeconds?: number;
    /** Presigned file URL lifetime, default 300 s. */
    presignTtlSeconds?: number;
    /** Status of the `/files/{path}` and `/zip` redirects, default 302. */
    redirectStatus?: 302 | 307;
    /** Generate this many container repositories in org `bigorg` (the personal key is a member); default 0. */
    extraRepos?: number;
    /** Add the large benchmark artifacts (`nvidia/bench-model`, `nvidia/bench-single`); default false. */
    benchData?: boolean;
    /**
     * Server-side cap on `page-size` (REST lists) and `pageSize` (search), default {@link DEFAULT_MAX_PAGE_SIZE}:
     * like NGC, the sim serves fewer items than asked for and reports the size it used, so clients must page by
     * what the server says, not by what they asked.
     */
    maxPageSize?: number;
    /**
     * Network shape of the files and registry origins (RTT, per-connection and link ceilings, slow start, stalls,
     * resets; see `core/shape.ts`): a name (`cdn`, `far`, `lossy`) or a shape; default `loopback` (none).
     */
    shape?: ShapeSpec;
    /**
     * Cloud registries' credential services to start beside NGC's hosts (`cloud/`): an ECR API endpoint (SigV4
     * checked) and an ACR token service; default none.
     */
    cloud?: CloudOptions;
}

/** The sim's page-size cap: below the 50 the tree asks for and the 100 core asks for, so both see it. */
export const DEFAULT_MAX_PAGE_SIZE = 25;

export interface SimUrls {
    api: string;
    auth: string;
    /** host:port, no scheme (like `nvcr.io`). */
    registry: string;
    helm: string;
    files: string;
}
