import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Simulator } from '../../sim/server';

export interface CliRun {
    code: number;
    stdout: string;
    stderr: string;
}

/** The environment a user would set to point the CLI at the simulator. */
export function simEnv(sim: Simulator, key?: string): Record<string, string> {
    return {
        NGC_API_URL: sim.urls.api,
        NGC_AUTH_URL: sim.urls.auth,
        NGC_REGISTRY: sim.urls.registry,
        NGC_HELM_URL: sim.urls.helm,
        ...(key ? { NGC_API_KEY: key } : {}),
    };
}

/**
 * The command that runs the CLI: the built bundle when NGC_CLI_BIN names it (`npm test` builds first, and a bundle
 * starts ten times faster than tsx), else the sources through tsx.
 */
export function cliCommand(): string[] {
    const bin = process.env.NGC_CLI_BIN;
    return bin ? [bin] : ['--import', 'tsx', 'src/cli/main.ts'];
}

/**
 * One cache folder per test process: runs share it (as a user's runs would), the user's own ~/.cache is untouched,
 * and it is removed when the process exits.
 */
let cacheHome: string | undefined;

function testCacheHome(): string {
    if (cacheHome === undefined) {
        const made = mkdtempSync(join(tmpdir(), 'ngc-cli-cache-'));
        process.once('exit', () => rmSync(made, { recursive: true, force: true }));
        cacheHome = made;
    }
    return cacheHome;
}

/**
 * Runs `ngc-explorer ARGS` as a child process with `env` on top of a clean PATH/HOME and a private XDG_CACHE_HOME
 * (download state and the config cache live there).
 */
export function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [...cliCommand(), ...args], {
            cwd: process.cwd(),
            env: {
                PATH: process.env.PATH ?? '',
                HOME: process.env.HOME ?? '/tmp',
                XDG_CACHE_HOME: testCacheHome(),
                ...env,
            },
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
}
