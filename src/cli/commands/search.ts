import { ARTIFACT_KINDS, type ArtifactKind } from '../../core/ngc/artifactRef';
import { searchAll, type SearchAllResult } from '../../core/ngc/search';
import { ExitCode, UsageError, type CliCommand } from '../command';
import { formatBytes } from '../../core/lib/format';
import { formatDate, formatTable, writeJson } from '../output';

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 1000;

/** `search QUERY [--type T] [--limit N]`: the catalog, all four types by default, at most N hits per type. */
export const searchCommand: CliCommand = {
    name: 'search',
    summary: 'search the catalog (containers, models, resources, helm charts)',
    usage: 'search QUERY [--type container|model|resource|helm-chart] [--limit N]',
    options: { type: { type: 'string' }, limit: { type: 'string' } },
    positionals: { min: 1, max: 1 },
    async run(args, ctx) {
        const query = args.positionals[0] ?? '';
        const types = parseTypes(args.values['type']);
        const limit = parseLimit(args.values['limit']);
        const client = ctx.ngc;
        // The server caps its page size: searchAll reads as many pages as it takes to reach min(limit, total).
        const results: SearchAllResult[] = await Promise.all(
            types.map((type) => searchAll(client, type, query, { limit, signal: ctx.signal })),
        );
        const hits = results.flatMap((r) => r.hits.slice(0, limit));
        if (ctx.json) {
            writeJson(ctx.stdout, {
                query,
                types,
                guest: !client.hasKey,
                totals: Object.fromEntries(results.map((r) => [r.type, r.total])),
                results: hits,
            });
            return ExitCode.ok;
        }
        if (hits.length === 0) {
            ctx.stdout.write(`No results for "${query}" (${types.join(', ')}).\n`);
            return ExitCode.ok;
        }
        const rows = hits.map((h) => [
            h.type,
            h.resourceId,
            h.latest ?? '-',
            formatBytes(h.sizeInBytes) ?? '-',
            formatDate(h.updated),
            h.signed === undefined ? '-' : h.signed ? 'yes' : 'no',
            truncate(h.displayName ?? h.description ?? '', 50),
        ]);
        ctx.stdout.write(formatTable(['TYPE', 'NAME', 'LATEST', 'SIZE', 'UPDATED', 'SIGNED', 'DESCRIPTION'], rows));
        const more = results.filter((r) => r.total > Math.min(limit, r.hits.length));
        if (more.length > 0) {
            ctx.stderr.write(
                `${more.map((r) => `${r.type}: showing ${Math.min(limit, r.hits.length)} of ${r.total}`).join('; ')} (use --limit)\n`,
            );
        }
        return ExitCode.ok;
    },
};

function parseTypes(value: string | boolean | string[] | undefined): ArtifactKind[] {
    if (value === undefined) {
        return [...ARTIFACT_KINDS];
    }
    const text = String(value).trim().toLowerCase();
    const type = (text === 'helm' || text === 'chart' ? 'helm-chart' : text) as ArtifactKind;
    if (!ARTIFACT_KINDS.includes(type)) {
        throw new UsageError(`--type must be one of ${ARTIFACT_KINDS.join(', ')}, not '${String(value)}'`);
    }
    return [type];
}

function parseLimit(value: string | boolean | string[] | undefined): number {
    if (value === undefined) {
        return DEFAULT_LIMIT;
    }
    const text = String(value);
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < 1 || n > MAX_LIMIT) {
        throw new UsageError(`--limit must be a whole number from 1 to ${MAX_LIMIT}, not '${text}'`);
    }
    return n;
}

function truncate(text: string, max: number): string {
    const line = text.replace(/\s+/g, ' ').trim();
    return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
