import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { missingDependencies } from './codeServer';
import { ARTIFACTS, e2eTest, startSession, type E2eSession, type E2eTest } from './session';

/**
 * Why the e2e file cannot run here (code-server or Chromium missing, or what `also` finds missing), undefined when it
 * can. Under CI=true a missing dependency is a failing test named `test`, not a skip.
 */
export function missingE2eDependencies(
    options: { also?: () => string | undefined; test?: string } = {},
): string | undefined {
    const missing = missingDependencies() ?? options.also?.();
    if (missing && process.env.CI === 'true') {
        it(options.test ?? 'Should find code-server and Chromium installed (scripts/install-e2e-deps.sh)', () => {
            assert.fail(missing);
        });
    }
    return missing;
}

export function e2eLog(line: string): void {
    process.stderr.write(`[e2e] ${line}\n`);
}

export interface E2eSuite {
    /** `it` for a step of the session (see `e2eTest`). */
    test: E2eTest;
    log: (line: string) => void;
    /** Saves the page as test-results/e2e/<prefix>-<name>.png. */
    shot: (s: E2eSession, name: string) => Promise<Buffer>;
}

/**
 * Called inside a `describe`: one e2e session (simulator, code-server, Chromium on the workbench) for its tests,
 * started before them, after `setUp` (what the session needs first), and closed after them, before `tearDown`.
 */
export function e2eSuite(
    prefix: string,
    hooks: { setUp?: () => Promise<void>; tearDown?: () => Promise<void> } = {},
): E2eSuite {
    let session: E2eSession | undefined;
    before(
        async () => {
            await mkdir(ARTIFACTS, { recursive: true });
            await hooks.setUp?.();
            session = await startSession(e2eLog);
        },
        { timeout: 150_000 },
    );
    after(async () => {
        await session?.close();
        await hooks.tearDown?.();
    });
    return {
        test: e2eTest(() => session),
        log: e2eLog,
        shot: (s, name) => s.page.screenshot({ path: join(ARTIFACTS, `${prefix}-${name}.png`) }),
    };
}
