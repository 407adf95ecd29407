/**
 * Test control: moves a tag of the simulated registry, as a publisher re-pushing `25.03-py3` does on nvcr.io. After
 * `POST /_sim/move-tag {"repository":"nvidia/pytorch","tag":"25.03-py3","to":"25.02-py3"}` the tag's manifest GET
 * serves what `to` points at (its index or manifest, with that digest); `"to": null` puts it back. Only the registry
 * moves: the REST API's tag listing keeps its digests, as NGC's listing lags a re-push. Kept per simulator.
 */
import type { SimContext } from '../core/context.js';
import { jsonResponse, type SimRequest, type SimResponse } from '../core/types.js';

export const MOVE_TAG_PATH = '/_sim/move-tag';

const moves = new WeakMap<SimContext, Map<string, string>>();

/** The tag whose images `repository:tag` serves now (`tag` itself unless it was moved). */
export function servedTag(ctx: SimContext, repository: string, tag: string): string {
    return moves.get(ctx)?.get(`${repository}:${tag}`) ?? tag;
}

/** `POST /_sim/move-tag` with `{repository, tag, to}`: 204, or 400 naming what is wrong. */
export function moveTagControl(ctx: SimContext, req: SimRequest): SimResponse {
    if (req.method !== 'POST') {
        return jsonResponse(405, { error: 'POST only' });
    }
    let body: unknown;
    try {
        body = JSON.parse(req.body.toString('utf8'));
    } catch {
        return jsonResponse(400, { error: 'the body is not JSON' });
    }
    const field = (name: string): unknown =>
        typeof body === 'object' && body !== null ? Reflect.get(body, name) : undefined;
    const [repository, tag, to] = [field('repository'), field('tag'), field('to')];
    if (typeof repository !== 'string' || typeof tag !== 'string' || (to !== null && typeof to !== 'string')) {
        return jsonResponse(400, { error: 'expected {"repository": string, "tag": string, "to": string | null}' });
    }
    const repo = ctx.catalog.findRepo(repository);
    if (repo === undefined || !repo.tags.includes(tag) || (to !== null && !repo.tags.includes(to))) {
        return jsonResponse(400, { error: `unknown repository or tag: ${repository}:${tag} -> ${String(to)}` });
    }
    let map = moves.get(ctx);
    if (map === undefined) {
        map = new Map();
        moves.set(ctx, map);
    }
    if (to === null || to === tag) {
        map.delete(`${repository}:${tag}`);
    } else {
        map.set(`${repository}:${tag}`, to);
    }
    return { status: 204 };
}
