/**
 * Seed types of the simulated catalog. Seeds are plain data; the REST shapes (ngc-api.md 4-7), the registry manifests
 * (section 9) and the helm index (7.2) are all derived from them, so every host tells the same story.
 */

export interface Platform {
    os: 'linux';
    architecture: 'amd64' | 'arm64';
    variant?: string;
}

/** A container repository (REST `repos`, registry repository). */
export interface RepoSeed {
    org: string;
    team?: string;
    name: string;
    displayName: string;
    shortDescription: string;
    /** Publisher markdown, as NGC shows on the overview page. */
    description: string;
    publisher: string;
    labels: string[];
    isPublic: boolean;
    /** Entitlements needed to pull (e.g. `nv-ai-enterprise`); empty for ordinary repos. */
    productNames: string[];
    /** EU-restricted: the API and registry manifests answer 451. */
    legalRestricted?: boolean;
    /** `valid`: cosign-signed by the simulator key; `bad`: signed by another key. */
    signing: 'none' | 'valid' | 'bad';
    /** Which media-type family the registry stores: Docker v2 (+ manifest list) or OCI (+ index). */
    format: 'docker' | 'oci';
    platforms: Platform[];
    /** Newest first. */
    tags: string[];
    /** Date of the newest tag; each older tag is a few days earlier. */
    newestDate: string;
    /** Size of the incompressible payload in each layer, in KiB. */
    layerKiB: number;
    /**
     * Repositories with the same key share one set of images (built once), like the same image pushed to many
     * repositories; used by the generated `bigorg` repos so paging 10 000 of them builds nothing per repo.
     */
    sharedImageKey?: string;
}

export type ArtifactKind = 'model' | 'resource' | 'chart';

/** One file of an artifact version; bytes are generated from `seed` unless `content` is given. */
export interface FileSpec {
    /** Relative to the version root, `/`-separated, no leading slash. */
    path: string;
    size: number;
    seed: number;
    content?: Buffer;
    /** NGC omits `sha256_base64` for some files (ngc-api.md 5.3). */
    hasSha: boolean;
}

export interface VersionSeed {
    version: string;
    status: 'UPLOAD_COMPLETE' | 'UPLOAD_PENDING';
    createdDate: string;
    files: FileSpec[];
    /** OMS-signed by the simulator CA: `valid`, or `mismatch` (a file changed after signing); absent: unsigned. */
    signing?: 'valid' | 'mismatch';
}

/** A model, resource ("recipe") or helm chart ("artifact"). */
export interface ArtifactSeed {
    kind: ArtifactKind;
    org: string;
    team?: string;
    name: string;
    displayName: string;
    shortDescription: string;
    description: string;
    publisher: string;
    labels: string[];
    isPublic: boolean;
    productNames: string[];
    /** Downloads answer 412 until the licence is accepted for the caller's key. */
    licenseGated?: boolean;
    application?: string;
    framework?: string;
    precision?: string;
    /** Newest first. */
    versions: VersionSeed[];
}

/** `org/team/name` or `org/name`. */
export function fullName(seed: { org: string; team?: string; name: string }): string {
    return seed.team === undefined ? `${seed.org}/${seed.name}` : `${seed.org}/${seed.team}/${seed.name}`;
}

/** Total bytes of a version's files. */
export function versionSize(version: VersionSeed): number {
    return version.files.reduce((sum, f) => sum + f.size, 0);
}
