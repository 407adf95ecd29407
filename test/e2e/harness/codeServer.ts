import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { FatalError, freePort, run, startDaemon, waitFor, type Daemon } from './processes';

/** code-server 4.100.3 as `scripts/install-e2e-deps.sh` installs it (outside the repo). */
export function codeServerBin(): string {
    const home = process.env.NGC_E2E_HOME || join(homedir(), '.cache', 'ngc-explorer-e2e');
    return process.env.NGC_CODE_SERVER || join(home, 'code-server', 'node_modules', '.bin', 'code-server');
}

export const CHROMIUM = process.env.NGC_CHROMIUM || '/usr/bin/chromium';

/** Why the e2e tests cannot run here, or undefined when code-server and Chromium are installed. */
export function missingDependencies(): string | undefined {
    const missing = [codeServerBin(), CHROMIUM].filter((p) => !existsSync(p));
    return missing.length ? `not installed: ${missing.join(', ')} (run scripts/install-e2e-deps.sh)` : undefined;
}

/** Settings that keep a fresh workbench quiet and deterministic (no welcome page, no update or telemetry calls). */
export const QUIET_SETTINGS: Record<string, unknown> = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'security.workspace.trust.enabled': false,
    'git.enabled': false,
    'files.autoSave': 'off',
    'editor.accessibilitySupport': 'off',
    'chat.commandCenter.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export interface IsolatedProfile {
    /** A private HOME with XDG dirs, user data and extensions under `root`. */
    root: string;
    env: NodeJS.ProcessEnv;
    args: string[];
}

/**
 * An isolated code-server profile: HOME, XDG_* dirs, `--user-data-dir` and `--extensions-dir` under `root`, the
 * given user settings, and an environment without the caller's NGC_* variables (the extension must get its
 * endpoints and key from the settings and the UI, not from the developer's shell).
 */
export async function createProfile(root: string, settings: Record<string, unknown>): Promise<IsolatedProfile> {
    const dirs = {
        HOME: join(root, 'home'),
        XDG_CONFIG_HOME: join(root, 'xdg-config'),
        XDG_DATA_HOME: join(root, 'xdg-data'),
        XDG_CACHE_HOME: join(root, 'xdg-cache'),
        XDG_STATE_HOME: join(root, 'xdg-state'),
    };
    const userData = join(root, 'user-data');
    const extensions = join(root, 'extensions');
    for (const dir of [...Object.values(dirs), join(userData, 'User'), extensions]) {
        await mkdir(dir, { recursive: true });
    }
    await writeFile(
        join(userData, 'User', 'settings.json'),
        JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 4),
    );
    const config = join(root, 'code-server.yaml');
    await writeFile(config, 'auth: none\ncert: false\n');
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) {
        if (!/^(NGC_|CI$|VSCODE_|ELECTRON_)/.test(name)) {
            env[name] = value;
        }
    }
    Object.assign(env, dirs);
    return { root, env, args: ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions] };
}

export async function installExtension(profile: IsolatedProfile, vsix: string): Promise<void> {
    const out = await run(codeServerBin(), [...profile.args, '--install-extension', vsix, '--force'], {
        env: profile.env,
    });
    if (!/successfully installed/i.test(out)) {
        throw new Error(`installing ${vsix} did not report success:\n${out}`);
    }
}

export interface RunningCodeServer {
    url: string;
    daemon: Daemon;
    stop(): Promise<void>;
}

/** Starts code-server on 127.0.0.1 (`port` or a free one) with no auth, opening `folder`; waits for /healthz. */
export async function startCodeServer(
    profile: IsolatedProfile,
    folder: string,
    logPath: string,
    port?: number,
): Promise<RunningCodeServer> {
    const bindPort = port ?? (await freePort());
    const daemon = startDaemon(
        codeServerBin(),
        [
            ...profile.args,
            '--bind-addr',
            `127.0.0.1:${bindPort}`,
            '--auth',
            'none',
            '--disable-telemetry',
            '--disable-update-check',
            '--disable-workspace-trust',
            '--disable-getting-started-override',
            folder,
        ],
        logPath,
        { env: profile.env },
    );
    const url = `http://127.0.0.1:${bindPort}`;
    try {
        await waitFor(
            'code-server /healthz',
            async () => {
                if (daemon.child.exitCode !== null) {
                    throw new FatalError(
                        `code-server exited ${daemon.child.exitCode}:\n${daemon.output().slice(-2000)}`,
                    );
                }
                const response = await fetch(`${url}/healthz`);
                return response.ok ? true : undefined;
            },
            30_000,
        );
    } catch (error) {
        await daemon.stop();
        throw error;
    }
    return { url, daemon, stop: () => daemon.stop() };
}
