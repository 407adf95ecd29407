import type { CommandContext } from './commandContext';
import { tagTarget } from './targets';

/**
 * `NGC: Pull Image` from a tag node, the details panel or the palette (repo → tag). The Docker core and dockerode
 * load here, on the first pull, never at activation. Returns the pinned reference (`host/repo:tag@sha256:…`).
 */
export async function pullImage(ctx: CommandContext, node?: unknown): Promise<string | undefined> {
    const target = await tagTarget(ctx, node);
    if (!target) {
        return undefined;
    }
    const { pullTag } = await import('../image/pullTag.js');
    return pullTag(ctx, { ref: target.ref, tag: target.tag });
}
