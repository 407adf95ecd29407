import { DockerDaemon, DockerUnavailableError } from '../../core/docker/daemon';
import { UnsupportedDockerHostError } from '../../core/docker/endpoint';
import { DockerPullError } from '../../core/docker/pullErrors';
import type { PullProgress } from '../../core/docker/pullProgress';
import { pullResolved } from '../../core/docker/pullResolved';
import { ngcCredentials } from '../../core/registry/auth';
import { formatPlatform, parsePlatform } from '../../core/registry/platform';
import { CliFailure, ExitCode, type CliCommand, type CliContext } from '../command';
import { formatBytes } from '../../core/lib/format';
import { writeJson } from '../output';
import { asCliFailure, imageArg, platformArg, registryClientFor } from './resolve';

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
        const daemon = await asDaemonFailure(async () => {
            const d = await DockerDaemon.connect({ env: ctx.processEnv, log: ctx.log });
            return { daemon: d, info: await d.ping(ctx.signal) };
        });
        if (daemon.info.engine === 'podman') {
            ctx.stderr.write(
                `note: ${daemon.info.endpoint} is Podman ${daemon.info.version} (Docker-compatible API)\n`,
            );
        }
        const platform = wanted ?? parsePlatform(`${daemon.info.os}/${daemon.info.arch}`);
        const client = registryClientFor(ctx);
        // The daemon gets `$oauthtoken` + key for the NGC registry only; other registries are pulled anonymously
        // (core takes a callback for them; the CLI has no store of its own and leaves ~/.docker/config.json alone).
        const credentials = ngcCredentials(ctx.env.endpoints.registry, ctx.env.apiKey);
        const reporter = progressReporter(ctx);
        const result = await asDaemonFailure(() =>
            asCliFailure(() =>
                pullResolved(daemon.daemon, client, ref, {
                    platform,
                    credentials,
                    ngcRegistry: ctx.env.endpoints.registry,
                    signal: ctx.signal,
                    onProgress: reporter.update,
                    log: ctx.log,
                }),
            ),
        );
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

/** Maps daemon failures to exit codes with their messages; registry HTTP failures pass through to diagnosis. */
async function asDaemonFailure<T>(work: () => Promise<T>): Promise<T> {
    try {
        return await work();
    } catch (error) {
        if (DockerUnavailableError.is(error) || UnsupportedDockerHostError.is(error)) {
            throw new CliFailure(error.message, ExitCode.failure);
        }
        if (DockerPullError.is(error)) {
            throw new CliFailure(error.message, error.exitCode);
        }
        throw error;
    }
}

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
