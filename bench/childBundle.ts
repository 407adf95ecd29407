/**
 * The side of a benchmark that measures our engine runs in a child process bundled with esbuild and started by plain
 * node, as the CLI ships: no tsx in the child (its compiler would add ~40 MB of RSS), so the child's peak RSS is the
 * engine's own. The bench file is its own child: run with `--child <config JSON>`, it prints its result as the last
 * line of stdout.
 */
import path from 'node:path';

/** Bundles the bench file `entry` to `<work>/<name>.js` for the child and returns that path. */
export async function bundleBenchChild(
    entry: string,
    work: string,
    name: string,
    external: string[] = [],
): Promise<string> {
    const outfile = path.join(work, `${name}.js`);
    const { build } = await import('esbuild');
    await build({
        entryPoints: [entry],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        outfile,
        logLevel: 'warning',
        external: ['esbuild', ...external],
    });
    return outfile;
}

/** The child's result: the JSON of the last line it wrote to stdout. */
export function childResult<T>(stdout: string): T {
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as T;
}
