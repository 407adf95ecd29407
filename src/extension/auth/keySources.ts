import { join } from 'node:path';

/** Where an importable key was found. The key itself is never shown, only its source and a masked hint. */
export interface KeyCandidate {
    source: 'NGC_API_KEY' | 'NGC_CLI_API_KEY' | 'ngc-cli-config';
    /** Human description, e.g. `~/.ngc/config [CURRENT]`. */
    label: string;
    key: string;
}

/**
 * Reads `apikey` from the NGC CLI's INI config. The CLI writes `[CURRENT]` with `apikey = …`, `format_type`, `org`,
 * `team`; other sections (older CLIs wrote profiles) are ignored. Values may be quoted; comments start with # or ;.
 */
export function parseNgcCliConfig(text: string): { apiKey?: string; org?: string; team?: string } {
    let section = '';
    const out: { apiKey?: string; org?: string; team?: string } = {};
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#') || line.startsWith(';')) {
            continue;
        }
        const header = /^\[(.+)\]$/.exec(line);
        if (header) {
            section = (header[1] ?? '').trim().toUpperCase();
            continue;
        }
        if (section !== 'CURRENT') {
            continue;
        }
        const kv = /^([A-Za-z_]+)\s*[=:]\s*(.*)$/.exec(line);
        if (!kv) {
            continue;
        }
        const name = (kv[1] ?? '').toLowerCase();
        const value = (kv[2] ?? '').trim().replace(/^(['"])(.*)\1$/, '$2');
        if (value === '' || value === 'no-org' || value === 'no-team') {
            continue;
        }
        if (name === 'apikey') {
            out.apiKey = value;
        } else if (name === 'org') {
            out.org = value;
        } else if (name === 'team') {
            out.team = value;
        }
    }
    return out;
}

/** The NGC CLI config file: `$NGC_CLI_CONFIG_DIR/config`, else `~/.ngc/config`. */
export function ngcCliConfigPath(env: NodeJS.ProcessEnv, home: string): string {
    const dir = env.NGC_CLI_CONFIG_DIR?.trim();
    return join(dir ? dir : join(home, '.ngc'), 'config');
}

/**
 * Finds keys the user may want to import, in the CLI's order of precedence: environment first, then the config file.
 * `readFile` returns undefined when the file is missing or unreadable. Duplicate keys are listed once.
 */
export async function findKeyCandidates(
    env: NodeJS.ProcessEnv,
    home: string,
    readFile: (path: string) => Promise<string | undefined>,
): Promise<KeyCandidate[]> {
    const found: KeyCandidate[] = [];
    for (const name of ['NGC_API_KEY', 'NGC_CLI_API_KEY'] as const) {
        const key = env[name]?.trim();
        if (key) {
            found.push({ source: name, label: `environment variable ${name}`, key });
        }
    }
    const path = ngcCliConfigPath(env, home);
    const text = await readFile(path);
    const apiKey = text === undefined ? undefined : parseNgcCliConfig(text).apiKey;
    if (apiKey) {
        const shown = path.startsWith(home) && !env.NGC_CLI_CONFIG_DIR ? `~${path.slice(home.length)}` : path;
        found.push({ source: 'ngc-cli-config', label: `NGC CLI config ${shown}`, key: apiKey });
    }
    return found.filter((c, i) => found.findIndex((o) => o.key === c.key) === i);
}

/** `nvapi-…abcd` style hint that shows the kind and the last four characters only. */
export function maskKey(key: string): string {
    const tail = key.slice(-4);
    return key.startsWith('nvapi-') ? `nvapi-…${tail}` : `…${tail}`;
}
