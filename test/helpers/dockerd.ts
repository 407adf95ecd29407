/**
 * Starts a private Docker Engine for a test file (environment.md §1-2): Debian's `dockerd` on a socket in a temp
 * dir, with its own data and exec roots and pidfile, no bridge and no iptables (nothing leaves loopback), overlay2
 * and vfs as the fallback. The daemon allows plain HTTP to 127.0.0.0/8, so it pulls from the simulator directly.
 * When dockerd is missing or will not start, returns a reason to skip with, which the test prints. With
 * `dataRootTmpfsMiB` the data root is a tmpfs of that size (a daemon whose disk fills up for real); `stop()`
 * unmounts it, and anything the daemon left mounted below the temp dir, before removing the dir.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineVersion, findBinary, stopChild, waitForPing } from './engineSocket';

export interface PrivateDockerd {
    socketPath: string;
    /** `unix://…` for DOCKER_HOST. */
    dockerHost: string;
    storageDriver: string;
    /** `--data-root`; a tmpfs mount when `dataRootTmpfsMiB` was given. */
    dataRoot: string;
    /** `Server Version` and API version from /version. */
    version: string;
    apiVersion: string;
    logPath: string;
    log(): string;
    stop(): Promise<void>;
}

export interface DockerdOptions {
    /** Mount a tmpfs of this many MiB as `--data-root` (root only); when the mount fails the start is a skip. */
    dataRootTmpfsMiB?: number;
}

export type DockerdStart = { ok: true; dockerd: PrivateDockerd } | { ok: false; reason: string };

/** Mount points at or below `dir`, deepest first (from /proc/mounts, whose paths escape spaces as `\040`). */
function mountsBelow(dir: string): string[] {
    let table = '';
    try {
        table = readFileSync('/proc/mounts', 'utf8');
    } catch {
        return [];
    }
    return table
        .split('\n')
        .map((line) =>
            (line.split(' ')[1] ?? '').replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8))),
        )
        .filter((point) => point === dir || point.startsWith(`${dir}/`))
        .sort((a, b) => b.length - a.length);
}

/** Unmounts everything at or below `dir` (lazily when busy); failures are printed, not thrown. */
function unmountBelow(dir: string): void {
    for (const point of mountsBelow(dir)) {
        const done = spawnSync('umount', [point], { encoding: 'utf8' });
        if (done.status !== 0 && spawnSync('umount', ['-l', point]).status !== 0) {
            process.stderr.write(`dockerd helper: could not unmount ${point}: ${done.stderr.trim()}\n`);
        }
    }
}

/** Removes the helper's temp dir, unmounting first so that `rm` never walks into a live mount. */
function removeDir(dir: string): void {
    unmountBelow(dir);
    if (mountsBelow(dir).length > 0) {
        process.stderr.write(`dockerd helper: ${dir} still has mounts; left in place\n`);
        return;
    }
    try {
        rmSync(dir, { recursive: true, force: true });
    } catch (error) {
        process.stderr.write(`dockerd helper: could not remove ${dir}: ${(error as Error).message}\n`);
    }
}

/** Mounts a `size`-MiB tmpfs on `dir`; returns why it failed, or undefined. */
function mountTmpfs(dir: string, size: number): string | undefined {
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}m,mode=0710`, 'tmpfs', dir], {
        encoding: 'utf8',
    });
    if (mounted.error) {
        return `mount could not run: ${mounted.error.message}`;
    }
    return mounted.status === 0 ? undefined : `mount -t tmpfs failed (${mounted.status}): ${mounted.stderr.trim()}`;
}

/** Starts dockerd; tries overlay2 first and vfs after it. Stop it with `stop()` in the file's `after`. */
export async function startDockerd(options: DockerdOptions = {}): Promise<DockerdStart> {
    if (process.env['NGC_TEST_NO_DOCKER'] === '1') {
        return { ok: false, reason: 'NGC_TEST_NO_DOCKER=1' };
    }
    const binary = findBinary('dockerd', ['/usr/sbin/dockerd', '/usr/bin/dockerd', '/usr/local/bin/dockerd']);
    if (!binary) {
        return { ok: false, reason: 'dockerd is not installed (apt-get install -y --no-install-recommends docker.io)' };
    }
    if (typeof process.getuid === 'function' && process.getuid() !== 0) {
        return { ok: false, reason: 'dockerd needs root here (rootless dockerd is not set up)' };
    }
    const failures: string[] = [];
    for (const storageDriver of ['overlay2', 'vfs']) {
        // Short path: the socket path must fit in sun_path (108 bytes) and containerd's sockets live under exec-root.
        const dir = mkdtempSync('/tmp/dkd-');
        const dataRoot = join(dir, 'root');
        if (options.dataRootTmpfsMiB !== undefined) {
            mkdirSync(dataRoot);
            const failure = mountTmpfs(dataRoot, options.dataRootTmpfsMiB);
            if (failure) {
                removeDir(dir);
                return { ok: false, reason: `no tmpfs data root: ${failure}` };
            }
        }
        const socketPath = join(dir, 'docker.sock');
        const logPath = join(dir, 'dockerd.log');
        const configFile = join(dir, 'daemon.json');
        writeFileSync(configFile, '{}');
        const logFd = openSync(logPath, 'a');
        const child = spawn(
            binary,
            [
                '--iptables=false',
                '--ip6tables=false',
                '--bridge=none',
                `--storage-driver=${storageDriver}`,
                `--data-root=${dataRoot}`,
                `--exec-root=${join(dir, 'exec')}`,
                `--pidfile=${join(dir, 'dockerd.pid')}`,
                `--config-file=${configFile}`,
                `--host=unix://${socketPath}`,
            ],
            { stdio: ['ignore', logFd, logFd], detached: false },
        );
        closeSync(logFd);
        const failure = await waitForPing(child, socketPath, { name: 'dockerd', timeoutMs: 30_000, intervalMs: 200 });
        if (failure) {
            await stopChild(child, 5000);
            failures.push(
                `${storageDriver}: ${failure}: ${readFileSync(logPath, 'utf8')
                    .split('\n')
                    .filter((l) => /level=(error|fatal)/.test(l))
                    .slice(-2)
                    .join(' | ')}`,
            );
            removeDir(dir);
            continue;
        }
        const { version, apiVersion } = await engineVersion(socketPath);
        return {
            ok: true,
            dockerd: {
                socketPath,
                dockerHost: `unix://${socketPath}`,
                storageDriver,
                dataRoot,
                version,
                apiVersion,
                logPath,
                log: () => readFileSync(logPath, 'utf8'),
                async stop() {
                    await stopChild(child, 20_000);
                    removeDir(dir);
                },
            },
        };
    }
    return { ok: false, reason: `dockerd would not start: ${failures.join('; ')}` };
}
