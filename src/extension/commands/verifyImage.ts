import type { VerifyOutcome } from '../image/verifyOutcome';
import type { CommandContext } from './commandContext';
import { tagTarget } from './targets';

/** `NGC: Verify Signature` of a tag (cosign, NGC's key). Returns the outcome, which the details panel shows. */
export async function verifyImage(ctx: CommandContext, node?: unknown): Promise<VerifyOutcome | undefined> {
    const target = await tagTarget(ctx, node);
    if (!target) {
        return undefined;
    }
    const { verifyTag } = await import('../image/verifyTag.js');
    return verifyTag(ctx, { ref: target.ref, tag: target.tag });
}
