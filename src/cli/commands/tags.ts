import { ArtifactRefError, formatArtifactRef } from '../../core/ngc/artifactRef';
import { listTags, parseRepoRef, type RepoRef } from '../../core/ngc/repos';
import { ExitCode, UsageError, type CliCommand } from '../command';
import { formatBytes } from '../../core/lib/format';
import { formatDate, formatTable, writeJson } from '../output';

/**
 * `tags ORG/[TEAM/]REPO`: every tag, newest first, with size, date, signing and one line per platform digest.
 * Cosign `sha256-….sig` tags are never shown.
 */
export const tagsCommand: CliCommand = {
    name: 'tags',
    summary: 'list the tags of a container repository (size, updated, platform digests, signed)',
    usage: 'tags ORG/[TEAM/]REPO',
    options: {},
    positionals: { min: 1, max: 1 },
    async run(args, ctx) {
        const ref = repoArg(args.positionals[0] ?? '');
        const client = ctx.ngc;
        const tags = await listTags(client, ref, { signal: ctx.signal });
        const repository = formatArtifactRef(ref);
        if (ctx.json) {
            writeJson(ctx.stdout, { repository, registry: ctx.env.endpoints.registry, tags });
            return ExitCode.ok;
        }
        if (tags.length === 0) {
            ctx.stdout.write(`${repository} has no tags.\n`);
            return ExitCode.ok;
        }
        const rows: string[][] = [];
        for (const t of tags) {
            const platforms = t.platforms.length > 0 ? t.platforms : [undefined];
            platforms.forEach((p, i) => {
                const platform = p ? `${p.os}/${p.architecture}` : '-';
                const digest = p?.digest ?? '-';
                rows.push(
                    i === 0
                        ? [
                              t.tag,
                              formatBytes(t.sizeInBytes) ?? '-',
                              formatDate(t.updatedDate),
                              t.signed ? 'yes' : 'no',
                              platform,
                              digest,
                          ]
                        : ['', '', '', '', platform, digest],
                );
            });
        }
        ctx.stdout.write(formatTable(['TAG', 'SIZE', 'UPDATED', 'SIGNED', 'PLATFORM', 'DIGEST'], rows));
        return ExitCode.ok;
    },
};

function repoArg(text: string): RepoRef {
    try {
        return parseRepoRef(text);
    } catch (error) {
        if (ArtifactRefError.is(error)) {
            throw new UsageError(error.message);
        }
        throw error;
    }
}
