import type * as vscode from 'vscode';
import type { Log } from '../../core/lib/log';
import type { ApiKeyStore } from '../auth/apiKeyStore';
import type { DetailsPanels } from '../details/detailsPanel';
import type { DockerfileTracker } from '../editor/dockerfileTracker';
import type { ChannelLog } from '../platform/log';
import type { Session } from '../session';
import type { CatalogTreeModel } from '../tree/catalogTreeModel';

/** What command handlers receive: the services built in activate(), passed explicitly (no global). */
export interface CommandContext {
    readonly extension: vscode.ExtensionContext;
    readonly session: Session;
    readonly keys: ApiKeyStore;
    readonly model: CatalogTreeModel;
    readonly details: DetailsPanels;
    /** The last Dockerfile editor and cursor, for Insert Pinned FROM from the details panel. */
    readonly dockerfiles: DockerfileTracker;
    readonly logs: ChannelLog;
    readonly log: Log;
}

export type CommandHandler = (ctx: CommandContext, ...args: unknown[]) => unknown;
