import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { STAGING_DIR } from '../../core/transfer/paths';
import { defaultStateDir, versionStateDir } from '../../core/transfer/store';
import type { DownloadPlan } from '../../core/transfer/plan';

/** A resume sidecar of the transfer store: `<32 hex>.json` beside `verified.json` in the version's cache folder. */
const SIDECAR = /^[0-9a-f]{32}\.json$/;

/** What a download run found before it started, so a cancel knows what it may delete. */
export interface PartialDownload {
    plan: Pick<DownloadPlan, 'destination' | 'kind' | 'reference'>;
    /** True when `DEST/NAME_vVERSION` did not exist before this run: everything in it is this run's. */
    createdByRun: boolean;
    stateDir: string;
}

/** Notes whether the version folder exists before the run writes anything. */
export async function beforeDownload(
    plan: PartialDownload['plan'],
    stateDir: string = defaultStateDir(),
): Promise<PartialDownload> {
    const existed = await stat(plan.destination).then(
        () => true,
        () => false,
    );
    return { plan, createdByRun: !existed, stateDir };
}

/** True when a cancelled run left anything behind in the destination (the version folder or its staging folder). */
export async function leftFiles(partial: PartialDownload): Promise<boolean> {
    const dir = partial.createdByRun ? partial.plan.destination : path.join(partial.plan.destination, STAGING_DIR);
    return stat(dir).then(
        () => true,
        () => false,
    );
}

/**
 * "Delete Partial Files" after a cancel: nothing half-written stays. A version folder this run created goes whole
 * (every file in it is the cancelled run's), with its cache folder; a folder that was there before keeps the files
 * it had and loses only the staging folder and the resume sidecars, so its verified files still count.
 */
export async function deletePartialDownload(partial: PartialDownload): Promise<void> {
    const cache = versionStateDir(partial.stateDir, partial.plan);
    if (partial.createdByRun) {
        await rm(partial.plan.destination, { recursive: true, force: true });
        await rm(cache, { recursive: true, force: true });
        return;
    }
    await rm(path.join(partial.plan.destination, STAGING_DIR), { recursive: true, force: true });
    const names = await readdir(cache).catch(() => [] as string[]);
    await Promise.all(names.filter((n) => SIDECAR.test(n)).map((n) => rm(path.join(cache, n), { force: true })));
}
