import { DiskContentCache, userCacheDir } from '../../core/registry/configCache';
import { FRAMEWORK_NAMES } from '../../core/registry/imageConfig';
import { inspectImage, type ImageInspection, type PlatformInspection } from '../../core/registry/inspect';
import { formatPlatform } from '../../core/registry/platform';
import { formatBytes } from '../../core/lib/format';
import { imageArg, platformArg } from '../args';
import { ExitCode, type CliCommand } from '../command';
import { formatDate, writeJson } from '../output';

/**
 * `inspect IMAGE [--platform P] [--env]`: what is inside a tag without pulling it. Configs and per-platform
 * manifests are kept in the user's cache directory (`$XDG_CACHE_HOME/ngc-explorer/content`), so looking again
 * costs only the tag's manifest and signature requests.
 */
export const inspectCommand: CliCommand = {
    name: 'inspect',
    summary: 'show what is inside a tag: per platform created date, frameworks, labels, layers, size; signed',
    usage: 'inspect IMAGE [--platform OS/ARCH] [--env]',
    options: { platform: { type: 'string' }, env: { type: 'boolean' } },
    positionals: { min: 1, max: 1 },
    async run(args, ctx) {
        const ref = imageArg(args.positionals[0] ?? '', ctx);
        const platform = platformArg(args.values['platform']);
        const withEnv = args.values['env'] === true;
        const client = ctx.registry;
        const cache = new DiskContentCache({ dir: userCacheDir(ctx.processEnv, 'content'), log: ctx.log });
        const result = await inspectImage(client, ref, { platform, cache, signal: ctx.signal });
        ctx.log.debug(`${client.stats.manifestRequests} manifest and ${client.stats.blobRequests} blob requests`);
        if (ctx.json) {
            writeJson(ctx.stdout, toJson(result, withEnv));
        } else {
            ctx.stdout.write(toText(result, withEnv));
        }
        return ExitCode.ok;
    },
};

function toJson(result: ImageInspection, withEnv: boolean) {
    return {
        ...result,
        platforms: result.platforms.map(({ env, ...p }) => ({
            ...p,
            platform: formatPlatform(p.platform),
            ...(withEnv ? { env } : {}),
        })),
    };
}

function toText(result: ImageInspection, withEnv: boolean): string {
    const lines = [
        result.reference,
        `  ${result.mediaType}`,
        `  signed: ${result.signed === undefined ? 'unknown' : result.signed ? 'yes (cosign signature tag present)' : 'no'}`,
    ];
    for (const p of result.platforms) {
        lines.push('', ...platformText(p, withEnv));
    }
    return `${lines.join('\n')}\n`;
}

function platformText(p: PlatformInspection, withEnv: boolean): string[] {
    const lines = [
        `${formatPlatform(p.platform)}  ${p.digest}`,
        `  created ${p.created ? formatDate(p.created) : 'unknown'} · ${p.layers} layer${p.layers === 1 ? '' : 's'} · ${formatBytes(p.compressedSize)} compressed`,
    ];
    const frameworks = Object.entries(p.frameworks);
    if (frameworks.length > 0) {
        lines.push('  versions:');
        for (const [key, value] of frameworks) {
            const known = FRAMEWORK_NAMES[key];
            lines.push(`    ${known ? `${known} (${key})` : key}: ${value}`);
        }
    }
    const labels = Object.entries(p.labels);
    if (labels.length > 0) {
        lines.push('  labels:', ...labels.map(([k, v]) => `    ${k}=${v}`));
    }
    if (withEnv) {
        lines.push('  env:', ...Object.entries(p.env).map(([k, v]) => `    ${k}=${v}`));
    }
    return lines;
}
