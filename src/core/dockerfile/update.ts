/**
 * `pin --update`: moves each NGC tag to the newest tag of its series ({@link newestInSeries}) before pinning. Tags
 * are listed once per repository however many lines use it; the edit replaces the tag and the digest together, so
 * a moved line is pinned to what its new tag points at, never to the old tag's digest.
 */
import { mapConcurrent } from '../lib/abort';
import { formatPlatform } from '../registry/platform';
import { computePinEdits, type PinChange, type PinTarget, type TextEdit } from './pin';
import { newestInSeries, type DatedTag } from './series';

/** Lists a repository's tags with their dates (NGC's REST `images` list, or whatever a mirror offers). */
export type DatedTagLister = (
    repo: { registry: string; repository: string },
    signal?: AbortSignal,
) => Promise<readonly DatedTag[]>;

export interface TagMove {
    /** The image before the move: `registry/repository:tag`. */
    imageKey: string;
    from: string;
    to: string;
}

/** A pin target after {@link retarget}: its request names the new tag; `move` says what changed. */
export type UpdateTarget = PinTarget & { move?: TagMove };

/**
 * The moves for `targets`: one tag listing per repository (bounded concurrency), then the newest tag of each used
 * tag's series. A tag with no newer release, or outside any series (`latest`), does not move.
 */
export async function findSeriesMoves(
    targets: readonly PinTarget[],
    listTags: DatedTagLister,
    options: { signal?: AbortSignal; concurrency?: number } = {},
): Promise<Map<string, TagMove>> {
    const repos = new Map<string, { registry: string; repository: string; tags: Set<string> }>();
    for (const t of targets) {
        const { registry, repository, tag } = t.request.reference;
        const key = `${registry}/${repository}`;
        const repo = repos.get(key) ?? { registry, repository, tags: new Set<string>() };
        repo.tags.add(tag);
        repos.set(key, repo);
    }
    const moves = new Map<string, TagMove>();
    await mapConcurrent([...repos.entries()], options.concurrency ?? 4, async ([key, repo]) => {
        const listed = await listTags({ registry: repo.registry, repository: repo.repository }, options.signal);
        for (const tag of repo.tags) {
            const current = listed.find((t) => t.tag === tag);
            const newest = current === undefined ? undefined : newestInSeries(current, listed);
            if (newest !== undefined) {
                moves.set(`${key}:${tag}`, { imageKey: `${key}:${tag}`, from: tag, to: newest.tag });
            }
        }
    });
    return moves;
}

/** `target` with its request pointed at the moved tag (same platform), or as it was when its tag stays. */
export function retarget(target: PinTarget, moves: ReadonlyMap<string, TagMove>): UpdateTarget {
    const move = moves.get(target.request.imageKey);
    if (move === undefined) {
        return target;
    }
    const reference = { ...target.request.reference, tag: move.to };
    const imageKey = `${reference.registry}/${reference.repository}:${move.to}`;
    const platform = target.request.platform;
    const key = platform ? `${imageKey} ${formatPlatform(platform)}` : imageKey;
    return { ...target, move, request: { ...target.request, reference, imageKey, key } };
}

/**
 * Edits for `pin --update`: a moved line gets `NEWTAG@DIGEST` in place of `TAG[@OLD]` (one edit from the tag to
 * the end of the token); a line whose tag stays is pinned as `pin` does. A line with no digest resolved is left.
 */
export function computeUpdateEdits(
    targets: readonly UpdateTarget[],
    digests: ReadonlyMap<string, string>,
): (PinChange & { move?: TagMove })[] {
    const changes: (PinChange & { move?: TagMove })[] = [];
    for (const target of targets) {
        const move = target.move;
        if (move === undefined) {
            changes.push(...computePinEdits([target], digests));
            continue;
        }
        const digest = digests.get(target.request.key);
        const image = target.from.image;
        const at = image.text.indexOf('@');
        const name = at < 0 ? image.text : image.text.slice(0, at);
        const colon = name.lastIndexOf(':');
        if (digest === undefined || colon < name.lastIndexOf('/') || name.slice(colon + 1) !== move.from) {
            continue;
        }
        const edit: TextEdit = { start: image.start + colon + 1, end: image.end, newText: `${move.to}@${digest}` };
        changes.push({
            line: target.from.line,
            before: image.text,
            after: `${name.slice(0, colon + 1)}${edit.newText}`,
            edit,
            move,
        });
    }
    return changes;
}
