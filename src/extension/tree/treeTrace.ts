import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/**
 * Where `bench/tree.ts` and `bench/detailsPaint.ts` ask the extension host to write the timestamps of the tree's and
 * the details panel's steps; unset for users (no cost).
 */
const TRACE_FILE = process.env.NGC_TREE_TRACE;

/**
 * Writes `<epoch ms> <what>` to the file named by `NGC_TREE_TRACE`, on the clock the workbench page measures with
 * (`performance.timeOrigin + performance.now()`), so a bench can split a click's time into the extension host's
 * steps and VS Code's. A no-op when the variable is unset.
 */
export function treeMark(what: string): void {
    if (TRACE_FILE) {
        appendFileSync(TRACE_FILE, `${(performance.timeOrigin + performance.now()).toFixed(2)} ${what}\n`);
    }
}

/** Whether marks are written (callers skip building a mark's text otherwise). */
export const treeTracing = TRACE_FILE !== undefined && TRACE_FILE !== '';
