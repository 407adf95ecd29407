/**
 * Text both sides of the webview show the same way: the host (tree, quick picks, CLI messages through
 * `src/core/lib/format.ts` and `src/core/ngc/artifactRef.ts`) and the details webview, which may import only
 * `src/protocol`. Pure functions, no imports.
 */

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/**
 * A byte count in IEC binary units, as `docker images` and the README show them (`1.5 GiB`, `512 MiB`, `900 B`):
 * whole bytes, one decimal below 100 of a larger unit, none above (a rate such as 153.26 B/s reads `153 B`). A missing count gives undefined, so callers choose their own
 * placeholder (`-` in CLI tables, nothing in the tree); a count that is not a finite non-negative number is shown raw.
 */
export function formatBytes(bytes: number): string;
export function formatBytes(bytes: number | undefined): string | undefined;
export function formatBytes(bytes: number | undefined): string | undefined {
    if (bytes === undefined) {
        return undefined;
    }
    if (!Number.isFinite(bytes) || bytes < 0) {
        return `${bytes} B`;
    }
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < BINARY_UNITS.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${unit === 0 ? Math.round(value) : value.toFixed(value >= 100 ? 0 : 1)} ${BINARY_UNITS[unit]}`;
}

/** `org/[team/]name[:version]`, the form NGC's CLI, our CLI and our messages use. */
export function formatArtifactRef(ref: { org: string; team?: string; name: string }, version?: string): string {
    const base = ref.team ? `${ref.org}/${ref.team}/${ref.name}` : `${ref.org}/${ref.name}`;
    return version ? `${base}:${version}` : base;
}

/** `1 file`, `3 files`, `0 versions`. */
export function plural(count: number, one: string, many = `${one}s`): string {
    return `${count} ${count === 1 ? one : many}`;
}

/**
 * A platform the way Docker's `--platform` writes it, the one spelling of the tree, the details panel and the pickers:
 * `linux/amd64`, `linux/arm64`, `linux/arm/v7`. NGC puts the variant inside `architecture` (`arm64/v8`); a registry
 * index has it apart. The variant is shown only where it matters: arm64's only variant, v8, is dropped; 32-bit arm's
 * (v6, v7) and amd64's micro-architecture levels (v2, v3) are kept. A missing OS is linux, as NGC means it.
 */
export function platformLabel(p: {
    os?: string | undefined;
    architecture?: string | undefined;
    variant?: string | undefined;
}): string {
    const [arch = 'unknown', inlineVariant] = (p.architecture || 'unknown').toLowerCase().split('/');
    const variant = (p.variant ?? inlineVariant)?.toLowerCase();
    const shown = variant && !(arch === 'arm64' && (variant === 'v8' || variant === '8')) ? `/${variant}` : '';
    return `${(p.os || 'linux').toLowerCase()}/${arch}${shown}`;
}

/** A sha256 digest cut to the 12 hex digits `docker images` shows (`sha256:c0823d79b43e…` → `c0823d79b43e`). */
export function shortDigest(digest: string): string {
    return digest.replace(/^sha256:/, '').slice(0, 12);
}

/**
 * Whether a model, resource or chart version can be downloaded, and how to say why not. NGC lists versions whose
 * upload is still running or failed (`UPLOAD_PENDING`, `UPLOAD_FAILED`); they have no complete file set. No status
 * at all is an old version: complete.
 */
export function versionState(status: string | undefined): { ready: boolean; label: string } {
    if (status === undefined || status === '' || status === 'UPLOAD_COMPLETE') {
        return { ready: true, label: 'ready' };
    }
    return { ready: false, label: status.toLowerCase().replace(/_/g, ' ') };
}
