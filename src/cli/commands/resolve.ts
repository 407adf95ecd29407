import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ngcCredentials } from '../../core/registry/auth';
import { RegistryClient } from '../../core/registry/client';
import { dockerConfigCredentials } from '../../core/registry/dockerConfig';
import { DigestMismatchError } from '../../core/registry/errors';
import {
    formatPlatform,
    InvalidPlatformError,
    parsePlatform,
    PlatformNotFoundError,
    type Platform,
} from '../../core/registry/platform';
import { InvalidReferenceError, parseReference, type ImageReference } from '../../core/registry/reference';
import { resolveImage } from '../../core/registry/resolve';
import { CliFailure, ExitCode, UsageError, type CliCommand, type CliContext } from '../command';
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
        const client = registryClientFor(ctx);
        const resolved = await asCliFailure(() => resolveImage(client, ref, { platform, signal: ctx.signal }));
        if (ctx.json) {
            writeJson(ctx.stdout, { ...resolved, platforms: resolved.platforms.map(formatPlatform) });
        } else {
            ctx.stdout.write(`${resolved.reference}\n`);
        }
        return ExitCode.ok;
    },
};

/** An image on the command line: no host means the NGC registry; no tag and no digest means `latest`. */
export function imageArg(text: string, ctx: CliContext): ImageReference {
    try {
        const ref = parseReference(text, { semantics: 'ngc', defaultRegistry: ctx.env.endpoints.registry });
        return ref.tag === undefined && ref.digest === undefined ? { ...ref, tag: 'latest' } : ref;
    } catch (error) {
        if (InvalidReferenceError.is(error)) {
            throw new UsageError(error.message);
        }
        throw error;
    }
}

export function platformArg(value: unknown): Platform | undefined {
    if (typeof value !== 'string') {
        return undefined;
    }
    try {
        return parsePlatform(value);
    } catch (error) {
        if (InvalidPlatformError.is(error)) {
            throw new UsageError(error.message);
        }
        throw error;
    }
}

/**
 * The registry client of a CLI run: `$oauthtoken` + NGC_API_KEY for the NGC registry (anonymous without a key);
 * other registries use what `docker login` stored in `$DOCKER_CONFIG/config.json`, else anonymous.
 */
export function registryClientFor(ctx: CliContext): RegistryClient {
    const others = dockerConfigCredentials(readDockerConfig(ctx.processEnv));
    return new RegistryClient({
        http: ctx.http,
        log: ctx.log,
        credentials: ngcCredentials(ctx.env.endpoints.registry, ctx.env.apiKey, others),
    });
}

/** Maps the registry's own failures (not HTTP ones, which main diagnoses) to the CLI's exit codes. */
export async function asCliFailure<T>(work: () => Promise<T>): Promise<T> {
    try {
        return await work();
    } catch (error) {
        throw cliFailureOf(error);
    }
}

export function cliFailureOf(error: unknown): unknown {
    if (PlatformNotFoundError.is(error)) {
        return new CliFailure(error.message, ExitCode.notFound);
    }
    if (DigestMismatchError.is(error)) {
        return new CliFailure(error.message, ExitCode.verificationFailed);
    }
    return error;
}

/** `$DOCKER_CONFIG/config.json` (default `~/.docker`) from the environment the CLI was started with. */
function readDockerConfig(processEnv: NodeJS.ProcessEnv): string | undefined {
    const dir = processEnv['DOCKER_CONFIG'] || join(homedir(), '.docker');
    try {
        return readFileSync(join(dir, 'config.json'), 'utf8');
    } catch {
        return undefined;
    }
}
