/**
 * Starts Debian's `docker-registry` (CNCF distribution 2.8) on 127.0.0.1 with a free port and htpasswd auth, for
 * tests that must prove the registry client is not tuned to the simulator (environment.md §3 has the recipe).
 * When the binaries are missing, {@link startDockerRegistry} returns a reason to skip instead of a registry.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningRegistry {
    /** `127.0.0.1:PORT`, what image references use. */
    host: string;
    /** `http://127.0.0.1:PORT`. */
    url: string;
    users: { username: string; password: string }[];
    /** Stops the registry (by its pid) and removes its storage. */
    stop(): Promise<void>;
}

export type RegistryStart = { registry: RunningRegistry; skip?: undefined } | { registry?: undefined; skip: string };

function which(binary: string): string | undefined {
    const found = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
    return found.status === 0 ? found.stdout.trim() : undefined;
}

async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.unref();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            server.close(() =>
                typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
            );
        });
    });
}

/** Why the real-registry tests cannot run here (a binary is missing), or undefined when they can. */
export function dockerRegistrySkipReason(): string | undefined {
    const missing = ['docker-registry', 'htpasswd'].filter((b) => which(b) === undefined);
    return missing.length === 0
        ? undefined
        : `${missing.join(' and ')} not found; install with: apt-get install -y --no-install-recommends docker-registry apache2-utils`;
}

/** Starts a registry that requires one of `users` (htpasswd, bcrypt). */
export async function startDockerRegistry(users: { username: string; password: string }[]): Promise<RegistryStart> {
    const registryBin = which('docker-registry');
    const htpasswdBin = which('htpasswd');
    if (!registryBin || !htpasswdBin) {
        return { skip: dockerRegistrySkipReason() ?? 'missing binaries' };
    }
    const dir = await mkdtemp(join(tmpdir(), 'ngc-registry-'));
    const htpasswd = join(dir, 'htpasswd');
    for (const [i, user] of users.entries()) {
        const made = spawnSync(htpasswdBin, [i === 0 ? '-Bbc' : '-Bb', htpasswd, user.username, user.password], {
            encoding: 'utf8',
        });
        if (made.status !== 0) {
            await rm(dir, { recursive: true, force: true });
            return { skip: `htpasswd failed: ${made.stderr}` };
        }
    }
    let lastError = '';
    for (let attempt = 0; attempt < 3; attempt++) {
        const port = await freePort();
        const config = join(dir, `config-${port}.yml`);
        await writeFile(
            config,
            [
                'version: 0.1',
                'log: {level: error, accesslog: {disabled: true}}',
                `storage: {filesystem: {rootdirectory: ${join(dir, 'data')}}, delete: {enabled: true}}`,
                `http: {addr: "127.0.0.1:${port}"}`,
                `auth: {htpasswd: {realm: basic-realm, path: ${htpasswd}}}`,
                '',
            ].join('\n'),
        );
        const child = spawn(registryBin, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
        const url = `http://127.0.0.1:${port}`;
        if (await waitUntilUp(url, child)) {
            return {
                registry: {
                    host: `127.0.0.1:${port}`,
                    url,
                    users,
                    stop: async () => {
                        await stopChild(child);
                        await rm(dir, { recursive: true, force: true });
                    },
                },
            };
        }
        await stopChild(child);
        lastError = stderr.trim().split('\n').slice(-2).join(' ');
    }
    await rm(dir, { recursive: true, force: true });
    return { skip: `docker-registry did not start: ${lastError}` };
}

/** Polls `GET /v2/` until the registry answers (401 with htpasswd) or the process dies; 10 s at most. */
async function waitUntilUp(url: string, child: ChildProcess): Promise<boolean> {
    for (let i = 0; i < 100; i++) {
        if (child.exitCode !== null) {
            return false;
        }
        try {
            const response = await fetch(`${url}/v2/`);
            await response.arrayBuffer();
            if (response.status === 401 || response.status === 200) {
                return true;
            }
        } catch {
            // not listening yet
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
}

async function stopChild(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.pid === undefined) {
        return;
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(child.pid, 'SIGTERM');
    const timer = setTimeout(
        () => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'),
        3000,
    );
    await exited;
    clearTimeout(timer);
}
