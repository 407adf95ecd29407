import * as path from 'node:path';

/**
 * Which settings a workspace may set. A folder the user merely opened can carry `.vscode/settings.json`; a value
 * there that decides where the NGC key goes (an endpoint) or what a signature must chain to (a trust root) would let
 * that folder take the key or bless a tampered model. Those settings are `"scope": "machine"` in package.json and
 * are read from the user's own settings only; a download folder set by a workspace must stay inside that workspace.
 */

/** The parts of `WorkspaceConfiguration.inspect()` these rules read. */
export interface SettingLayers<T> {
    globalValue?: T;
    workspaceValue?: T;
    workspaceFolderValue?: T;
}

/** The user's own (global) value, trimmed; a workspace value is never used. Undefined when blank or unset. */
export function userOnlyText(layers: SettingLayers<unknown> | undefined): string | undefined {
    const value = layers?.globalValue;
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** True when a workspace or folder sets a value that {@link userOnlyText} ignores (worth one log line). */
export function workspaceTriesToSet(layers: SettingLayers<unknown> | undefined): boolean {
    const set = (v: unknown) => typeof v === 'string' && v.trim() !== '';
    return set(layers?.workspaceValue) || set(layers?.workspaceFolderValue);
}

export type DownloadFolder = { folder: string } | { refused: string } | undefined;

/**
 * `ngc.download.destination`: a folder (relative ones against the first workspace folder `root`). The user's own
 * value may name any folder; a workspace's value must resolve inside `root`, else it is refused with the reason
 * (the caller asks for a folder instead). Undefined when nothing is set (ask each time).
 */
export function downloadFolderFrom(
    layers: SettingLayers<unknown> | undefined,
    root: string | undefined,
): DownloadFolder {
    const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
    const fromWorkspace = text(layers?.workspaceFolderValue) ?? text(layers?.workspaceValue);
    const value = fromWorkspace ?? text(layers?.globalValue);
    if (value === undefined) {
        return undefined;
    }
    const folder = path.isAbsolute(value) || root === undefined ? path.resolve(value) : path.resolve(root, value);
    if (fromWorkspace !== undefined) {
        const inside = root !== undefined && (folder === path.resolve(root) || isInside(path.resolve(root), folder));
        if (!inside) {
            return {
                refused: `The workspace's ngc.download.destination (${value}) is outside the workspace folder, so it is not used: set it in your user settings to download there.`,
            };
        }
    }
    return { folder };
}

function isInside(parent: string, child: string): boolean {
    const rel = path.relative(parent, child);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
