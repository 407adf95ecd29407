import * as vscode from 'vscode';
import type { ImageTag } from '../../core/catalog/catalogSource';
import { formatArtifactRef, type CatalogRef } from '../../core/ngc/artifactRef';
import type { BlobLocations } from '../../core/registry/copy/events';
import type { MirrorResult } from '../../core/registry/copy/mirror';
import type { Platform } from '../../core/registry/platform';
import { platformLabel } from '../../protocol/text';
import { registryCredentialsFor } from '../mirror/registryCredentials';
import { knownTargets, memoryOrg, readMirrorSettings, rememberTarget } from '../mirror/mirrorSettings';
import { formatMirrorTarget, mirrorRepository, parseMirrorTarget, type MirrorTarget } from '../mirror/mirrorTargets';
import { credentialFailure, MirrorProgress, pinnedFromLine, resultMessage } from '../mirror/mirrorText';
import { acknowledgingCancel } from '../platform/cancelNotice';
import { withCancellableProgress } from '../platform/progress';
import type { CommandContext } from './commandContext';
import { insertLine } from './insertPinnedFrom';
import { chosenTag } from './targets';

const ENTER_TARGET = '$(edit) Enter a registry location…';

/** Blobs already at a target in this window: a later mirror to another repository there mounts them. */
let blobLocations: BlobLocations | undefined;

/**
 * `NGC: Mirror to…`: copies a tag (a tag row's, else one picked; a repository row narrows the pick) from the NGC
 * registry to another registry with core's copy engine: digest intact, every platform unless the user narrows them,
 * cosign signatures along, the tag written last. The target is remembered per org; its credential comes from
 * SecretStorage (else the CLI's file or Docker's config) and only ever goes to its own host.
 */
export async function mirrorImage(ctx: CommandContext, node?: unknown): Promise<MirrorResult | undefined> {
    const picked = await chosenTag(ctx, node);
    if (!picked) {
        return undefined;
    }
    const { ref, tag, info } = picked;
    const org = memoryOrg(ctx.session.settings.org, ref.org);
    const target = await pickTarget(ctx, ref, org);
    if (!target) {
        return undefined;
    }
    const credentials = registryCredentialsFor(ctx.extension.secrets, ctx.log);
    if ((await credentials.originOf(target.host)) === 'none' && !(await goWithoutCredential(target.host))) {
        return undefined;
    }
    const platforms = await pickPlatforms(info);
    if (platforms === 'cancelled') {
        return undefined;
    }
    await rememberTarget(ctx.extension.globalState, org, target);
    const source = `${formatArtifactRef(ref)}:${tag}`;
    const repository = mirrorRepository(target, formatArtifactRef(ref));
    const label = `${source} → ${target.host}/${repository}`;
    let result: MirrorResult | undefined;
    try {
        result = await acknowledgingCancel(
            ctx.log,
            'mirror',
            label,
            () =>
                withCancellableProgress(`NGC: mirroring ${source} to ${target.host}`, (report, signal) =>
                    runMirror(ctx, { ref, tag, target, repository, platforms, report, signal }),
                ),
            () => ({ 'Run Again': () => vscode.commands.executeCommand('ngc.image.mirror', node) }),
        );
    } catch (error) {
        const failure = credentialFailure(error);
        if (!failure) {
            throw error;
        }
        ctx.log.error(`mirror of ${label}: ${failure.title} (${error instanceof Error ? error.message : ''})`);
        void vscode.window
            .showErrorMessage(`${failure.title} — ${failure.remedy}`, failure.button, 'Show Log')
            .then((choice) =>
                choice === failure.button
                    ? vscode.commands.executeCommand('ngc.mirror.addCredential', failure.host)
                    : choice === 'Show Log'
                      ? vscode.commands.executeCommand('ngc.log.show')
                      : undefined,
            );
        return undefined;
    }
    if (!result) {
        return undefined;
    }
    const message = resultMessage(source, result);
    ctx.log.info(`${message} ${result.reference}`);
    for (const warning of result.warnings) {
        ctx.log.warn(`mirror of ${label}: ${warning}`);
    }
    const reference = result.reference;
    void vscode.window
        .showInformationMessage(message, 'Copy Pinned Reference', 'Insert Pinned FROM (mirror)')
        .then(async (choice) => {
            if (choice === 'Copy Pinned Reference') {
                await vscode.env.clipboard.writeText(reference);
                void vscode.window.setStatusBarMessage(`Copied: ${reference}`, 4000);
            } else if (choice === 'Insert Pinned FROM (mirror)') {
                await insertLine(ctx, pinnedFromLine(reference));
            }
        });
    return result;
}

