import * as vscode from 'vscode';
import { ApiKeyStore } from './auth/apiKeyStore';
import { identityDescription } from './auth/identityState';
import type { CommandContext } from './commands/commandContext';
import { registerCommands } from './commands/registerCommands';
import { DetailsPanels } from './details/detailsPanel';
import { DockerfileFeatures } from './editor/dockerfileFeatures';
import { DockerfileTracker } from './editor/dockerfileTracker';
import { diagnoseForUi } from './platform/diagnosis';
import { DisposableStore } from './platform/disposableStore';
import { ChannelLog } from './platform/log';
import { SignatureBadges } from './modelSigning/signatureBadges';
import { Session } from './session';
import { NgcStatusBar } from './statusBar';
import { CatalogTreeModel } from './tree/catalogTreeModel';
import { CatalogTreeProvider } from './tree/catalogTreeProvider';

/**
 * The composition root: builds services in dependency order, hands each what it needs through its constructor, and
 * keeps every disposable in one store. activate() never waits for the network, nor queues work that loads it: the
 * status bar asks who the key is when the catalog view is first visible (`ready` settles after that answer), the tree
 * loads when expanded, and core modules (undici, zod, transfer) load on first use.
 */
export function activate(context: vscode.ExtensionContext): { ready: Promise<void> } {
    const started = Date.now();
    const store = new DisposableStore();
    context.subscriptions.push(store);
    const logs = store.add(new ChannelLog());
    const log = logs.for('extension');
    try {
        const keys = store.add(new ApiKeyStore(context.secrets, logs.for('auth')));
        const session = store.add(new Session(keys, logs));
        const model = new CatalogTreeModel({
            source: () => session.source(),
            diagnose: diagnoseForUi,
            currentOrg: () => session.settings.org,
        });
        const tree = store.add(new CatalogTreeProvider(model));
        const details = store.add(
            new DetailsPanels(
                context.extensionUri,
                session,
                logs.for('details'),
                (ref, tag) => model.verificationOf(ref, tag),
                context.globalStorageUri,
                model.modelVerifications,
            ),
        );
        store.add(new SignatureBadges(model.modelVerifications));
        store.add(session.onDidChange(() => model.refresh()));
        const status = store.add(new NgcStatusBar(session, (state) => tree.setDescription(identityDescription(state))));
        store.add(whenVisible(tree.view, () => void status.start()));
        store.add(model.onDidChange((node) => node === undefined && status.retryIfUnreachable()));
        const dockerfiles = store.add(new DockerfileTracker());
        store.add(new DockerfileFeatures(session, context.globalStorageUri, logs.for('dockerfile'), model));
        const ctx: CommandContext = { extension: context, session, keys, model, details, dockerfiles, logs, log };
        registerCommands(ctx).forEach((d) => store.add(d));
        log.info(`activated in ${Date.now() - started} ms; API ${session.settings.endpoints.apiUrl}`);
        return { ready: status.ready };
    } catch (error) {
        // Activation failures are shown, not swallowed: the user otherwise sees an empty view and no reason.
        log.error(`activation failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        void vscode.window.showErrorMessage(
            `NGC Explorer failed to start: ${error instanceof Error ? error.message : String(error)}`,
        );
        throw error;
    }
}

/** Runs `run` once, as soon as `view` is visible (now, if it already is). */
function whenVisible(view: vscode.TreeView<unknown>, run: () => void): vscode.Disposable {
    if (view.visible) {
        run();
        return new vscode.Disposable(() => undefined);
    }
    const listener = view.onDidChangeVisibility((e) => {
        if (e.visible) {
            listener.dispose();
            run();
        }
    });
    return listener;
}

export function deactivate(): void {
    // Everything is disposed through context.subscriptions.
}
