import type { TestContext } from 'node:test';

/** True when every one of `needed` is set; otherwise skips `t` with `reason` (printed by node:test) and is false. */
export function skipUnless(t: TestContext, reason: string, ...needed: unknown[]): boolean {
    if (needed.some((thing) => !thing)) {
        t.skip(reason);
        return false;
    }
    return true;
}
