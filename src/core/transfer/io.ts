/**
 * The file-system seam of the transfer engine. Everything that touches the disk goes through {@link TransferIo}, so
 * tests can make writes fail with ENOSPC (a disk filling mid-download) or mkdir fail with EACCES without needing a
 * tiny tmpfs or a non-root user.
 */
import { constants as fsConstants, promises as fsp, writev as fsWritev, type BigIntStatsFs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

/** An open file receiving positional writes. */
export interface WritableFile {
    /** Writes all of `buffers` at `position` (one syscall where possible). */
    writeAt(buffers: readonly Buffer[], position: number): Promise<void>;
    readAt(buffer: Buffer, position: number): Promise<number>;
    truncate(size: number): Promise<void>;
    size(): Promise<number>;
    close(): Promise<void>;
}

export interface TransferIo {
    mkdir(dir: string): Promise<void>;
    /** Opens (creating if needed) a file for positional reads and writes without truncating it. */
    openReadWrite(file: string): Promise<WritableFile>;
    readFile(file: string): Promise<Buffer>;
    /** Writes a small file atomically (temp name + rename). */
    writeFileAtomic(file: string, data: string): Promise<void>;
    rename(from: string, to: string): Promise<void>;
    /** Removes a file; a missing file is not an error. */
    remove(file: string): Promise<void>;
    /** Removes a folder if it is empty; a missing or non-empty folder is not an error. */
    removeEmptyDir(dir: string): Promise<void>;
    stat(file: string): Promise<{ size: number; mtimeMs: number; isFile: boolean; isDirectory: boolean } | undefined>;
    /** Like {@link stat} without following a symbolic link at `file` itself; undefined when nothing is there. */
    lstat(file: string): Promise<{ isSymbolicLink: boolean } | undefined>;
    /** Free bytes available to this user on the file system holding `dir`. */
    freeBytes(dir: string): Promise<number>;
}

class NodeFile implements WritableFile {
    constructor(private readonly handle: FileHandle) {}

    /**
     * Through the callback `fs.writev` on the handle's descriptor: on node 20 `FileHandle.writev` cost about twice
     * the CPU and latency per call (measured: 1024 writes of 256 KiB, 0.36–0.44 s against 0.17–0.19 s).
     */
    async writeAt(buffers: readonly Buffer[], position: number): Promise<void> {
        let pending = buffers.filter((b) => b.length > 0);
        let pos = position;
        while (pending.length > 0) {
            const bytesWritten = await writev(this.handle.fd, pending, pos);
            pos += bytesWritten;
            pending = skipBytes(pending, bytesWritten);
        }
    }

    async readAt(buffer: Buffer, position: number): Promise<number> {
        const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, position);
        return bytesRead;
    }

    truncate(size: number): Promise<void> {
        return this.handle.truncate(size);
    }

    async size(): Promise<number> {
        return (await this.handle.stat()).size;
    }

    close(): Promise<void> {
        return this.handle.close();
    }
}

function writev(fd: number, buffers: Buffer[], position: number): Promise<number> {
    return new Promise((resolve, reject) => {
        fsWritev(fd, buffers, position, (error, bytesWritten) => (error ? reject(error) : resolve(bytesWritten)));
    });
}

/** Drops the first `n` bytes of a buffer list (after a short writev). */
function skipBytes(buffers: Buffer[], n: number): Buffer[] {
    let left = n;
    const out: Buffer[] = [];
    for (const b of buffers) {
        if (left >= b.length) {
            left -= b.length;
            continue;
        }
        out.push(left > 0 ? b.subarray(left) : b);
        left = 0;
    }
    return out;
}

/** The real file system. */
export const nodeIo: TransferIo = {
    async mkdir(dir) {
        await fsp.mkdir(dir, { recursive: true });
    },
    async openReadWrite(file) {
        // Created if missing, never truncated, and never through a symbolic link (ELOOP): a planted link must not
        // redirect our writes to another file.
        const { O_RDWR, O_CREAT, O_NOFOLLOW } = fsConstants;
        return new NodeFile(await fsp.open(file, O_RDWR | O_CREAT | (O_NOFOLLOW ?? 0), 0o644));
    },
    readFile: (file) => fsp.readFile(file),
    async writeFileAtomic(file, data) {
        const temp = `${file}.${process.pid}.tmp`;
        await fsp.writeFile(temp, data);
        await fsp.rename(temp, file);
    },
    rename: (from, to) => fsp.rename(from, to),
    async remove(file) {
        await fsp.rm(file, { force: true });
    },
    async removeEmptyDir(dir) {
        await fsp.rmdir(dir).catch((error: NodeJS.ErrnoException) => {
            if (error.code !== 'ENOENT' && error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') {
                throw error;
            }
        });
    },
    async lstat(file) {
        try {
            return { isSymbolicLink: (await fsp.lstat(file)).isSymbolicLink() };
        } catch (error) {
            // ENOTDIR: a file where a folder should be, so nothing (and no link) can be at `file`.
            const code = (error as NodeJS.ErrnoException).code;
            if (code === 'ENOENT' || code === 'ENOTDIR') {
                return undefined;
            }
            throw error;
        }
    },
    async stat(file) {
        try {
            const s = await fsp.stat(file);
            return { size: s.size, mtimeMs: s.mtimeMs, isFile: s.isFile(), isDirectory: s.isDirectory() };
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
                return undefined;
            }
            throw error;
        }
    },
    async freeBytes(dir) {
        const s: BigIntStatsFs = await fsp.statfs(dir, { bigint: true });
        return Number(s.bavail * s.bsize);
    },
};
