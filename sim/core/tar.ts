/**
 * A minimal ustar writer (regular files only), enough for container image layers and helm chart archives. Built by
 * hand because the simulator uses Node built-ins only; mtime is fixed so archives are byte-for-byte deterministic.
 */
import { gzipSync } from 'node:zlib';

export interface TarEntry {
    name: string;
    content: Buffer;
    mode?: number;
}

const MTIME = 1735689600; // 2025-01-01T00:00:00Z

/** A tar archive of `entries`, ending with the two zero blocks. */
export function tar(entries: TarEntry[]): Buffer {
    const parts: Buffer[] = [];
    for (const entry of entries) {
        parts.push(header(entry));
        parts.push(entry.content);
        const pad = (512 - (entry.content.length % 512)) % 512;
        parts.push(Buffer.alloc(pad));
    }
    parts.push(Buffer.alloc(1024));
    return Buffer.concat(parts);
}

/** gzip with a fixed header (no name, mtime 0), so the same input always gives the same digest. */
export function gzip(data: Buffer): Buffer {
    return gzipSync(data, { level: 6 });
}

function header(entry: TarEntry): Buffer {
    const h = Buffer.alloc(512);
    if (Buffer.byteLength(entry.name) > 100) {
        throw new Error(`tar name too long: ${entry.name}`);
    }
    h.write(entry.name, 0, 100, 'utf8');
    writeOctal(h, entry.mode ?? 0o644, 100, 8);
    writeOctal(h, 0, 108, 8); // uid
    writeOctal(h, 0, 116, 8); // gid
    writeOctal(h, entry.content.length, 124, 12);
    writeOctal(h, MTIME, 136, 12);
    h.fill(0x20, 148, 156); // checksum placeholder: spaces
    h.write('0', 156, 1, 'ascii'); // regular file
    h.write('ustar\u0000', 257, 6, 'ascii');
    h.write('00', 263, 2, 'ascii');
    h.write('root', 265, 32, 'ascii');
    h.write('root', 297, 32, 'ascii');
    let sum = 0;
    for (const byte of h) {
        sum += byte;
    }
    writeOctal(h, sum, 148, 7);
    h[155] = 0x20;
    return h;
}

function writeOctal(buf: Buffer, value: number, offset: number, length: number): void {
    buf.write(value.toString(8).padStart(length - 1, '0') + '\u0000', offset, length, 'ascii');
}
