import * as vscode from 'vscode';
import { showError } from '../platform/showError';
import { importApiKey, setApiKey, showIdentity, signOut } from './authCommands';
import {
    loadMore,
    openCatalogPage,
    openLicense,
    openSettings,
    refreshNode,
    refreshView,
    retry,
    showLog,
} from './catalogCommands';
import type { CommandContext, CommandHandler } from './commandContext';
import { downloadVersion } from './downloadVersion';
import { copyDigest, copyPullCommand, pullImage, verifyImage } from './imageCommands';
import { insertPinnedFrom } from './insertPinnedFrom';
import { openDetails } from './openDetails';
import { pinDockerfile } from './pinDockerfile';
import { searchCatalog } from './searchCatalog';
import { switchOrg } from './switchOrg';
import { verifyModelFolder } from './verifyModelFolder';

/**
 * Every command of the extension, id → handler. `scripts/check-commands.mjs` checks this table against
 * `contributes.commands` in both directions, so keep one entry per line in this form.
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
    'ngc.catalog.openLicense': openLicense,
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
    'ngc.log.show': showLog,
    'ngc.model.verifySignature': verifyModelFolder,
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
