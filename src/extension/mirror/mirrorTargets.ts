import { InvalidReferenceError, normaliseHost, parseReference } from '../../core/registry/reference';

/**
 * Where "Mirror to…" copies images: a registry host and an optional path inside it (`harbor.example.com/ngc`),
 * under which the source keeps its own repository path (`harbor.example.com/ngc/nvidia/pytorch`), the layout
 * mirroring guides and pull-through caches use, so one target serves every NGC org.
 */
export interface MirrorTarget {
    /** `host[:port]`, lowercase: what registry credentials are keyed by. */
    host: string;
    /** Repository path prefix without slashes at either end; '' for the registry's root. */
    path: string;
}

/** `host[:port][/path]` → a target, or the reason it cannot be one (in words for an input box). */
export function parseMirrorTarget(input: string): MirrorTarget | { error: string } {
    const text = input.trim().replace(/\/+$/, '');
    if (text === '') {
        return { error: 'Enter a registry host, e.g. harbor.example.com/ngc-mirror' };
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
        return { error: 'Leave out the scheme: host[:port][/path], e.g. harbor.example.com/ngc-mirror' };
    }
    const slash = text.indexOf('/');
    const host = slash < 0 ? text : text.slice(0, slash);
    const path = slash < 0 ? '' : text.slice(slash + 1);
    if (!/[.:]/.test(host) && host.toLowerCase() !== 'localhost') {
        return { error: `"${host}" is not a registry host: it needs a dot or a port (or is localhost)` };
    }
    if (/[@]/.test(path) || path.includes(':')) {
        return { error: 'A target is a registry location, without a tag or digest' };
    }
    try {
        // The same rules as any image name: lowercase path components, a valid host and port.
        const parsed = parseReference(`${host}/${path === '' ? 'x' : `${path}/x`}`, { semantics: 'docker' });
        return { host: normaliseHost(parsed.registry), path };
    } catch (error) {
        if (InvalidReferenceError.is(error)) {
            return { error: `Not a registry location: ${error.reason}` };
        }
        throw error;
    }
}

/** `host[/path]` as the user writes it. */
export function formatMirrorTarget(target: MirrorTarget): string {
    return target.path ? `${target.host}/${target.path}` : target.host;
}

/** The repository at the target for a source repository (`nvidia/pytorch` → `ngc-mirror/nvidia/pytorch`). */
export function mirrorRepository(target: MirrorTarget, sourceRepository: string): string {
    return target.path ? `${target.path}/${sourceRepository}` : sourceRepository;
}

/**
 * The targets to offer, each once, in order: the one last used for this org, then the configured ones
 * (`ngc.mirror.targets`), then any others used before. Entries that do not parse are left out (the setting's
 * schema already warns about them).
 */
export function offeredTargets(options: {
    configured: readonly string[];
    lastForOrg?: string;
    used?: readonly string[];
}): MirrorTarget[] {
    const seen = new Set<string>();
    const out: MirrorTarget[] = [];
    for (const text of [options.lastForOrg ?? '', ...options.configured, ...(options.used ?? [])]) {
        const target = parseMirrorTarget(text);
        if ('error' in target) {
            continue;
        }
        const key = formatMirrorTarget(target);
        if (!seen.has(key)) {
            seen.add(key);
            out.push(target);
        }
    }
    return out;
}

/** The memory of targets kept in globalState: the last target per org, and every target used (newest first). */
export interface RememberedTargets {
    byOrg: Record<string, string>;
    used: string[];
}

/** Reads what globalState holds, whatever an older version stored there. */
export function readRemembered(value: unknown): RememberedTargets {
    const out: RememberedTargets = { byOrg: {}, used: [] };
    if (typeof value !== 'object' || value === null) {
        return out;
    }
    const byOrg = (value as { byOrg?: unknown }).byOrg;
    if (typeof byOrg === 'object' && byOrg !== null) {
        for (const [org, target] of Object.entries(byOrg)) {
            if (typeof target === 'string') {
                out.byOrg[org] = target;
            }
        }
    }
    const used = (value as { used?: unknown }).used;
    if (Array.isArray(used)) {
        out.used = used.filter((t): t is string => typeof t === 'string');
    }
    return out;
}

/** Records `target` as the one last used for `org` and at the head of the used list (at most 10 kept). */
export function remember(memory: RememberedTargets, org: string, target: MirrorTarget): RememberedTargets {
    const text = formatMirrorTarget(target);
    return {
        byOrg: { ...memory.byOrg, [org]: text },
        used: [text, ...memory.used.filter((t) => t !== text)].slice(0, 10),
    };
}
