import { diagnose } from '../../core/diagnose/diagnose';
import type { MirrorEvent } from '../../core/registry/copy/events';
import { MirrorTargetError } from '../../core/registry/copy/errors';
import type { MirrorResult } from '../../core/registry/copy/mirror';
import { formatBytes, joinParts } from '../../core/lib/format';
import { plural, shortDigest } from '../../protocol/text';

/**
 * Turns the mirror's events into the notification's text: what was planned, then bytes sent and blobs done, each
 * only once known ("checking the target…" before the plan). Byte events come many per second; the caller shows
 * {@link text} at most a few times a second.
 */
export class MirrorProgress {
    private blobs = 0;
    private blobsDone = 0;
    private bytes = 0;
    private sent = 0;
    private planned = false;
    private tagging = false;

    update(event: MirrorEvent): void {
        switch (event.type) {
            case 'planned':
                this.planned = true;
                this.blobs = event.blobs;
                this.bytes = event.bytes;
                break;
            case 'bytes':
                this.sent = event.totalSent;
                break;
            case 'blob':
                this.blobsDone++;
                break;
            case 'manifest':
                this.tagging = true;
                break;
            case 'tagged':
                break;
        }
    }

    text(): string {
        if (!this.planned) {
            return 'reading the image…';
        }
        if (this.tagging) {
            return 'writing manifests and tags…';
        }
        return joinParts(
            this.sent > 0 ? `sent ${formatBytes(this.sent)}` : 'checking the target…',
            `${this.blobsDone}/${plural(this.blobs, 'blob')}`,
            `${formatBytes(this.bytes)} in all`,
        );
    }
}

/** The message after a mirror: where it is, that the digest held (or why it is new), and what was sent. */
export function resultMessage(source: string, result: MirrorResult): string {
    const { stats } = result;
    const kept = stats.blobsExisting + stats.blobsMounted;
    const sent = joinParts(
        stats.blobsUploaded > 0 && `${plural(stats.blobsUploaded, 'blob')} sent (${formatBytes(stats.bytesSent)})`,
        kept > 0 && `${kept} already there`,
        result.artifactTags.length > 0 && plural(result.artifactTags.length, 'signature tag'),
    );
    const digest = result.subset
        ? `a new index ${shortDigest(result.digest)} for ${result.platforms.join(', ')} (the source's is ${shortDigest(result.sourceDigest)})`
        : `digest ${shortDigest(result.digest)} intact`;
    return `Mirrored ${source} to ${withoutDigest(result.reference)} — ${digest}${sent ? `; ${sent}` : ''}.`;
}

function withoutDigest(reference: string): string {
    const at = reference.indexOf('@');
    return at < 0 ? reference : reference.slice(0, at);
}

/** `FROM <reference>` for a mirrored image: the mirror's repository, tag and digest. */
export function pinnedFromLine(reference: string): string {
    return `FROM ${reference}`;
}

/**
 * A mirror target's refusal of the credential, in editor words: core's title (its diagnosis) and a remedy that
 * points at the editor's own credential commands instead of the CLI's file and `docker login`. Undefined for any
 * other failure, which goes to the common error display.
 */
export function credentialFailure(
    error: unknown,
): { title: string; remedy: string; host: string; button: 'Add Registry Credential…' } | undefined {
    if (!MirrorTargetError.is(error) || (error.reason !== 'noCredential' && error.reason !== 'credentialRejected')) {
        return undefined;
    }
    const { title } = diagnose(error);
    const remedy =
        error.reason === 'noCredential'
            ? `${error.host} refuses anonymous pushes and no registry credential is stored for it: add one (username and password, kept in SecretStorage), then mirror again.`
            : `${error.host} did not accept the username and password stored for it: add the credential again with the right ones, then mirror again.`;
    return { title, remedy, host: error.host, button: 'Add Registry Credential…' };
}
