/**
 * Text both sides of the webview show the same way: the host (tree, quick picks, CLI messages through
 * `src/core/lib/format.ts` and `src/core/ngc/artifactRef.ts`) and the details webview, which may import only
 * `src/protocol`. Pure functions, no imports.
 */

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/**
 * A byte count in IEC binary units, as `docker images` and the README show them (`1.5 GiB`, `512 MiB`, `900 B`):
 * one decimal below 100 of a unit, none above. A missing count gives undefined, so callers choose their own
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
    return `${unit === 0 ? value : value.toFixed(value >= 100 ? 0 : 1)} ${BINARY_UNITS[unit]}`;
}

/** `org/[team/]name[:version]`, the form NGC's CLI, our CLI and our messages use. */
export function formatArtifactRef(ref: { org: string; team?: string; name: string }, version?: string): string {
    const base = ref.team ? `${ref.org}/${ref.team}/${ref.name}` : `${ref.org}/${ref.name}`;
    return version ? `${base}:${version}` : base;
}
