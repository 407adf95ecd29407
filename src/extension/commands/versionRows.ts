import type { QuickPickItem } from 'vscode';
import type { VersionInfo } from '../../core/catalog/catalogSource';
import { formatArtifactRef, type CatalogRef } from '../../core/ngc/artifactRef';
import { formatAge, formatBytes, joinParts } from '../../core/lib/format';
import { plural, versionState } from '../../protocol/text';

/**
 * One version row of a picker, as the tree shows the version: `3.0` with `$(clock)` (upload pending) or `$(warning)`
 * (failed or another state) and "upload pending · not downloadable · …" first in the description when it cannot be
 * downloaded. VS Code quick picks have no disabled rows: the command refuses such a pick ({@link notReadyMessage}).
 */
export function versionPickItem(v: VersionInfo): QuickPickItem {
    const state = versionState(v.status);
    const icon = state.ready ? '' : v.status === 'UPLOAD_PENDING' ? '$(clock) ' : '$(warning) ';
    return {
        label: `${icon}${v.version}`,
        description: joinParts(
            !state.ready && `${state.label} · not downloadable`,
            formatBytes(v.size),
            v.fileCount !== undefined && plural(v.fileCount, 'file'),
            formatAge(v.updated),
        ),
    };
}

/** Why `version` of `ref` cannot be downloaded (or fetched with Helm), in editor words; undefined when it can. */
export function notReadyMessage(ref: CatalogRef, version: VersionInfo): string | undefined {
    const state = versionState(version.status);
    if (state.ready) {
        return undefined;
    }
    const label = formatArtifactRef(ref, version.version);
    if (version.status === 'UPLOAD_FAILED') {
        return `${label} cannot be downloaded: its upload failed, so NGC has no complete set of its files. Choose another version.`;
    }
    return `${label} cannot be downloaded yet: its upload is not complete (${state.label}). Choose another version, or try again once the upload has finished.`;
}
