/** Human sizes in binary units, like `docker images` (1.5 GiB). */
export function formatBytes(bytes: number | undefined): string | undefined {
    if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) {
        return undefined;
    }
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${unit === 0 ? value : value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

/** `3 days ago` style age; undefined for a missing or unparseable date. */
export function formatAge(iso: string | undefined, now: number = Date.now()): string | undefined {
    const t = iso ? Date.parse(iso) : NaN;
    if (!Number.isFinite(t)) {
        return undefined;
    }
    const seconds = Math.max(0, Math.round((now - t) / 1000));
    const steps: [number, string][] = [
        [60 * 60 * 24 * 365, 'year'],
        [60 * 60 * 24 * 30, 'month'],
        [60 * 60 * 24 * 7, 'week'],
        [60 * 60 * 24, 'day'],
        [60 * 60, 'hour'],
        [60, 'minute'],
    ];
    for (const [size, name] of steps) {
        if (seconds >= size) {
            const n = Math.floor(seconds / size);
            return `${n} ${name}${n === 1 ? '' : 's'} ago`;
        }
    }
    return 'just now';
}

/** Joins the defined parts with ` · `. */
export function joinParts(...parts: (string | undefined | false)[]): string {
    return parts.filter((p): p is string => typeof p === 'string' && p !== '').join(' · ');
}
