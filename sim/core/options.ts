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
    /** Clamp for `page-size`, default 1000. */
    maxPageSize?: number;
}

export interface SimUrls {
    api: string;
    auth: string;
    /** host:port, no scheme (like `nvcr.io`). */
    registry: string;
    helm: string;
    files: string;
}
