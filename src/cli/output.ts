import type { Writable } from 'node:stream';

/** Writes one JSON document (the whole of stdout under --json). */
export function writeJson(out: Writable, value: unknown): void {
    out.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Renders rows as an aligned text table with a header line. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
    const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (cells: readonly string[]) =>
        cells
            .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
            .join('  ')
            .trimEnd();
    return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

/** `2025-03-14` from an ISO timestamp, `-` when absent or unparsable. */
export function formatDate(iso: string | undefined): string {
    if (!iso) {
        return '-';
    }
    const time = Date.parse(iso);
    return Number.isNaN(time) ? '-' : new Date(time).toISOString().slice(0, 10);
}