async function runMirror(
    ctx: CommandContext,
    job: {
        ref: CatalogRef;
        tag: string;
        target: MirrorTarget;
        repository: string;
        platforms: Platform[] | undefined;
        report: (message: string) => void;
        signal: AbortSignal;
    },
): Promise<MirrorResult> {
    const [{ mirrorImage: copy }, { RegistrySession }, { BlobLocations }] = await Promise.all([
        import('../../core/registry/copy/mirror.js'),
        import('../../core/registry/copy/session.js'),
        import('../../core/registry/copy/events.js'),
    ]);
    const [client, source] = await Promise.all([ctx.session.client(), ctx.session.registry()]);
    const http = client.httpClient;
    const registry = ctx.session.settings.endpoints.registry;
    const progress = new MirrorProgress();
    let shown = 0;
    const show = (force = false) => {
        if (force || Date.now() - shown > 250) {
            shown = Date.now();
            job.report(progress.text());
        }
    };
    show(true);
    return copy({
        source,
        sourceRepository: { registry, repository: formatArtifactRef(job.ref) },
        sourceReference: job.tag,
        sourceSession: new RegistrySession({
            http,
            registry,
            credentials: client.registryCredentials(),
            log: ctx.logs.for('mirror'),
        }),
        target: new RegistrySession({
            http,
            registry: job.target.host,
            credentials: registryCredentialsFor(ctx.extension.secrets, ctx.log).provider(http),
            log: ctx.logs.for('mirror'),
        }),
        targetRepository: job.repository,
        targetTag: job.tag,
        ...(job.platforms ? { platforms: job.platforms } : {}),
        signatures: readMirrorSettings().copySignatures,
        blobLocations: (blobLocations ??= new BlobLocations()),
        onEvent: (event) => {
            progress.update(event);
            show(event.type !== 'bytes');
        },
        signal: job.signal,
        log: ctx.logs.for('mirror'),
    });
}

/** The targets configured and used (the one last used for this org first), or one typed in. */
async function pickTarget(ctx: CommandContext, ref: CatalogRef, org: string): Promise<MirrorTarget | undefined> {
    const targets = knownTargets(ctx.extension.globalState, org);
    const credentials = registryCredentialsFor(ctx.extension.secrets, ctx.log);
    const items = await Promise.all(
        targets.map(async (target) => {
            const origin = await credentials.originOf(target.host);
            return {
                label: `$(server) ${formatMirrorTarget(target)}`,
                description: `${target.host}/${mirrorRepository(target, formatArtifactRef(ref))}`,
                detail: origin === 'none' ? 'no credential stored for this host' : `credential from ${origin}`,
                target,
            };
        }),
    );
    const pick = await vscode.window.showQuickPick(
        [...items, { label: ENTER_TARGET, description: 'host[:port][/path]', detail: undefined, target: undefined }],
        { title: `Mirror ${formatArtifactRef(ref)} to`, placeHolder: 'A registry your team pulls from' },
    );
    if (!pick) {
        return undefined;
    }
    if (pick.target) {
        return pick.target;
    }
    const typed = await vscode.window.showInputBox({
        title: `Mirror ${formatArtifactRef(ref)} to`,
        prompt: `host[:port][/path]: the image lands at <target>/${formatArtifactRef(ref)}`,
        placeHolder: 'harbor.example.com/ngc-mirror',
        ignoreFocusOut: true,
        validateInput: (value) => {
            const parsed = parseMirrorTarget(value);
            return 'error' in parsed ? parsed.error : undefined;
        },
    });
    if (typed === undefined) {
        return undefined;
    }
    const parsed = parseMirrorTarget(typed);
    return 'error' in parsed ? undefined : parsed;
}

/** No credential for the host: offer to add one first, or go on anonymously (an open registry takes pushes). */
async function goWithoutCredential(host: string): Promise<boolean> {
    const add = `$(key) Add a Credential for ${host}…`;
    const pick = await vscode.window.showQuickPick(
        [
            { label: add, detail: 'Username and password, kept in SecretStorage; sent to this host only' },
            {
                label: '$(arrow-right) Continue Without a Credential',
                detail: 'For a registry that takes anonymous pushes',
            },
        ],
        { title: `No registry credential for ${host}` },
    );
    if (!pick) {
        return false;
    }
    if (pick.label === add) {
        const added = await vscode.commands.executeCommand<boolean>('ngc.mirror.addCredential', host);
        return added === true;
    }
    return true;
}

/**
 * Every platform by default (the index and its digest kept whole); unticking some makes a new index with a new
 * digest, which the picker says. Undefined means all.
 */
async function pickPlatforms(info: ImageTag): Promise<Platform[] | undefined | 'cancelled'> {
    const { parsePlatform } = await import('../../core/registry/platform.js');
    const known = info.platforms.flatMap((p) => {
        try {
            return [{ platform: parsePlatform(`${p.os}/${p.architecture}`), label: platformLabel(p) }];
        } catch {
            return [];
        }
    });
    if (known.length <= 1) {
        return undefined;
    }
    const picks = await vscode.window.showQuickPick(
        known.map((k) => ({ label: k.label, picked: true, platform: k.platform })),
        {
            title: 'Platforms to mirror',
            placeHolder: 'All keep the digest; fewer make a new index with a new digest',
            canPickMany: true,
        },
    );
    if (!picks || picks.length === 0) {
        return 'cancelled';
    }
    return picks.length === known.length ? undefined : picks.map((p) => p.platform);
}
