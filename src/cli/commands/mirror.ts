import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { formatBytes } from '../../core/lib/format';
import { RegistryClient } from '../../core/registry/client';
import type { MirrorEvent } from '../../core/registry/copy/events';
import { mirrorImage, type MirrorResult } from '../../core/registry/copy/mirror';
import { RegistrySession } from '../../core/registry/copy/session';
import { RegistryCredentialStore } from '../../core/registry/credentialStore';
import { InvalidReferenceError, parseReference, type ImageReference } from '../../core/registry/reference';
import { CliFailure, ExitCode, stringList, UsageError, type CliCommand, type CliContext } from '../command';
import { imageArg, platformArg } from '../args';
import { writeJson } from '../output';

/** Environment variable naming the third-party registry credentials file (DESIGN.md). */
export const CREDENTIALS_ENV = 'NGC_REGISTRY_CREDENTIALS';

/**
 * `mirror SOURCE TARGET [--platform P]... [--no-signatures] [--dry-run]`: copies an NGC image to another registry
 * with its digest intact (the whole index by default; named platforms make a new index, and both digests are
 * printed), cosign tags along, blobs the target has never re-sent. Prints `TARGET_REPO:TAG@sha256:DIGEST`.
 * The target's credential comes from NGC_REGISTRY_CREDENTIALS, then ~/.docker/config.json; the NGC key only ever
 * goes to the NGC registry.
 */
export const mirrorCommand: CliCommand = {
    name: 'mirror',
    summary: 'copy an NGC image to another registry, digest and signatures intact',
    usage: 'mirror SOURCE TARGET [--platform P]... [--no-signatures] [--dry-run]',
    options: {
        platform: { type: 'string', multiple: true },
        'no-signatures': { type: 'boolean' },
        'dry-run': { type: 'boolean' },
    },
    positionals: { min: 2, max: 2 },
    async run(args, ctx) {
        const source = imageArg(args.positionals[0] ?? '', ctx);
        const target = targetArg(args.positionals[1] ?? '', source);
        const platforms = stringList(args.values['platform'])
            .map((p) => platformArg(p) ?? [])
            .flat();
        const store = await credentialStoreFor(ctx);
        const sourceCredentials = ctx.ngc.registryCredentials(store.provider);
        const sourceClient = new RegistryClient({ http: ctx.http, log: ctx.log, credentials: sourceCredentials });
        const progress = progressPrinter(ctx);
        const dryRun = args.values['dry-run'] === true;
        let result: MirrorResult;
        try {
            result = await mirrorImage({
                source: sourceClient,
                sourceRepository: { registry: source.registry, repository: source.repository },
                sourceReference: source.digest ?? source.tag ?? 'latest',
                sourceSession: new RegistrySession({
                    http: ctx.http,
                    registry: source.registry,
                    credentials: sourceCredentials,
                    log: ctx.log,
                }),
                target: new RegistrySession({
                    http: ctx.http,
                    registry: target.registry,
                    credentials: store.provider,
                    log: ctx.log,
                }),
                targetRepository: target.repository,
                targetTag: target.tag,
                platforms,
                signatures: args.values['no-signatures'] !== true,
                dryRun,
                onEvent: progress.event,
                signal: ctx.signal,
                log: ctx.log,
            });
        } finally {
            progress.end();
        }
        for (const warning of result.warnings) {
            ctx.stderr.write(`note: ${warning}\n`);
        }
        if (ctx.json) {
            writeJson(ctx.stdout, { source: formatSource(source, result.sourceDigest), ...result });
            return ExitCode.ok;
        }
        if (dryRun) {
            ctx.stdout.write(
                `Would copy ${result.manifests} manifest(s), ${result.artifactTags.length} signature tag(s) and ` +
                    `${result.blobs} blob(s) (${formatBytes(result.stats.bytesTotal)}); ` +
                    `${formatBytes(result.bytesToSend ?? 0)} to send\n`,
            );
        } else if (result.subset) {
            ctx.stdout.write(`source ${formatSource(source, result.sourceDigest)}\n`);
        }
        ctx.stdout.write(`${result.reference}\n`);
        return ExitCode.ok;
    },
};

/** TARGET: must name its registry host; no digest; no tag means the source's tag. */
export function targetArg(text: string, source: ImageReference): ImageReference {
    let ref: ImageReference;
    try {
        ref = parseReference(text, { semantics: 'docker' });
    } catch (error) {
        if (InvalidReferenceError.is(error)) {
            throw new UsageError(`TARGET: ${error.message}`);
        }
        throw error;
    }
    const first = text.split('/')[0] ?? '';
    if (!text.includes('/') || !(/[.:]/.test(first) || first === 'localhost')) {
        throw new UsageError(`TARGET must start with the registry host, e.g. harbor.example.com/team/${text}`);
    }
    if (ref.digest !== undefined) {
        throw new UsageError('TARGET takes a tag, not a digest: the digest is the source image');
    }
    return { ...ref, tag: ref.tag ?? source.tag };
}

async function credentialStoreFor(ctx: CliContext): Promise<RegistryCredentialStore> {
    const name = ctx.processEnv[CREDENTIALS_ENV]?.trim();
    let file: { name: string; text: string } | undefined;
    if (name) {
        try {
            file = { name, text: await readFile(name, 'utf8') };
        } catch (error) {
            const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
            throw new CliFailure(`cannot read ${CREDENTIALS_ENV} file ${name}: ${code}`, ExitCode.failure);
        }
    }
    const dockerDir = ctx.processEnv['DOCKER_CONFIG'] || join(ctx.processEnv['HOME'] || homedir(), '.docker');
    const dockerConfig = await readFile(join(dockerDir, 'config.json'), 'utf8').catch(() => undefined);
    return new RegistryCredentialStore({ file, dockerConfig, http: ctx.http });
}

function formatSource(source: ImageReference, digest: string): string {
    const tag = source.tag ? `:${source.tag}` : '';
    return `${source.registry}/${source.repository}${tag}@${digest}`;
}

/** Progress on stderr: a line per blob, and on a terminal a live byte count (at most 5 updates a second). */
function progressPrinter(ctx: CliContext): { event: (e: MirrorEvent) => void; end: () => void } {
    let total = 0;
    let last = 0;
    let live = false;
    const event = (e: MirrorEvent) => {
        switch (e.type) {
            case 'planned':
                total = e.bytes;
                ctx.stderr.write(
                    `Copying ${e.manifests} manifest(s), ${e.artifacts} signature/referrer manifest(s), ` +
                        `${e.blobs} blob(s), ${formatBytes(e.bytes)} from ${e.sourceDigest}\n`,
                );
                break;
            case 'bytes':
                if (ctx.interactive && Date.now() - last > 200) {
                    last = Date.now();
                    live = true;
                    ctx.stderr.write(`\r  sent ${formatBytes(e.totalSent)} of at most ${formatBytes(total)}   `);
                }
                break;
            case 'blob':
                if (live) {
                    ctx.stderr.write('\n');
                    live = false;
                }
                ctx.stderr.write(
                    `  blob ${e.digest.slice(0, 19)} ${formatBytes(e.size)} ${e.outcome}` +
                        `${e.resumes ? ` (resumed ${e.resumes}x)` : ''}\n`,
                );
                break;
            case 'manifest':
                if (e.tag) {
                    ctx.stderr.write(`  tag ${e.tag}${e.present ? ' (present)' : ''}\n`);
                }
                break;
            case 'tagged':
                break;
        }
    };
    return { event, end: () => live && ctx.stderr.write('\n') };
}
