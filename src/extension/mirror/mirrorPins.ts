import * as vscode from 'vscode';
import { imageRepository } from '../../core/catalog/catalogUrls';
import { formatArtifactRef, type CatalogRef } from '../../core/ngc/artifactRef';
import type { RegistryClient } from '../../core/registry/client';
import type { CommandContext } from '../commands/commandContext';
import { knownTargets, memoryOrg } from './mirrorSettings';
import { mirrorRepository } from './mirrorTargets';

/**
 * Pinning against a mirror (issue 12 item 6): the repository a pinned FROM line names. Without mirror targets
 * (`ngc.mirror.targets`, or targets mirrored into before) it is the NGC registry's; with them the user picks the
 * registry production pulls from. The digest stays the one NGC serves: a mirror made by Mirror to… (or
 * `ngc-explorer mirror`) keeps it byte for byte. Undefined when the user dismissed the pick.
 */
export async function pinRepository(ctx: CommandContext, ref: CatalogRef): Promise<string | undefined> {
    const ngc = imageRepository(ctx.session.settings.endpoints.registry, ref);
    const targets = knownTargets(ctx.extension.globalState, memoryOrg(ctx.session.settings.org, ref.org));
    if (targets.length === 0) {
        return ngc;
    }
    const pick = await vscode.window.showQuickPick(
        [
            { label: `$(cloud) ${ngc}`, description: 'NGC registry', repository: ngc },
            ...targets.map((t) => {
                const repository = `${t.host}/${mirrorRepository(t, formatArtifactRef(ref))}`;
                return { label: `$(server) ${repository}`, description: 'mirror', repository };
            }),
        ],
        { title: 'Pin FROM to which registry?', placeHolder: 'The same digest at NGC or at a mirror of it' },
    );
    return pick?.repository;
}

/** The registry hosts of the mirror targets, whose FROM lines Pin Dockerfile pins too (the CLI's `--registry`). */
export function mirrorHosts(ctx: CommandContext): string[] {
    return [...new Set(knownTargets(ctx.extension.globalState).map((t) => t.host))];
}

/**
 * A registry client for pinning: NGC's key for the NGC registry only, and for mirror hosts the credential stored
 * for each (never the NGC key). Without mirror hosts, the session's own client.
 */
export async function pinRegistry(ctx: CommandContext, hosts: readonly string[]): Promise<RegistryClient> {
    if (hosts.length === 0) {
        return ctx.session.registry();
    }
    // The credential store (zod schemas, ECR/ACR exchanges) loads here, not with Insert Pinned FROM at activation.
    const [client, { RegistryClient }, { registryCredentialsFor }] = await Promise.all([
        ctx.session.client(),
        import('../../core/registry/client.js'),
        import('./registryCredentials.js'),
    ]);
    const credentials = registryCredentialsFor(ctx.extension.secrets, ctx.log).provider(client.httpClient);
    return new RegistryClient({
        http: client.httpClient,
        credentials: client.registryCredentials(credentials),
        log: ctx.logs.for('registry'),
    });
}
