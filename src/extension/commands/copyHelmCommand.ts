import * as vscode from 'vscode';
import { formatArtifactRef, type CatalogRef } from '../../core/ngc/artifactRef';
import { helmCommand } from '../details/helmCommand';
import type { CommandContext } from './commandContext';
import { isNode, nodeArtifact } from './nodeArgs';
import type { VersionPickOptions } from './pickers';
import { readyVersionTarget } from './targets';

const CHARTS: VersionPickOptions = { kinds: ['helm-chart'], title: 'Choose a Helm chart' };

/**
 * `NGC: Copy Helm Command`: the `helm repo add` / `helm fetch` lines of a chart version for the configured helm host,
 * the same text as the details panel's button (credentials only when the chart is not known public). On a version
 * row, that version; on a chart row, one of its versions picked; from the palette, a searched chart's.
 */
export async function copyHelmCommand(ctx: CommandContext, node?: unknown): Promise<void> {
    const given = nodeArtifact(node);
    if (given && given.kind !== 'helm-chart') {
        void vscode.window.showInformationMessage(`${formatArtifactRef(given)} is not a Helm chart.`);
        return;
    }
    const target = await readyVersionTarget(ctx, node, CHARTS);
    if (!target?.version) {
        return;
    }
    const isPublic = await chartIsPublic(ctx, node, target.ref);
    const text = helmCommand(ctx.session.settings.endpoints.helmUrl, target.ref, target.version, isPublic);
    await vscode.env.clipboard.writeText(text);
    ctx.log.info(`copied the helm commands for ${formatArtifactRef(target.ref, target.version)}`);
    void vscode.window.setStatusBarMessage(`Copied the Helm commands for ${target.ref.name} ${target.version}`, 4000);
}

/**
 * Whether the chart is public, as the tree listed it (a version row's chart row, or the chart row itself); else as
 * its details say, which is what the details panel goes by. Unknown (the lookup failed) keeps the credentials in.
 */
async function chartIsPublic(ctx: CommandContext, node: unknown, ref: CatalogRef): Promise<boolean | undefined> {
    const row = isNode(node) ? (node.kind === 'version' ? ctx.model.getParent(node) : node) : undefined;
    if (row?.kind === 'artifact' && typeof row.artifact.isPublic === 'boolean') {
        return row.artifact.isPublic;
    }
    try {
        return (await (await ctx.session.source()).details(ref)).isPublic;
    } catch (error) {
        ctx.log.debug(`could not tell whether ${formatArtifactRef(ref)} is public: ${String(error)}`);
        return undefined;
    }
}
