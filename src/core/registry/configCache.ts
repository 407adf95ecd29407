/**
 * A disk cache of registry content addressed by digest: image configs and per-platform manifests, which are
 * immutable (the digest is the hash of the bytes), so an entry never goes stale; it can only be corrupt, and every
 * read re-hashes it, deleting an entry that no longer matches (the caller then fetches it again). Bounded in
 * total size: the least recently used entries (by mtime, touched on every hit) go first. Where it lives is the
 * caller's choice (the extension's global storage, the CLI's user cache directory); nothing here picks a path
 * except {@link userCacheDir}, which a caller may use.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { nullLog, type Log } from '../lib/log';

/** What `inspect` needs of a cache: bytes by digest. A cache failure is a miss, never an error. */
export interface ContentCache {
    get(digest: string): Promise<Buffer | undefined>;
    put(digest: string, bytes: Buffer): Promise<void>;
}

const DIGEST = /^sha256:([a-f0-9]{64})$/;

function sha256(bytes: Buffer): string {
    return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export interface DiskCacheOptions {
    /** The directory to keep entries in (created on first write). */
    dir: string;
    /** Total bytes kept; the oldest entries are evicted past it. Default 32 MiB. */
    maxBytes?: number;
    /** Entries larger than this are not kept. Default 1 MiB. */
    maxEntryBytes?: number;
    log?: Log;
}

export class DiskContentCache implements ContentCache {
    private readonly dir: string;
    private readonly maxBytes: number;
    private readonly maxEntryBytes: number;
    private readonly log: Log;
    /** Bytes on disk as far as this process knows; undefined until first counted. */
    private total: number | undefined;

    constructor(options: DiskCacheOptions) {
        this.dir = options.dir;
        this.maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
        this.maxEntryBytes = options.maxEntryBytes ?? 1024 * 1024;
        this.log = options.log ?? nullLog;
    }

    async get(digest: string): Promise<Buffer | undefined> {
        const file = this.fileOf(digest);
        if (file === undefined) {
            return undefined;
        }
        let bytes: Buffer;
        try {
            const info = await stat(file);
            if (!info.isFile() || info.size > this.maxEntryBytes) {
                return undefined;
            }
            bytes = await readFile(file);
        } catch {
            return undefined; // absent, or unreadable: a miss
        }
        if (sha256(bytes) !== digest) {
            this.log.warn(`content cache: ${digest} is corrupt on disk; fetching it again`);
            await rm(file, { force: true }).catch(() => undefined);
            return undefined;
        }
        const now = new Date();
        await utimes(file, now, now).catch(() => undefined);
        return bytes;
    }

    async put(digest: string, bytes: Buffer): Promise<void> {
        const file = this.fileOf(digest);
        if (file === undefined || bytes.length > this.maxEntryBytes || sha256(bytes) !== digest) {
            return;
        }
        const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
        try {
            await mkdir(this.dir, { recursive: true });
            const before = this.total ?? (await this.measure());
            await writeFile(temp, bytes, { flag: 'wx' });
            await rename(temp, file);
            this.total = before + bytes.length;
            if (this.total > this.maxBytes) {
                await this.evict();
            }
        } catch (error) {
            await rm(temp, { force: true }).catch(() => undefined);
            this.log.debug(`content cache: could not keep ${digest}: ${(error as Error).message}`);
        }
    }

    /** `<dir>/sha256-<hex>` for a well-formed sha256 digest; anything else is never a path. */
    private fileOf(digest: string): string | undefined {
        const hex = DIGEST.exec(digest)?.[1];
        return hex === undefined ? undefined : join(this.dir, `sha256-${hex}`);
    }

    private async entries(): Promise<{ file: string; size: number; mtime: number }[]> {
        const names = await readdir(this.dir).catch(() => [] as string[]);
        const out: { file: string; size: number; mtime: number }[] = [];
        for (const name of names) {
            if (!/^sha256-[a-f0-9]{64}$/.test(name)) {
                continue;
            }
            const file = join(this.dir, name);
            const info = await stat(file).catch(() => undefined);
            if (info?.isFile()) {
                out.push({ file, size: info.size, mtime: info.mtimeMs });
            }
        }
        return out;
    }

    private async measure(): Promise<number> {
        return (await this.entries()).reduce((n, e) => n + e.size, 0);
    }

    /** Deletes the least recently used entries until the total is under three quarters of the budget. */
    private async evict(): Promise<void> {
        const entries = (await this.entries()).sort((a, b) => a.mtime - b.mtime);
        let total = entries.reduce((n, e) => n + e.size, 0);
        const goal = Math.floor(this.maxBytes * 0.75);
        for (const entry of entries) {
            if (total <= goal) {
                break;
            }
            await rm(entry.file, { force: true }).catch(() => undefined);
            total -= entry.size;
        }
        this.total = total;
    }
}

/** An in-memory {@link ContentCache} (tests, benchmarks, and a first level in front of the disk). */
export class MemoryContentCache implements ContentCache {
    private readonly entries = new Map<string, Buffer>();
    constructor(private readonly maxEntries = 512) {}

    async get(digest: string): Promise<Buffer | undefined> {
        const bytes = this.entries.get(digest);
        if (bytes !== undefined) {
            this.entries.delete(digest);
            this.entries.set(digest, bytes);
        }
        return bytes;
    }

    async put(digest: string, bytes: Buffer): Promise<void> {
        if (!DIGEST.test(digest) || sha256(bytes) !== digest) {
            return;
        }
        this.entries.set(digest, bytes);
        while (this.entries.size > this.maxEntries) {
            const oldest = this.entries.keys().next().value;
            if (oldest === undefined) {
                break;
            }
            this.entries.delete(oldest);
        }
    }
}

/**
 * The per-user cache directory for the CLI: `$XDG_CACHE_HOME` when it is an absolute path (the XDG spec says to
 * ignore a relative one), else `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows, `~/.cache` elsewhere;
 * then `ngc-explorer/<name>`.
 */
export function userCacheDir(
    env: NodeJS.ProcessEnv,
    name: string,
    platform: NodeJS.Platform = process.platform,
    home: string = homedir(),
): string {
    const xdg = env['XDG_CACHE_HOME'];
    let base: string;
    if (xdg && isAbsolute(xdg)) {
        base = xdg;
    } else if (platform === 'darwin') {
        base = join(home, 'Library', 'Caches');
    } else if (platform === 'win32' && env['LOCALAPPDATA']) {
        base = env['LOCALAPPDATA'];
    } else {
        base = join(home, '.cache');
    }
    return join(base, 'ngc-explorer', name);
}
