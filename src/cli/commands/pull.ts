import { DockerDaemon } from '../../core/docker/daemon';
import type { PullProgress } from '../../core/docker/pullProgress';
import { pullResolved } from '../../core/docker/pullResolved';
import { formatPlatform, parsePlatform } from '../../core/registry/platform';
import { imageArg, platformArg } from '../args';
import { ExitCode, type CliCommand, type CliContext } from '../command';
import { formatBytes } from '../../core/lib/format';
import { writeJson } from '../output';

/**
 * `pull IMAGE [--platform P]`: pulls through the local Docker daemon (DOCKER_HOST / DOCKER_CONTEXT honoured) with
 * per-request credentials (`$oauthtoken` + NGC_API_KEY for the NGC registry, anonymous without a key; never
 * `docker login`). Progress (bytes, layers) goes to stderr; the last line names the image pinned to its digest.
 */
export const pullCommand: CliCommand = {
    name: 'pull',
    summary: 'pull an image through the local Docker daemon',
    usage: 'pull IMAGE [--platform P]',
    options: { platform: { type: 'string' } },
    positionals: { min: 1, max: 1 },
    async run(args, ctx) {
        const ref = imageArg(args.positionals[0] ?? '', ctx);
        const wanted = platformArg(args.values['platform']);
        const connected = await DockerDaemon.connect({ env: ctx.processEnv, log: ctx.log });
        const daemon = { daemon: connected, info: await connected.ping(ctx.signal) };
        if (daemon.info.engine === 'podman') {
            ctx.stderr.write(
                `note: ${daemon.info.endpoint} is Podman ${daemon.info.version} (Docker-compatible API)\n`,
            );
        }
        const platform = wanted ?? parsePlatform(`${daemon.info.os}/${daemon.info.arch}`);
        // The daemon gets the registry client's credentials for this one request (`$oauthtoken` + key for the NGC
        // registry, `docker login`'s for others, read only); we never run `docker login`.
        const reporter = progressReporter(ctx);
        const result = await pullResolved(daemon.daemon, ctx.registry, ref, {
            platform,
            ngcRegistry: ctx.env.endpoints.registry,
            signal: ctx.signal,
            onProgress: reporter.update,
            log: ctx.log,
        });
        reporter.finish(result.progress);
        if (ctx.json) {
            writeJson(ctx.stdout, {
                reference: result.pinned,
                platform: formatPlatform(platform),
                imageId: result.image.id,
                repoDigest: result.repoDigest,
                architecture: result.image.architecture,
                bytes: result.progress.totalBytes,
                layers: result.progress.layersTotal,
                layersExisting: result.progress.layersExisting,
                engine: daemon.info.engine,
            });
        } else {
            ctx.stdout.write(`Pulled ${result.pinned} (${formatPlatform(platform)})\n`);
        }
        return ExitCode.ok;
    },
};

/** One progress line on stderr: rewritten in place on a terminal, else at most one line a second and per layer. */
function progressReporter(ctx: CliContext): { update: (p: PullProgress) => void; finish: (p: PullProgress) => void } {
    let lastLine = '';
    let lastAt = 0;
    let lastLayers = -1;
    const format = (p: PullProgress) => {
        const bytes =
            p.totalBytes > 0
                ? `${formatBytes(p.doneBytes)} / ${formatBytes(p.totalBytes)}${p.totalKnown ? '' : '+'}`
                : formatBytes(p.doneBytes);
        const existing = p.layersExisting > 0 ? `, ${p.layersExisting} already present` : '';
        return `pulling: ${bytes}, ${p.layersDone}/${p.layersTotal} layers${existing}`;
    };
    return {
        update(p) {
            const line = format(p);
            if (line === lastLine) {
                return;
            }
            const now = Date.now();
            if (ctx.interactive) {
                ctx.stderr.write(`\r${line}\x1b[K`);
            } else if (now - lastAt >= 1000 || p.layersDone !== lastLayers) {
                ctx.stderr.write(`${line}\n`);
                lastAt = now;
                lastLayers = p.layersDone;
            }
            lastLine = line;
        },
        finish(p) {
            const line = format(p);
            ctx.stderr.write(ctx.interactive ? `\r${line}\x1b[K\n` : line !== lastLine ? `${line}\n` : '');
        },
    };
}
