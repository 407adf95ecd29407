import { formatPlatform, platformsEqual, type Platform } from '../../core/registry/platform';

/** One row of the platform quick pick. */
export interface PlatformItem {
    label: string;
    description?: string;
    platform: Platform;
}

/**
 * What to ask before a pull: nothing when the tag offers one platform (or is a single manifest, which has no index
 * to choose from: the daemon's own platform is pulled and core checks the image's config matches), else a pick
 * list whose first row, the default on Enter, is the Docker engine's own platform when the index offers it.
 */
export type PlatformChoice = { kind: 'fixed'; platform: Platform } | { kind: 'pick'; items: PlatformItem[] };

/**
 * `offered` are the platforms the registry's index lists (`platformsOf`, attestation entries already dropped);
 * `daemon` is the engine's `os/arch`. Duplicates after normalisation (`arm64` and `arm64/v8`) collapse to one row.
 */
export function platformChoice(offered: readonly Platform[], daemon: Platform): PlatformChoice {
    const unique: Platform[] = [];
    for (const p of offered) {
        if (!unique.some((u) => platformsEqual(u, p))) {
            unique.push(p);
        }
    }
    const [only] = unique;
    if (only === undefined) {
        return { kind: 'fixed', platform: daemon };
    }
    if (unique.length === 1) {
        return { kind: 'fixed', platform: only };
    }
    const native = unique.find((p) => platformsEqual(p, daemon));
    const ordered = native ? [native, ...unique.filter((p) => p !== native)] : unique;
    return {
        kind: 'pick',
        items: ordered.map((platform) => ({
            label: formatPlatform(platform),
            description:
                platform === native
                    ? "this Docker engine's platform (default)"
                    : `needs emulation on ${formatPlatform(daemon)}`,
            platform,
        })),
    };
}
