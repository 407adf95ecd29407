import type { BlobOutcome } from './upload';

/**
 * What a mirror reports as it goes. `planned` comes once, after the source is read; `blob` once per blob with how it
 * reached the target; `bytes` as upload bytes leave (many, small: the caller throttles); `manifest` per manifest
 * pushed (or found already present); `tagged` when the target tag is written, always last.
 */
export type MirrorEvent =
    | { type: 'planned'; manifests: number; blobs: number; bytes: number; artifacts: number; sourceDigest: string }
    | { type: 'blob'; digest: string; size: number; outcome: BlobOutcome | 'planned'; resumes: number }
    | { type: 'bytes'; digest: string; sent: number; totalSent: number }
    | { type: 'manifest'; digest: string; tag?: string; present: boolean }
    | { type: 'tagged'; reference: string; digest: string };

/** Per-run counters, returned with the result (and asserted by tests and the benchmark). */
export interface MirrorStats {
    blobsExisting: number;
    blobsMounted: number;
    blobsUploaded: number;
    /** Blob bytes sent to the target (0 on a rerun). */
    bytesSent: number;
    /** Blob bytes the image holds in all. */
    bytesTotal: number;
    /** Uploads that went chunked. */
    chunkedUploads: number;
    /** Uploads that resumed from the server's Range after a failure. */
    resumes: number;
    manifestsPushed: number;
    manifestsPresent: number;
}

export function emptyStats(): MirrorStats {
    return {
        blobsExisting: 0,
        blobsMounted: 0,
        blobsUploaded: 0,
        bytesSent: 0,
        bytesTotal: 0,
        chunkedUploads: 0,
        resumes: 0,
        manifestsPushed: 0,
        manifestsPresent: 0,
    };
}

/**
 * Which repositories of a target registry hold a blob, learnt during a process: a later copy to another repository
 * mounts it instead of uploading (`POST …/uploads/?mount=&from=`).
 */
export class BlobLocations {
    private readonly byDigest = new Map<string, Set<string>>();

    add(registry: string, repository: string, digest: string): void {
        const key = `${registry.toLowerCase()}\n${digest}`;
        const repos = this.byDigest.get(key) ?? new Set<string>();
        repos.add(repository);
        this.byDigest.set(key, repos);
    }

    holders(registry: string, digest: string): string[] {
        return [...(this.byDigest.get(`${registry.toLowerCase()}\n${digest}`) ?? [])];
    }
}
