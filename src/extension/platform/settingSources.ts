import { realpath } from 'node:fs/promises';
import * as path from 'node:path';

/**
 * Which settings a workspace may set. A folder the user merely opened can carry `.vscode/settings.json`; a value
 * there that decides where the NGC key goes (an endpoint) or what a signature must chain to (a trust root) would let
 * that folder take the key or bless a tampered model. Those settings are `"scope": "machine"` in package.json and
 * are read from the user's own settings only; a download folder set by a workspace must stay inside that workspace.
 */

/** Settings (under `ngc.`) read from the user's own settings only; a workspace's value is ignored and logged. */
export const USER_ONLY_SETTINGS = [
    'apiUrl',
    'authUrl',
    'registry',
    'helmUrl',
    'trustedRealmHosts',
    'modelSigning.rootCertificate',
    'modelSigning.publicKey',
    'download.verifySignature',
] as const;

/** The parts of `WorkspaceConfiguration.inspect()` these rules read. */
export interface SettingLayers<T> {
    globalValue?: T;
    workspaceValue?: T;
    workspaceFolderValue?: T;
}

/** The user's own (global) value, trimmed; a workspace value is never used. Undefined when blank or unset. */
export function userOnlyText(layers: SettingLayers<unknown> | undefined): string | undefined {
    return textOf(layers?.globalValue);
}

/** A setting's value as trimmed text; undefined when it is not a string or blank. */
function textOf(value: unknown): string | undefined {
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** True when a workspace or folder sets a value that {@link userOnlyText} ignores (worth one log line). */
export function workspaceTriesToSet(layers: SettingLayers<unknown> | undefined): boolean {
    const set = (v: unknown) => textOf(v) !== undefined || (Array.isArray(v) && v.length > 0);
    return set(layers?.workspaceValue) || set(layers?.workspaceFolderValue);
}

export type DownloadFolder =
    /** `userFolder`: the user's own setting beside a workspace's value, in case a link takes that one outside. */
    | { folder: string; fromWorkspace: boolean; userFolder?: string }
    /** The workspace's value was refused; `userFolder` is the user's own setting, if any, to use instead. */
    | { refused: string; userFolder?: string }
    | undefined;

/**
 * `ngc.download.destination`: a folder (relative ones against the first workspace folder `root`). The user's own
 * value may name any folder; a workspace's value must resolve inside `root`, else it is refused with the reason and
 * the user's own value (if any) is offered instead. Undefined when nothing is set (ask each time). The path is
 * checked as text here; {@link realFolderInside} checks it again through the links on disk before a download.
 */
export function downloadFolderFrom(
    layers: SettingLayers<unknown> | undefined,
    root: string | undefined,
): DownloadFolder {
    const resolveIn = (value: string) =>
        path.isAbsolute(value) || root === undefined ? path.resolve(value) : path.resolve(root, value);
    const fromWorkspace = textOf(layers?.workspaceFolderValue) ?? textOf(layers?.workspaceValue);
    const user = textOf(layers?.globalValue);
    if (fromWorkspace === undefined) {
        return user === undefined ? undefined : { folder: resolveIn(user), fromWorkspace: false };
    }
    const folder = resolveIn(fromWorkspace);
    if (root === undefined || !within(path.resolve(root), folder)) {
        return {
            refused: workspaceRefusal(fromWorkspace),
            ...(user === undefined ? {} : { userFolder: resolveIn(user) }),
        };
    }
    return { folder, fromWorkspace: true, ...(user === undefined ? {} : { userFolder: resolveIn(user) }) };
}

export function workspaceRefusal(value: string): string {
    return `The workspace's ngc.download.destination (${value}) is outside the workspace folder, so it is not used: set it in your user settings to download there.`;
}

/**
 * True when `folder` is inside `root` once every link on the way is followed (a repository can commit a link
 * `models -> ~/.config` and name `models` as its download folder). The part of `folder` that does not exist yet
 * is taken as written below the deepest part that does.
 */
export async function realFolderInside(root: string, folder: string): Promise<boolean> {
    const realRoot = await realpath(root);
    let existing = path.resolve(folder);
    const rest: string[] = [];
    for (;;) {
        try {
            const real = path.join(await realpath(existing), ...rest);
            return within(realRoot, real);
        } catch {
            const parent = path.dirname(existing);
            if (parent === existing) {
                return false;
            }
            rest.unshift(path.basename(existing));
            existing = parent;
        }
    }
}

/** True when `child` is `parent` or below it (both absolute and resolved). */
function within(parent: string, child: string): boolean {
    const rel = path.relative(parent, child);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
