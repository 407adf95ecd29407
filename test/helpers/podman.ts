/**
 * Starts Podman's Docker-compatible API for a test file (environment.md §1d, §2): `podman system service` on a
 * socket in a temp dir, with its own `--root`, `--runroot` and `--tmpdir`, and a registries.conf (through
 * `CONTAINERS_REGISTRIES_CONF`) that marks the given loopback registries insecure, since Podman, unlike Docker,
 * does not allow plain HTTP to 127.0.0.0/8 by itself. Only pulls are exercised, so no network is ever set up.
 * When podman is missing or will not start, returns a reason to skip with, which the test prints.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineVersion, findBinary, stopChild, waitForPing } from './engineSocket';

export interface PodmanService {
    socketPath: string;
    /** `unix://…` for DOCKER_HOST. */
    dockerHost: string;
    /** Podman's own version and the Docker API version its compat layer reports. */
    version: string;
    apiVersion: string;
    log(): string;
    stop(): Promise<void>;
}

export type PodmanStart = { ok: true; podman: PodmanService } | { ok: false; reason: string };

/** Unmounts what Podman's overlay driver may have left below `dir` (deepest first), then removes `dir`. */
function removeDir(dir: string): void {
    let table = '';
    try {
        table = readFileSync('/proc/mounts', 'utf8');
    } catch {
        // no /proc: nothing to unmount
    }
    const points = table
        .split('\n')
        .map((line) => line.split(' ')[1] ?? '')
        .filter((point) => point.startsWith(`${dir}/`))
        .sort((a, b) => b.length - a.length);
    for (const point of points) {
        if (spawnSync('umount', [point]).status !== 0) {
            spawnSync('umount', ['-l', point]);
        }
    }
    try {
        rmSync(dir, { recursive: true, force: true });
    } catch (error) {
        process.stderr.write(`podman helper: could not remove ${dir}: ${(error as Error).message}\n`);
    }
}

/** Starts `podman system service`; `insecureRegistries` are `host:port` entries for registries.conf. */
export async function startPodman(insecureRegistries: string[]): Promise<PodmanStart> {
    if (process.env['NGC_TEST_NO_PODMAN'] === '1') {
        return { ok: false, reason: 'NGC_TEST_NO_PODMAN=1' };
    }
    const binary = findBinary('podman');
    if (!binary) {
        return { ok: false, reason: 'podman is not installed (apt-get install -y --no-install-recommends podman)' };
    }
    if (typeof process.getuid === 'function' && process.getuid() !== 0) {
        return { ok: false, reason: 'the podman helper runs rootful Podman and needs root' };
    }
    const failures: string[] = [];
    for (const storageDriver of ['overlay', 'vfs']) {
        const dir = mkdtempSync('/tmp/pdm-');
        const socketPath = join(dir, 'podman.sock');
        const logPath = join(dir, 'podman.log');
        const registriesConf = join(dir, 'registries.conf');
        writeFileSync(
            registriesConf,
            [
                'unqualified-search-registries = []',
                ...insecureRegistries.flatMap((host) => [
                    '',
                    '[[registry]]',
                    `location = "${host}"`,
                    'insecure = true',
                ]),
                '',
            ].join('\n'),
        );
        const logFd = openSync(logPath, 'a');
        const child = spawn(
            binary,
            [
                `--root=${join(dir, 'root')}`,
                `--runroot=${join(dir, 'run')}`,
                `--tmpdir=${join(dir, 'tmp')}`,
                `--storage-driver=${storageDriver}`,
                '--cgroup-manager=cgroupfs',
                '--events-backend=file',
                'system',
                'service',
                '--time=0',
                `unix://${socketPath}`,
            ],
            {
                stdio: ['ignore', logFd, logFd],
                env: {
                    ...process.env,
                    CONTAINERS_REGISTRIES_CONF: registriesConf,
                    // Podman must not read a user's auth file: the tests prove credentials travel per request.
                    REGISTRY_AUTH_FILE: join(dir, 'auth.json'),
                    XDG_RUNTIME_DIR: join(dir, 'xdg'),
                },
            },
        );
        closeSync(logFd);
        const failure = await waitForPing(child, socketPath, { name: 'podman', timeoutMs: 15_000, intervalMs: 100 });
        if (failure) {
            await stopChild(child, 5000);
            const tail = readFileSync(logPath, 'utf8').trim().split('\n').slice(-2).join(' | ');
            failures.push(`${storageDriver}: ${failure}: ${tail}`);
            removeDir(dir);
            continue;
        }
        const { version, apiVersion } = await engineVersion(socketPath);
        return {
            ok: true,
            podman: {
                socketPath,
                dockerHost: `unix://${socketPath}`,
                version,
                apiVersion,
                log: () => readFileSync(logPath, 'utf8'),
                async stop() {
                    await stopChild(child, 10_000);
                    removeDir(dir);
                },
            },
        };
    }
    return { ok: false, reason: `podman system service would not start: ${failures.join('; ')}` };
}
