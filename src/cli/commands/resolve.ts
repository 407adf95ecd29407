import { formatPlatform } from '../../core/registry/platform';
import { resolveImage } from '../../core/registry/resolve';
import { imageArg, platformArg } from '../args';
import { ExitCode, type CliCommand } from '../command';
import { writeJson } from '../output';

/**
 * `resolve IMAGE [--platform OS/ARCH]`: prints `REGISTRY/REPO:TAG@sha256:HEX`, the index digest (one HEAD), or with
 * `--platform` that platform's manifest digest (one GET of the index).
 */
export const resolveCommand: CliCommand = {
    name: 'resolve',
    summary: 'print IMAGE pinned to its digest',
    usage: 'resolve IMAGE [--platform OS/ARCH]',
    options: { platform: { type: 'string' } },
    positionals: { min: 1, max: 1 },
    async run(args, ctx) {
        const ref = imageArg(args.positionals[0] ?? '', ctx);
        const platform = platformArg(args.values['platform']);
        const resolved = await resolveImage(ctx.registry, ref, { platform, signal: ctx.signal });
        if (ctx.json) {
            writeJson(ctx.stdout, { ...resolved, platforms: resolved.platforms.map(formatPlatform) });
        } else {
            ctx.stdout.write(`${resolved.reference}\n`);
        }
        return ExitCode.ok;
    },
};
