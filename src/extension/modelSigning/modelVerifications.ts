import { resolve } from 'node:path';
import { formatArtifactRef, type ArtifactRef } from '../../core/ngc/artifactRef';

/** The verdict of one OMS signature check of a downloaded model version (this session only). */
export interface ModelVerificationRecord {
    state: 'verified' | 'failed';
    /** One line: `signature verified (3 files, signed by …)` or `fileDigest (model.safetensors)`. */
    summary: string;
    /** The folder that was checked (`DEST/NAME_vVERSION`). */
    folder: string;
}

/**
 * Model signature checks made in this session: by `org/[team/]name:version` for the details panel's versions table,
 * and by folder for the Explorer badge. A later check of the same version or folder replaces the earlier one (a
 * re-download that now verifies clears a failure). No vscode here: listeners are plain callbacks.
 */
export class ModelVerifications {
    private readonly byVersion = new Map<string, ModelVerificationRecord>();
    private readonly byFolder = new Map<string, ModelVerificationRecord>();
    private readonly listeners = new Set<(change: { folder: string; previousFolder?: string }) => void>();

    record(ref: ArtifactRef, version: string, verdict: ModelVerificationRecord): void {
        const key = formatArtifactRef(ref, version);
        const folder = resolve(verdict.folder);
        const previous = this.byVersion.get(key);
        const previousFolder = previous && previous.folder !== folder ? previous.folder : undefined;
        if (previousFolder !== undefined && this.byFolder.get(previousFolder) === previous) {
            this.byFolder.delete(previousFolder);
        }
        const stored = { ...verdict, folder };
        this.byVersion.set(key, stored);
        this.byFolder.set(folder, stored);
        this.listeners.forEach((l) => l(previousFolder === undefined ? { folder } : { folder, previousFolder }));
    }

    /**
     * A check of a folder that is not a known version (Verify Model Signature… on any folder): the Explorer badge
     * only. A version whose folder this was keeps its own record until it is checked again.
     */
    recordFolder(verdict: ModelVerificationRecord): void {
        const folder = resolve(verdict.folder);
        this.byFolder.set(folder, { ...verdict, folder });
        this.listeners.forEach((l) => l({ folder }));
    }

    of(ref: ArtifactRef, version: string): ModelVerificationRecord | undefined {
        return this.byVersion.get(formatArtifactRef(ref, version));
    }

    ofFolder(path: string): ModelVerificationRecord | undefined {
        return this.byFolder.get(resolve(path));
    }

    /** Called with the folder whose verdict changed (and the one it no longer applies to, if it moved). */
    onDidChange(listener: (change: { folder: string; previousFolder?: string }) => void): { dispose(): void } {
        this.listeners.add(listener);
        return { dispose: () => this.listeners.delete(listener) };
    }
}

/** The Explorer badge of a verdict: text (at most 2 characters, as VS Code allows), tooltip and theme colour. */
export function badgeOf(verdict: Pick<ModelVerificationRecord, 'state' | 'summary'>): {
    text: string;
    tooltip: string;
    color: string;
} {
    return verdict.state === 'verified'
        ? { text: '✓', tooltip: `NGC model ${verdict.summary}`, color: 'testing.iconPassed' }
        : {
              text: '✗',
              tooltip: `NGC model signature verification FAILED: ${verdict.summary}`,
              color: 'list.errorForeground',
          };
}
