import type { Writable } from 'node:stream';
import { redactor } from '../core/lib/log';
import { escapeJsonControls } from './terminal';

/**
 * Writes one JSON document (the whole of stdout under --json). Every string is redacted before it is serialised,
 * so a secret a server echoed (in a request id, a description) is masked even where JSON would escape it; DEL and
 * C1 control characters become `\u00HH` escapes (JSON.stringify escapes only C0).
 */
export function writeJson(out: Writable, value: unknown): void {
    const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? redactor.redact(v) : v), 2);
    out.write(`${escapeJsonControls(text)}\n`);
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
