/**
 * The files of a model directory as OMS sees them (model_signing `hashing.py`, `_serialization/file.py`): every
 * regular file below the directory, named by its POSIX path relative to it, except ignored paths. A path is ignored
 * when it equals an ignored path or lies below it. The git paths (`.git`, `.gitattributes`, `.github`,
 * `.gitignore`) are ignored at the top by default, as the reference's `--ignore-git-paths` default does, and so is
 * the signature file itself. Symlinks are refused unless the signature allows them, and then must stay inside.
 */
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { throwIfAborted } from '../lib/abort';
import type { ModelSignFailure } from './result';

/** What model_signing ignores by default at the top of a model. */
export const GIT_PATHS = ['.git', '.gitattributes', '.github', '.gitignore'] as const;

export interface ModelFile {
    /** Model-relative POSIX path. */
    name: string;
    absolute: string;
    size: number;
}

export interface ModelListing {
    files: Map<string, ModelFile>;
    /** Paths that may not be part of a model (symlinks when not allowed, special files, links leaving it). */
    problems: ModelSignFailure[];
}

export interface ListOptions {
    /** Model-relative POSIX paths (files or directories) to leave out. */
    ignorePaths: readonly string[];
    allowSymlinks: boolean;
    signal?: AbortSignal;
}

/** `./a/b/` → `a/b`; the forms the reference accepts for ignore paths. */
export function normaliseIgnorePath(p: string): string {
    return path.posix
        .normalize(p.replace(/\\/g, '/'))
        .replace(/^(\.\/)+/, '')
        .replace(/\/+$/, '');
}

export function isIgnored(name: string, ignored: ReadonlySet<string>): boolean {
    for (let at = name.length; at > 0; at = name.lastIndexOf('/', at - 1)) {
        if (ignored.has(name.slice(0, at))) {
            return true;
        }
    }
    return false;
}

/** Lists the regular files of `root` with their sizes (no hashing). */
export async function listModelFiles(root: string, options: ListOptions): Promise<ModelListing> {
    const ignored = new Set(options.ignorePaths.map(normaliseIgnorePath).filter((p) => p !== '' && p !== '.'));
    const realRoot = await realpath(root);
    const files = new Map<string, ModelFile>();
    const problems: ModelSignFailure[] = [];
    const pending: string[] = [''];
    for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
        throwIfAborted(options.signal);
        const entries: Dirent[] = await readdir(path.join(root, dir), { withFileTypes: true });
        for (const entry of entries) {
            const name = dir === '' ? entry.name : `${dir}/${entry.name}`;
            if (isIgnored(name, ignored)) {
                continue;
            }
            const absolute = path.join(root, name);
            if (entry.isDirectory()) {
                pending.push(name);
            } else if (entry.isFile()) {
                files.set(name, { name, absolute, size: (await stat(absolute)).size });
            } else if (entry.isSymbolicLink()) {
                const problem = await symlinkProblem(absolute, realRoot, options.allowSymlinks);
                if (problem) {
                    problems.push({ check: 'fileType', file: name, message: problem });
                } else {
                    files.set(name, { name, absolute, size: (await stat(absolute)).size });
                }
            } else {
                problems.push({ check: 'fileType', file: name, message: 'not a regular file or directory' });
            }
        }
    }
    return { files, problems };
}

async function symlinkProblem(absolute: string, realRoot: string, allowed: boolean): Promise<string | undefined> {
    if (!allowed) {
        return 'a symlink, and the signature does not allow symlinks';
    }
    let target: string;
    try {
        target = await realpath(absolute);
    } catch {
        return 'a broken symlink';
    }
    const inside = path.relative(realRoot, target);
    if (inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) {
        return 'a symlink that leads outside the model';
    }
    return (await stat(target)).isFile() ? undefined : 'a symlink to something other than a file (not followed)';
}
