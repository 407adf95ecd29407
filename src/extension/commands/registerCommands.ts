import * as vscode from 'vscode';
import { showError } from '../platform/showError';
import type { CommandContext, CommandHandler } from './commandContext';
import { copyDigest } from './copyDigest';
import { copyHelmCommand } from './copyHelmCommand';
import { copyPullCommand } from './copyPullCommand';
import { downloadVersion } from './downloadVersion';
import { importApiKey } from './importApiKey';
import { insertPinnedFrom } from './insertPinnedFrom';
import { loadMore } from './loadMore';
import { openCatalogPage } from './openCatalogPage';
import { openDetails } from './openDetails';
import { openSettings } from './openSettings';
import { pinDockerfile } from './pinDockerfile';
import { pullImage } from './pullImage';
import { refreshNode } from './refreshNode';
import { refreshView } from './refreshView';
import { retry } from './retry';
import { searchCatalog } from './searchCatalog';
import { setApiKey } from './setApiKey';
import { showIdentity } from './showIdentity';
import { showLog } from './showLog';
import { signOut } from './signOut';
import { switchOrg } from './switchOrg';
import { verifyImage } from './verifyImage';
import { verifyModelFolder } from './verifyModelFolder';

/**
 * A handler whose module loads on its first run, not at activation: for commands that need core code the rest of
 * activation does not (the mirror commands load the registry credential store and its zod schemas).
 */
function lazy<K extends string>(load: () => Promise<Record<K, CommandHandler>>, name: K): CommandHandler {
    return async (ctx, ...args) => (await load())[name](ctx, ...args);
}

/**
 * Every command of the extension, id → handler; each handler lives in its own file named for what it does.
 * `scripts/check-commands.mjs` checks this table against `contributes.commands` in both directions, so keep one entry
 * per line in this form (a handler, or `lazy(…)` for one whose module is loaded on first use).
 */
export const COMMANDS: Record<string, CommandHandler> = {
    'ngc.auth.setApiKey': setApiKey,
    'ngc.auth.importApiKey': importApiKey,
    'ngc.auth.signOut': signOut,
    'ngc.auth.showIdentity': showIdentity,
    'ngc.org.switch': switchOrg,
    'ngc.catalog.refresh': refreshView,
    'ngc.catalog.refreshNode': refreshNode,
    'ngc.catalog.loadMore': loadMore,
    'ngc.catalog.search': searchCatalog,
    'ngc.catalog.openLicense': openCatalogPage,
    'ngc.catalog.openCatalogPage': openCatalogPage,
    'ngc.catalog.retry': retry,
    'ngc.catalog.openSettings': openSettings,
    'ngc.details.open': openDetails,
    'ngc.image.copyPullCommand': copyPullCommand,
    'ngc.image.copyDigest': copyDigest,
    'ngc.image.pull': pullImage,
    'ngc.image.verify': verifyImage,
    'ngc.dockerfile.insertPinnedFrom': insertPinnedFrom,
    'ngc.dockerfile.pin': pinDockerfile,
    'ngc.artifact.download': downloadVersion,
    'ngc.helm.copyCommand': copyHelmCommand,
    'ngc.log.show': showLog,
    'ngc.model.verifySignature': verifyModelFolder,
    'ngc.image.mirror': lazy(() => import('./mirrorImage.js'), 'mirrorImage'),
    'ngc.mirror.addCredential': lazy(() => import('./mirrorCredentials.js'), 'addRegistryCredential'),
    'ngc.mirror.removeCredential': lazy(() => import('./mirrorCredentials.js'), 'removeRegistryCredential'),
};

/**
 * Registers the table through one wrapper: each run is logged, cancellation is silent, and any other failure is
 * shown as its diagnosis with a fix button (never an unhandled rejection).
 */
export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
    return Object.entries(COMMANDS).map(([id, handler]) =>
        vscode.commands.registerCommand(id, async (...args: unknown[]) => {
            ctx.log.debug(`command ${id}`);
            try {
                return await handler(ctx, ...args);
            } catch (error) {
                await showError(error, ctx.log, args);
                return undefined;
            }
        }),
    );
}
