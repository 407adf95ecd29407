/**
 * What the private Docker Engine (dockerd.ts) and Podman (podman.ts) helpers share: finding the binary, a GET on
 * the engine's unix socket, waiting for `/_ping` while the child is alive, reading `/version`, and stopping the child.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';

/** The first of `candidates` that exists, else what `command -v NAME` finds, else undefined. */
export function findBinary(name: string, candidates: readonly string[] = []): string | undefined {
    for (const candidate of candidates) {
        if (existsSync(candidate)) {
            return candidate;
        }
    }
    const which = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : undefined;
}

/** A GET on the engine's API socket, with a 2 s timeout. */
export function socketGet(socketPath: string, path: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
        const req = request({ socketPath, path, method: 'GET', timeout: 2000 }, (res) => {
            let body = '';
            res.on('data', (d: Buffer) => (body += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.end();
    });
}

/** Polls `/_ping` every `intervalMs` until it answers 200; returns why it did not (`name` opens the reason). */
export async function waitForPing(
    child: ChildProcess,
    socketPath: string,
    { name, timeoutMs, intervalMs }: { name: string; timeoutMs: number; intervalMs: number },
): Promise<string | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (child.exitCode !== null || child.signalCode !== null) {
            return `${name} exited with ${child.exitCode ?? child.signalCode}`;
        }
        try {
            if ((await socketGet(socketPath, '/_ping')).status === 200) {
                return undefined;
            }
        } catch {
            // not listening yet
        }
        await new Promise((r) => setTimeout(r, intervalMs));
    }
    return `${name} did not answer /_ping within ${timeoutMs / 1000} s`;
}

/** The engine's `Version` and `ApiVersion` from `/version` ('unknown' where missing). */
export async function engineVersion(socketPath: string): Promise<{ version: string; apiVersion: string }> {
    const version = JSON.parse((await socketGet(socketPath, '/version')).body) as {
        Version?: string;
        ApiVersion?: string;
    };
    return { version: version.Version ?? 'unknown', apiVersion: version.ApiVersion ?? 'unknown' };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
export function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
    return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
            resolve();
            return;
        }
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        child.once('exit', () => {
            clearTimeout(timer);
            resolve();
        });
        child.kill('SIGTERM');
    });
}
