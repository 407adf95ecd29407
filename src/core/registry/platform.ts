import type { Descriptor } from './manifests';

/**
 * Platforms as `os/arch[/variant]` (`linux/amd64`, `linux/arm64/v8`). Normalised the way containerd's
 * `platforms.Normalize` does, so what a user types matches what an index says: `aarch64` is `arm64`, `x86_64` is
 * `amd64`, and arm64 without a variant is `v8` (tritonserver's OCI index says `arm64/v8`, pytorch's Docker list
 * says plain `arm64`: both must match `linux/arm64`).
 */
export interface Platform {
    os: string;
    architecture: string;
    variant?: string;
}

export class InvalidPlatformError extends Error {
    override readonly name = 'InvalidPlatformError';
    constructor(readonly input: string) {
        super(`invalid platform "${input}": expected OS/ARCH[/VARIANT], e.g. linux/amd64 or linux/arm64/v8`);
    }
    static is(error: unknown): error is InvalidPlatformError {
        return error instanceof InvalidPlatformError;
    }
}

/** No manifest in an index matches the requested platform; `available` lists what the index offers. */
export class PlatformNotFoundError extends Error {
    override readonly name = 'PlatformNotFoundError';
    constructor(
        readonly image: string,
        readonly wanted: Platform,
        readonly available: Platform[],
    ) {
        const offered = available.length > 0 ? available.map(formatPlatform).join(', ') : 'none';
        super(`${image} has no image for ${formatPlatform(wanted)} (available: ${offered})`);
    }
    static is(error: unknown): error is PlatformNotFoundError {
        return error instanceof PlatformNotFoundError;
    }
}

const PART = /^[a-z0-9_.-]+$/;

/** Parses `os/arch[/variant]`; case-insensitive; throws {@link InvalidPlatformError}. */
export function parsePlatform(text: string): Platform {
    const parts = text.trim().toLowerCase().split('/');
    if (parts.length < 2 || parts.length > 3 || parts.some((p) => !PART.test(p))) {
        throw new InvalidPlatformError(text);
    }
    const [os = '', architecture = '', variant] = parts;
    return normalisePlatform({ os, architecture, ...(variant === undefined ? {} : { variant }) });
}

export function formatPlatform(p: Platform): string {
    return p.variant ? `${p.os}/${p.architecture}/${p.variant}` : `${p.os}/${p.architecture}`;
}

/** containerd's normalisation: architecture aliases and default variants. */
export function normalisePlatform(p: Platform): Platform {
    const os = p.os.toLowerCase();
    let architecture = p.architecture.toLowerCase();
    let variant = p.variant?.toLowerCase() || undefined;
    switch (architecture) {
        case 'x86_64':
        case 'x86-64':
            architecture = 'amd64';
            break;
        case 'i386':
            architecture = '386';
            break;
        case 'aarch64':
        case 'arm64':
            architecture = 'arm64';
            if (variant === undefined || variant === '8' || variant === 'v8') {
                variant = 'v8';
            }
            break;
        case 'armhf':
            architecture = 'arm';
            variant = 'v7';
            break;
        case 'armel':
            architecture = 'arm';
            variant = 'v6';
            break;
        case 'arm':
            variant = variant === undefined ? 'v7' : /^\d+$/.test(variant) ? `v${variant}` : variant;
            break;
    }
    return { os, architecture, ...(variant === undefined ? {} : { variant }) };
}

/** True when two platforms name the same thing after normalisation (`linux/arm64` equals `linux/arm64/v8`). */
export function platformsEqual(a: Platform, b: Platform): boolean {
    const x = normalisePlatform(a);
    const y = normalisePlatform(b);
    return x.os === y.os && x.architecture === y.architecture && (x.variant ?? '') === (y.variant ?? '');
}

/**
 * The index entry for `wanted`. Entries without a platform and BuildKit attestation manifests (`unknown/unknown`)
 * are never chosen. When the user gave no variant for an architecture that has several (arm/v6 and arm/v7), the
 * normalised default variant decides.
 */
export function selectPlatform(manifests: readonly Descriptor[], wanted: Platform): Descriptor | undefined {
    return manifests.find(
        (m) => m.platform !== undefined && m.platform.os !== 'unknown' && platformsEqual(m.platform, wanted),
    );
}

/** The platforms an index offers, without attestation entries. */
export function platformsOf(manifests: readonly Descriptor[]): Platform[] {
    return manifests
        .filter((m) => m.platform !== undefined && m.platform.os !== 'unknown')
        .map((m) => {
            const p = m.platform as NonNullable<Descriptor['platform']>;
            return { os: p.os, architecture: p.architecture, ...(p.variant ? { variant: p.variant } : {}) };
        });
}
