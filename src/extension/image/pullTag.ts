import * as vscode from 'vscode';
import { diagnose, type Diagnosis } from '../../core/diagnose/diagnose';
import { DockerDaemon } from '../../core/docker/daemon';
import type { PullProgress } from '../../core/docker/pullProgress';
import { pullResolved } from '../../core/docker/pullResolved';
import { formatPlatform, parsePlatform, platformsOf, type Platform } from '../../core/registry/platform';
import type { CommandContext } from '../commands/commandContext';
import { acknowledgingCancel } from '../platform/cancelNotice';
import { DiagnosedError } from '../platform/diagnosedError';
import { withCancellableProgress, type ProgressReport } from '../platform/progress';
import { imageReferenceOf, tagNodeOf, targetLabel, type TagTarget } from './imageTarget';
import { platformChoice } from './platformChoice';
import { ProgressIncrements, pullProgressMessage } from './pullText';
import { pullGate } from './verifyOutcome';
import { checkSignature } from './verifyTag';

// Imported on the first pull only (`await import` in commands/pullImage.ts): it brings dockerode with it.

/**
 * Pulls a tag through the local Docker daemon in one cancellable notification: connect and ping, read the tag's
 * index, ask for a platform when it offers several (the engine's own first), verify the signature first when
 * `ngc.pull.verifySignature` is on, then pull with `$oauthtoken` + key for this one request, showing bytes and
 * layers. Cancelling aborts the daemon request (nothing tagged) and says so, with Resume: Docker keeps the layers it
 * already has, so running it again goes on from there. Returns the pinned reference.
 */
export async function pullTag(ctx: CommandContext, target: TagTarget): Promise<string | undefined> {
    const label = targetLabel(target);
    try {
        const result = await acknowledgingCancel(
            ctx.log,
            'pull',
            label,
            () =>
                withCancellableProgress(`NGC: pulling ${label}`, (report, signal) => pull(ctx, target, report, signal)),
            () => ({ Resume: () => pullTag(ctx, target) }),
        );
        if (result) {
            ctx.log.info(`pulled ${result.pinned} (${result.platform}) as ${result.imageId}`);
            void vscode.window
                .showInformationMessage(`Pulled ${result.pinned} (${result.platform})`, 'Copy')
                .then(async (choice) => {
                    if (choice === 'Copy') {
                        await vscode.env.clipboard.writeText(result.pinned);
                    }
                });
        }
        return result?.pinned;
    } catch (error) {
        const problem = diagnose(error);
        if (problem.cause === 'dockerUnavailable') {
            showDockerUnavailable(ctx, problem, target);
            return undefined;
        }
        throw error;
    }
}

interface Pulled {
    pinned: string;
    platform: string;
    imageId: string;
}

async function pull(
    ctx: CommandContext,
    target: TagTarget,
    report: ProgressReport,
    signal: AbortSignal,
): Promise<Pulled | undefined> {
    const host = ctx.session.settings.endpoints.registry;
    const ref = imageReferenceOf(host, target);
    const repo = { registry: ref.registry, repository: ref.repository };
    const log = ctx.logs.for('docker');
    report('connecting to Docker…');
    const daemon = await DockerDaemon.connect({ log, env: ctx.session.settings.env });
    const info = await daemon.ping(signal);
    if (info.engine === 'podman') {
        log.info(`${info.endpoint} is Podman ${info.version} (Docker-compatible API)`);
    }
    report('reading the image index…');
    const registry = await ctx.session.registry();
    const top = await registry.getManifest(repo, target.tag, signal);
    const platform = await choosePlatform(
        top.index ? platformsOf(top.index.manifests) : [],
        enginePlatform(info),
        target,
    );
    if (!platform) {
        return undefined;
    }
    let verifiedDigest: string | undefined;
    if (ctx.session.settings.pullVerifySignature) {
        report('verifying the signature…');
        const outcome = await checkSignature(ctx, target, top.digest, signal);
        const gate = pullGate(outcome);
        if (gate.proceed) {
            verifiedDigest = outcome.digest;
        } else if (!gate.canOverride) {
            throw new DiagnosedError({
                cause: 'signatureInvalid',
                title: `Signature check failed for ${targetLabel(target)}`,
                remedy: gate.message,
                exitCode: 6,
            });
        } else if (
            (await vscode.window.showWarningMessage(gate.message, { modal: true }, 'Pull anyway')) !== 'Pull anyway'
        ) {
            return undefined;
        }
    }
    const increments = new ProgressIncrements();
    let lastMessage = '';
    let lastAt = 0;
    const onProgress = (p: PullProgress) => {
        const message = `${formatPlatform(platform)}: ${pullProgressMessage(p)}`;
        const now = Date.now();
        if (message !== lastMessage && (now - lastAt >= 200 || p.layersDone === p.layersTotal)) {
            report(message, increments.next(p));
            lastMessage = message;
            lastAt = now;
        }
    };
    report(`${formatPlatform(platform)}: starting…`);
    // After a verification, pull exactly the digest that verified (the tag could move in between) and tag it
    // afterwards, as `docker pull` does under content trust: what lands under the tag is what was checked.
    const result = await pullResolved(daemon, registry, verifiedDigest ? { ...ref, digest: verifiedDigest } : ref, {
        platform,
        ngcRegistry: host,
        signal,
        onProgress,
        log,
    });
    if (verifiedDigest) {
        await daemon.api.getImage(result.reference).tag({ repo: `${ref.registry}/${ref.repository}`, tag: target.tag });
    }
    return { pinned: result.pinned, platform: formatPlatform(platform), imageId: result.image.id };
}

/** The engine's `os/arch` as a platform; an engine that reports something unparseable is taken as linux/amd64. */
function enginePlatform(info: { os: string; arch: string }): Platform {
    try {
        return parsePlatform(`${info.os}/${info.arch}`);
    } catch {
        return { os: 'linux', architecture: 'amd64' };
    }
}

async function choosePlatform(offered: Platform[], engine: Platform, target: TagTarget): Promise<Platform | undefined> {
    const choice = platformChoice(offered, engine);
    if (choice.kind === 'fixed') {
        return choice.platform;
    }
    const picked = await vscode.window.showQuickPick(choice.items, {
        title: `Pull ${targetLabel(target)} for which platform?`,
        placeHolder: `The first is this Docker engine's (${formatPlatform(engine)})`,
        ignoreFocusOut: true,
    });
    return picked?.platform;
}

/**
 * Docker absent or not permitted: what to do (the remedy's words; the CLI's command line is for the CLI), Retry and
 * Show Log. Not awaited.
 */
function showDockerUnavailable(ctx: CommandContext, problem: Diagnosis, target: TagTarget): void {
    ctx.log.error(`${problem.title}: ${problem.remedy}`);
    void vscode.window
        .showErrorMessage(`${problem.title} — ${problem.remedy}`, 'Retry', 'Show Log')
        .then(async (choice) => {
            if (choice === 'Retry') {
                await vscode.commands.executeCommand('ngc.image.pull', tagNodeOf(target));
            } else if (choice === 'Show Log') {
                await vscode.commands.executeCommand('ngc.log.show');
            }
        });
}
