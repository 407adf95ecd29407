import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { fetchCosignPublicKey, verifyCosignSignatures } from '../../core/registry/cosign';
import { parsePublicKey } from '../../core/registry/cosignPayload';
import { formatReference } from '../../core/registry/reference';
import { resolveImage } from '../../core/registry/resolve';
import type { CommandContext } from '../commands/commandContext';
import { acknowledgingCancel } from '../platform/cancelNotice';
import { withCancellableProgress } from '../platform/progress';
import { imageReferenceOf, targetLabel, type TagTarget } from './imageTarget';
import { describeVerification, type VerifyOutcome } from './verifyOutcome';

/** The public key per API URL for the life of the extension host; a failed fetch is forgotten so it is retried. */
const publicKeys = new Map<string, Promise<KeyObject>>();

/**
 * `NGC: Verify Signature` on a tag: resolves what the tag points at, checks its cosign signatures against NGC's
 * public key in a cancellable notification, records the outcome in the tree (the tag node re-renders), and says
 * verified / not signed / signature does not verify with what failed. Returns the outcome (the details panel shows it);
 * undefined when the user cancelled (acknowledged, with Run Again; nothing recorded).
 */
export async function verifyTag(ctx: CommandContext, target: TagTarget): Promise<VerifyOutcome | undefined> {
    const label = targetLabel(target);
    const outcome = await acknowledgingCancel(
        ctx.log,
        'verify',
        label,
        () =>
            withCancellableProgress(`NGC: verifying ${label}`, async (report, signal) => {
                report('resolving the tag…');
                const registry = await ctx.session.registry();
                const resolved = await resolveImage(
                    registry,
                    imageReferenceOf(ctx.session.settings.endpoints.registry, target),
                    { signal },
                );
                report('checking signatures…');
                return checkSignature(ctx, target, resolved.indexDigest, signal);
            }),
        () => ({ 'Run Again': () => verifyTag(ctx, target) }),
    );
    if (!outcome) {
        return undefined;
    }
    const showLog = async (choice: string | undefined) =>
        choice === 'Show Log' ? vscode.commands.executeCommand('ngc.log.show') : undefined;
    // Not awaited: the command's promise settles now, whatever the user does with the notification.
    if (outcome.state === 'verified') {
        void vscode.window.showInformationMessage(outcome.message);
    } else if (outcome.state === 'unsigned') {
        void vscode.window.showWarningMessage(outcome.message, 'Show Log').then(showLog);
    } else {
        // One signature's verdict is already the message's reason; several are listed.
        const what = outcome.details.length > 1 ? ` (${outcome.details.join('; ')})` : '';
        void vscode.window.showErrorMessage(`${outcome.message}${what}`, 'Show Log').then(showLog);
    }
    return outcome;
}

/**
 * Checks the signatures of `digest` (what `target` resolved to) and records the outcome in the tree model. Registry
 * failures (401, 403, network) are thrown for the diagnosis display; "not signed" and "does not verify" are outcomes.
 */
export async function checkSignature(
    ctx: CommandContext,
    target: TagTarget,
    digest: string,
    signal: AbortSignal,
): Promise<VerifyOutcome> {
    const log = ctx.logs.for('verify');
    const ref = imageReferenceOf(ctx.session.settings.endpoints.registry, target);
    const [registry, key] = await Promise.all([ctx.session.registry(), publicKey(ctx, signal)]);
    const verification = await verifyCosignSignatures(
        registry,
        { registry: ref.registry, repository: ref.repository },
        digest,
        key,
        { signal, log },
    );
    const outcome = describeVerification(
        formatReference({ registry: ref.registry, repository: ref.repository, tag: ref.tag, digest }),
        verification,
    );
    log.info(`${outcome.message}${outcome.details.length > 0 ? `\n  ${outcome.details.join('\n  ')}` : ''}`);
    ctx.model.setVerification(target.ref, target.tag, {
        state: outcome.state,
        digest: outcome.digest,
        summary: outcome.summary,
    });
    return outcome;
}

async function publicKey(ctx: CommandContext, signal: AbortSignal): Promise<KeyObject> {
    const file = ctx.session.settings.cosignPublicKeyFile;
    if (file) {
        return parsePublicKey(await readFile(file, 'utf8'), file);
    }
    const apiUrl = ctx.session.settings.endpoints.apiUrl;
    let pending = publicKeys.get(apiUrl);
    if (!pending) {
        pending = ctx.session.client().then((client) => fetchCosignPublicKey(client.httpClient, apiUrl, signal));
        publicKeys.set(apiUrl, pending);
        pending.catch(() => publicKeys.delete(apiUrl));
    }
    return pending;
}
