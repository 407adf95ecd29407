import * as vscode from 'vscode';
import { offeredTargets, readRemembered, remember, type MirrorTarget, type RememberedTargets } from './mirrorTargets';

/** globalState key of the targets used: the last one per org and the recent ones. */
const REMEMBERED = 'ngc.mirror.remembered';

/** `ngc.mirror.*`: the targets teams mirror into, and whether signatures go along. */
export interface MirrorSettings {
    /** `ngc.mirror.targets`: `host[:port][/path]` entries. */
    targets: string[];
    /** `ngc.mirror.copySignatures`: cosign tags and referrers go with the image (default true). */
    copySignatures: boolean;
}

export function readMirrorSettings(): MirrorSettings {
    const config = vscode.workspace.getConfiguration('ngc.mirror');
    const targets = config.get<unknown>('targets');
    return {
        targets: Array.isArray(targets) ? targets.filter((t): t is string => typeof t === 'string') : [],
        copySignatures: config.get<boolean>('copySignatures') !== false,
    };
}

/**
 * The org targets are remembered for: the org the user works in (`ngc.org`), else the image's own org, so a team
 * mirroring into its registry finds it offered first whichever NGC org the image comes from.
 */
export function memoryOrg(sessionOrg: string | undefined, imageOrg: string): string {
    return sessionOrg ?? imageOrg;
}

export function rememberedTargets(state: vscode.Memento): RememberedTargets {
    return readRemembered(state.get(REMEMBERED));
}

export async function rememberTarget(state: vscode.Memento, org: string, target: MirrorTarget): Promise<void> {
    await state.update(REMEMBERED, remember(rememberedTargets(state), org, target));
}

/** Every target this user mirrors into: the configured ones, then the ones used (for pinning against a mirror). */
export function knownTargets(state: vscode.Memento, org?: string): MirrorTarget[] {
    const memory = rememberedTargets(state);
    return offeredTargets({
        configured: readMirrorSettings().targets,
        lastForOrg: org === undefined ? undefined : memory.byOrg[org],
        used: memory.used,
    });
}
