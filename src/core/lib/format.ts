/**
 * Display text for sizes, ages and lists, shared by the CLI, the extension and (through `src/protocol/text.ts`) the
 * details webview. `formatBytes` is defined in the protocol because the webview may import nothing else.
 */
export { formatBytes } from '../../protocol/text';

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
