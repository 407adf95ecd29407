import { randomBytes } from 'node:crypto';
import { chmod, chown, open, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseDockerfile } from '../../core/dockerfile/fromLine';
import { redactor } from '../../core/lib/log';
import { applyEdits, planPins, type PinChange, type SkippedLine } from '../../core/dockerfile/pin';
import { computeUpdateEdits, findSeriesMoves, retarget, type UpdateTarget } from '../../core/dockerfile/update';
import { resolvePinRequests } from '../../core/registry/resolveMany';
import { platformArg } from '../args';
import { CliFailure, ExitCode, stringList, UsageError, type CliCommand, type CliContext } from '../command';
import { writeJson } from '../output';
import { datedTagLister } from './seriesTags';

interface LoadedFile {
    /** As given on the command line (for messages). */
    path: string;
    /** The file written (symlinks resolved, so a link keeps pointing at the pinned file). */
    realPath: string;
    text: string;
    targets: UpdateTarget[];
    skipped: SkippedLine[];
}

/**
 * `pin FILE... [--check] [--platform P] [--registry HOST]...`: pins FROM lines on the NGC registry (and on the
 * registries named with --registry) to `TAG@sha256:…`, refreshing stale digests. Every unique image is resolved
 * once across all files. Nothing is written unless every image resolved; each file is replaced atomically (temp
 * file in the same directory, then rename, mode kept). `--check` writes nothing and exits 1 when a line would change.
 * `--update` first moves each NGC tag to the newest tag of its series (same suffix and shape, newer by version and
 * date), then pins the new tag.
 */
export const pinCommand: CliCommand = {
    name: 'pin',
    summary: 'pin FROM lines that use the NGC registry to TAG@DIGEST',
    usage: 'pin FILE... [--update] [--check] [--platform P] [--registry HOST]...',
    options: {
        check: { type: 'boolean' },
        update: { type: 'boolean' },
        platform: { type: 'string' },
        registry: { type: 'string', multiple: true },
    },
    positionals: { min: 1, max: Number.MAX_SAFE_INTEGER },
    async run(args, ctx) {
        const check = args.values['check'] === true;
        const platform = platformArg(args.values['platform']);
        const extraRegistries = stringList(args.values['registry']);
        const policy = { ngcRegistry: ctx.env.endpoints.registry, extraRegistries, platform };
        const files: LoadedFile[] = [];
        for (const path of args.positionals) {
            const loaded = await loadFile(path);
            const plan = planPins(parseDockerfile(loaded.text), policy);
            files.push({ ...loaded, ...plan });
        }
        if (args.values['update'] === true) {
            // --update: each tag moves to the newest of its series first (one tag listing per repository).
            const moves = await findSeriesMoves(
                files.flatMap((f) => f.targets),
                datedTagLister(ctx),
                { signal: ctx.signal },
            );
            files.forEach((f) => (f.targets = f.targets.map((t) => retarget(t, moves))));
        }
        const client = ctx.registry;
        const requests = files.flatMap((f) => f.targets.map((t) => t.request));
        const { digests, failures } = await resolvePinRequests(client, requests, { signal: ctx.signal });
        ctx.log.debug(
            `${new Set(requests.map((r) => r.imageKey)).size} unique images, ${client.stats.manifestRequests} manifest requests`,
        );
        if (failures.length > 0) {
            for (const failure of failures) {
                const where = files.flatMap((f) =>
                    f.targets
                        .filter((t) => t.request.imageKey === failure.imageKey)
                        .map((t) => `${f.path}:${t.from.line + 1}`),
                );
                const why = failure.error instanceof Error ? failure.error.message : String(failure.error);
                ctx.stderr.write(`cannot resolve ${failure.imageKey} (${where.join(', ')}): ${redactor.redact(why)}\n`);
            }
            ctx.stderr.write('No file was changed.\n');
            throw failures[0]?.error;
        }
        const results = files.map((file) => ({ file, changes: computeUpdateEdits(file.targets, digests) }));
        if (!check) {
            for (const { file, changes } of results) {
                if (changes.length > 0) {
                    await writeAtomically(
                        file.realPath,
                        applyEdits(
                            file.text,
                            changes.map((c) => c.edit),
                        ),
                    );
                }
            }
        }
        report(ctx, results, check);
        const changed = results.reduce((n, r) => n + r.changes.length, 0);
        return check && changed > 0 ? ExitCode.failure : ExitCode.ok;
    },
};

function report(ctx: CliContext, results: { file: LoadedFile; changes: PinChange[] }[], check: boolean): void {
    const changed = results.reduce((n, r) => n + r.changes.length, 0);
    const changedFiles = results.filter((r) => r.changes.length > 0).length;
    for (const { file } of results) {
        for (const s of file.skipped) {
            ctx.stderr.write(`note: ${file.path}:${s.line + 1}: ${s.image} not pinned: ${s.reason}\n`);
        }
    }
    if (ctx.json) {
        writeJson(ctx.stdout, {
            check,
            changed,
            files: results.map(({ file, changes }) => ({
                file: file.path,
                changes: changes.map((c) => ({ line: c.line + 1, before: c.before, after: c.after })),
                skipped: file.skipped.map((s) => ({ ...s, line: s.line + 1 })),
            })),
        });
        return;
    }
    for (const { file, changes } of results) {
        for (const c of changes) {
            ctx.stdout.write(`${file.path}:${c.line + 1}: ${c.before} -> ${c.after}\n`);
        }
    }
    const lines = `${changed} line${changed === 1 ? '' : 's'} in ${changedFiles} file${changedFiles === 1 ? '' : 's'}`;
    if (changed === 0) {
        ctx.stdout.write('All FROM lines are pinned and current.\n');
    } else {
        ctx.stdout.write(check ? `${lines} would change (run without --check to pin).\n` : `Pinned ${lines}.\n`);
    }
}

async function loadFile(path: string): Promise<Omit<LoadedFile, 'targets' | 'skipped'>> {
    let realPath: string;
    let bytes: Buffer;
    try {
        realPath = await realpath(path);
        bytes = await readFile(realPath);
    } catch (error) {
        throw new UsageError(
            `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        );
    }
    const text = bytes.toString('utf8');
    // Edits are made on text; writing it back must reproduce every untouched byte, which fails for non-UTF-8 files.
    if (!Buffer.from(text, 'utf8').equals(bytes)) {
        throw new CliFailure(`${path} is not valid UTF-8; it was not changed`, ExitCode.failure);
    }
    return { path, realPath, text };
}

/** Replaces `path` atomically: a temp file beside it (same filesystem), fsync, the original mode and owner, rename. */
async function writeAtomically(path: string, text: string): Promise<void> {
    const info = await stat(path);
    const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    const handle = await open(temp, 'wx', info.mode & 0o7777);
    try {
        try {
            await handle.writeFile(text, 'utf8');
            await handle.sync();
        } finally {
            await handle.close();
        }
        await chmod(temp, info.mode & 0o7777); // the umask may have narrowed the mode given to open
        await chown(temp, info.uid, info.gid).catch(() => undefined); // only root may give files away
        await rename(temp, path);
    } catch (error) {
        await rm(temp, { force: true });
        throw error;
    }
}
