/**
 * Digest pinning as pure functions: which FROM lines to pin ({@link planPins}), the edits that pin them
 * ({@link computePinEdits}) and applying edits ({@link applyEdits}). The tag stays (`REPO:TAG@sha256:…`,
 * Renovate's readable form) so people can still read what the pin means, and a later run refreshes a stale digest
 * by resolving the tag again. Edits are offsets into the original text: nothing outside them changes.
 */
import { parsePlatform, formatPlatform, InvalidPlatformError, type Platform } from '../registry/platform';
import { normaliseHost, parseReference, InvalidReferenceError, type ImageReference } from '../registry/reference';
import type { FromInstruction, ParsedDockerfile } from './fromLine';

export interface PinPolicy {
    /** The NGC registry `host[:port]`: its lines are pinned. */
    ngcRegistry: string;
    /** More registries whose lines are pinned (the user named them). */
    extraRegistries?: readonly string[];
    /** Pin every line to this platform's manifest. A literal `--platform=` on a line wins over it. */
    platform?: Platform;
}

/** One thing to resolve: an image tag, optionally for a platform. */
export interface PinRequest {
    /** `registry/repository:tag`: requests with the same image key need one manifest request between them. */
    imageKey: string;
    /** {@link imageKey} plus the platform: the key of the digest in the resolution map. */
    key: string;
    /** The reference to resolve by tag (`latest` when the line has none). */
    reference: ImageReference & { tag: string };
    platform: Platform | undefined;
}

export interface PinTarget {
    from: FromInstruction & { image: NonNullable<FromInstruction['image']> };
    /** The image token parsed with Docker's semantics (no host means Docker Hub). */
    parsed: ImageReference;
    request: PinRequest;
}

export interface SkippedLine {
    line: number;
    image: string;
    reason: string;
}

/** A planned change, for reports and `--check`. */
export interface TextEdit {
    start: number;
    end: number;
    newText: string;
}

export interface PinChange {
    line: number;
    before: string;
    after: string;
    edit: TextEdit;
}

/**
 * Picks the FROM lines to pin. Lines on other registries are left alone (Docker Hub `ubuntu` is not NGC's), as are
 * stage references, `scratch`, `${ARG}` images, digest-only references (no tag to follow) and a token split by a
 * line continuation; the ones a user might wonder about are returned as `skipped` with a reason.
 */
export function planPins(
    dockerfile: ParsedDockerfile,
    policy: PinPolicy,
): { targets: PinTarget[]; skipped: SkippedLine[] } {
    const registries = new Set([policy.ngcRegistry, ...(policy.extraRegistries ?? [])].map(normaliseHost));
    const targets: PinTarget[] = [];
    const skipped: SkippedLine[] = [];
    for (const from of dockerfile.froms) {
        const image = from.image;
        if (from.kind !== 'image' || image === undefined) {
            if (from.kind === 'variable' && image) {
                skipped.push({
                    line: from.line,
                    image: image.text,
                    reason: 'uses a build argument; pin the ARG default instead',
                });
            }
            continue;
        }
        let parsed: ImageReference;
        try {
            parsed = parseReference(image.text, { semantics: 'docker' });
        } catch (error) {
            if (InvalidReferenceError.is(error)) {
                skipped.push({ line: from.line, image: image.text, reason: error.reason });
                continue;
            }
            throw error;
        }
        if (!registries.has(parsed.registry)) {
            continue;
        }
        if (!image.contiguous) {
            skipped.push({ line: from.line, image: image.text, reason: 'the image is split across lines' });
            continue;
        }
        if (parsed.tag === undefined && parsed.digest !== undefined) {
            skipped.push({ line: from.line, image: image.text, reason: 'pinned by digest only; no tag to follow' });
            continue;
        }
        let platform: Platform | undefined = policy.platform;
        const flag = from.platform?.text;
        if (flag !== undefined && !flag.includes('$')) {
            try {
                platform = parsePlatform(flag);
            } catch (error) {
                if (!InvalidPlatformError.is(error)) {
                    throw error;
                }
                skipped.push({ line: from.line, image: image.text, reason: `unrecognised --platform=${flag}` });
                continue;
            }
        }
        const tag = parsed.tag ?? 'latest';
        const imageKey = `${parsed.registry}/${parsed.repository}:${tag}`;
        const key = platform ? `${imageKey} ${formatPlatform(platform)}` : imageKey;
        const reference = { registry: parsed.registry, repository: parsed.repository, tag };
        targets.push({ from: { ...from, image }, parsed, request: { imageKey, key, reference, platform } });
    }
    return { targets, skipped };
}

/**
 * The edits that pin `targets` given `digests` (request key → digest). An unpinned token gets `@digest` appended
 * (a zero-width insert at its end); a pinned one whose digest differs gets only its digest replaced; a pinned one
 * that matches gets nothing, which is what makes pinning idempotent and `--check` quiet after a pin.
 */
export function computePinEdits(targets: readonly PinTarget[], digests: ReadonlyMap<string, string>): PinChange[] {
    const changes: PinChange[] = [];
    for (const target of targets) {
        const digest = digests.get(target.request.key);
        if (digest === undefined) {
            continue;
        }
        const image = target.from.image;
        const at = image.text.indexOf('@');
        let edit: TextEdit;
        if (at < 0) {
            edit = { start: image.end, end: image.end, newText: `@${digest}` };
        } else if (image.text.slice(at + 1) !== digest) {
            edit = { start: image.start + at + 1, end: image.end, newText: digest };
        } else {
            continue;
        }
        const after = `${image.text.slice(0, edit.start - image.start)}${edit.newText}${image.text.slice(edit.end - image.start)}`;
        changes.push({ line: target.from.line, before: image.text, after, edit });
    }
    return changes;
}

/** Applies non-overlapping edits (any order) to `text`; throws if two overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
    const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
    let out = '';
    let at = 0;
    for (const edit of sorted) {
        if (edit.start < at || edit.end < edit.start || edit.end > text.length) {
            throw new RangeError(`overlapping or out-of-range edit at ${edit.start}-${edit.end}`);
        }
        out += text.slice(at, edit.start) + edit.newText;
        at = edit.end;
    }
    return out + text.slice(at);
}
