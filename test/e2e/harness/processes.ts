import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Child processes of the e2e run. Each is started in its own process group so that stopping it also stops what it
 * started (code-server forks its server and extension hosts). Every group still alive when this process exits is
 * killed by id, even after a crash or Ctrl+C.
 */
const groups = new Set<number>();

process.once('exit', () => {
    for (const pid of groups) {
        killGroup(pid, 'SIGKILL');
    }
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
        for (const pid of groups) {
            killGroup(pid, 'SIGKILL');
        }
        process.exit(130);
    });
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
    try {
        process.kill(-pid, signal);
    } catch {
        // already gone
    }
}

export interface Daemon {
    child: ChildProcess;
    /** Everything it printed so far (stdout and stderr), also written to `logPath`. */
    output(): string;
    /** SIGTERM to the group, SIGKILL after `graceMs`; resolves when the leader exited. */
    stop(graceMs?: number): Promise<void>;
}

/** Starts a long-running process in its own group, logging both streams to `logPath`. */
export function startDaemon(command: string, args: string[], logPath: string, options: SpawnOptions = {}): Daemon {
    const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const pid = child.pid;
    if (pid === undefined) {
        throw new Error(`could not start ${command}`);
    }
    groups.add(pid);
    const log = createWriteStream(logPath);
    let text = '';
    const collect = (chunk: Buffer) => {
        log.write(chunk);
        if (text.length < 1_000_000) {
            text += chunk.toString();
        }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    return {
        child,
        output: () => text,
        async stop(graceMs = 3000) {
            if (child.exitCode === null && child.signalCode === null) {
                killGroup(pid, 'SIGTERM');
                const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
                await exited;
                clearTimeout(timer);
            }
            // The leader may be gone while its children still run.
            killGroup(pid, 'SIGKILL');
            groups.delete(pid);
            log.end();
        },
    };
}

/** Runs a command to completion; rejects with its output when it exits non-zero. */
export function run(command: string, args: string[], options: SpawnOptions = {}): Promise<string> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
        child.once('error', reject);
        child.once('exit', (code) =>
            code === 0
                ? resolve(out)
                : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${out.slice(-4000)}`)),
        );
    });
}

/** A loopback port that was free a moment ago. */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            server.close(() =>
                typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
            );
        });
    });
}

/** Thrown by a {@link waitFor} probe to stop waiting at once. */
export class FatalError extends Error {}

/** Polls `probe` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function waitFor<T>(
    what: string,
    probe: () => Promise<T | undefined>,
    timeoutMs: number,
    intervalMs = 200,
): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
        try {
            const value = await probe();
            if (value !== undefined) {
                return value;
            }
        } catch (error) {
            if (error instanceof FatalError) {
                throw error;
            }
            last = error;
        }
        if (Date.now() > deadline) {
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
        }
        await new Promise((r) => setTimeout(r, intervalMs));
    }
}
