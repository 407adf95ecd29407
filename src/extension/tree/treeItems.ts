import * as vscode from 'vscode';
import { KIND_LABELS } from '../../core/catalog/catalogSource';
import { signatureLabel } from '../../protocol/signature';
import { platformLabel, plural, versionState } from '../../protocol/text';
import { tooltipMarkdown } from './tooltips';
import { formatAge, formatBytes, joinParts } from '../../core/lib/format';
import { KIND_ICONS, type CatalogNode } from './nodes';

/** contextValue is composed from parts (`ngcTag;container;signed;`) so `when` clauses can match with regexes. */
export function contextValueOf(node: CatalogNode): string {
    const parts: string[] = [];
    switch (node.kind) {
        case 'root':
            parts.push('ngcRoot', node.org ? 'org' : 'public', 'ngcRefreshable');
            break;
        case 'team':
            parts.push('ngcTeam', 'ngcRefreshable');
            break;
        case 'group':
            parts.push('ngcGroup', node.artifactKind, 'ngcRefreshable');
            break;
        case 'artifact':
            parts.push(
                'ngcArtifact',
                node.artifact.kind,
                node.artifact.signed ? 'signed' : 'unsigned',
                'ngcRefreshable',
            );
            break;
        case 'tag':
            parts.push('ngcTag', node.artifact.kind, node.tag.signed ? 'signed' : 'unsigned');
            if (node.verification) {
                parts.push(
                    node.verification.state === 'verified'
                        ? 'verified'
                        : node.verification.state === 'invalid'
                          ? 'badSignature'
                          : 'notSigned',
                );
            }
            break;
        case 'version':
            // Only a complete upload can be downloaded: the menus offer Download on `ready;` versions.
            parts.push(
                'ngcVersion',
                node.artifact.kind,
                versionState(node.version.status).ready ? 'ready' : 'notReady',
            );
            break;
        case 'loadMore':
            parts.push('ngcLoadMore');
            break;
        case 'message':
            parts.push('ngcMessage');
            break;
        case 'error':
            parts.push('ngcError', node.diagnosis.cause, node.diagnosis.action ?? 'none');
            break;
    }
    return `${parts.join(';')};`;
}

/**
 * The one mapping from node kind to TreeItem, without its tooltip: {@link withTooltip} adds that when the user
 * hovers (VS Code sends, and lexes, every Markdown tooltip of a level each time the level changes).
 */
export function toTreeItem(node: CatalogNode): vscode.TreeItem {
    const C = vscode.TreeItemCollapsibleState;
    let item: vscode.TreeItem;
    switch (node.kind) {
        case 'root':
            item = new vscode.TreeItem(node.org ?? 'Public catalog', node.org ? C.Collapsed : C.Expanded);
            item.iconPath = new vscode.ThemeIcon(node.org ? 'organization' : 'globe');
            item.description = node.current ? 'current org' : node.org ? undefined : 'no key needed';
            break;
        case 'team':
            item = new vscode.TreeItem(node.team, C.Collapsed);
            // A part of its org (VS Code 1.100 has no `people` codicon).
            item.iconPath = new vscode.ThemeIcon('type-hierarchy-sub');
            item.description = 'team';
            break;
        case 'group':
            item = new vscode.TreeItem(KIND_LABELS[node.artifactKind], C.Collapsed);
            item.iconPath = new vscode.ThemeIcon(KIND_ICONS[node.artifactKind]);
            break;
        case 'artifact': {
            const a = node.artifact;
            item = new vscode.TreeItem(a.team ? `${a.team}/${a.name}` : a.name, C.Collapsed);
            item.iconPath = a.locked
                ? new vscode.ThemeIcon('lock', new vscode.ThemeColor('list.warningForeground'))
                : new vscode.ThemeIcon(a.signed ? 'verified' : KIND_ICONS[a.kind]);
            item.description = joinParts(
                a.locked && 'requires entitlement',
                a.latest,
                formatBytes(a.size),
                formatAge(a.updated),
            );
            item.command = previewCommand(node);
            break;
        }
        case 'tag': {
            const t = node.tag;
            item = new vscode.TreeItem(t.tag, C.None);
            const v = node.verification;
            item.iconPath =
                v?.state === 'verified'
                    ? new vscode.ThemeIcon('verified-filled', new vscode.ThemeColor('testing.iconPassed'))
                    : v?.state === 'invalid'
                      ? new vscode.ThemeIcon('unverified', new vscode.ThemeColor('list.errorForeground'))
                      : // An API-signed tag is only claimed signed until Verify runs: outline icon, filled once verified.
                        new vscode.ThemeIcon(t.signed ? 'verified' : 'tag');
            const platforms = t.platforms.map(platformLabel).join(', ');
            const signature = signatureLabel(t.signed, v);
            item.description = joinParts(
                signature?.text,
                formatBytes(t.sizeInBytes),
                formatAge(t.updatedDate),
                platforms,
            );
            item.command = previewCommand(node);
            break;
        }
        case 'version': {
            const v = node.version;
            const state = versionState(v.status);
            item = new vscode.TreeItem(v.version, C.None);
            item.iconPath = !state.ready
                ? new vscode.ThemeIcon(v.status === 'UPLOAD_PENDING' ? 'clock' : 'warning')
                : new vscode.ThemeIcon(v.signed ? 'verified' : 'versions');
            item.description = joinParts(
                !state.ready && state.label,
                formatBytes(v.size),
                v.fileCount !== undefined && plural(v.fileCount, 'file'),
                formatAge(v.updated),
            );
            item.command = previewCommand(node);
            break;
        }
        case 'loadMore':
            item = new vscode.TreeItem('Load more…', C.None);
            item.iconPath = new vscode.ThemeIcon('ellipsis');
            item.description =
                node.remaining !== undefined ? `${node.remaining.toLocaleString('en-US')} more` : undefined;
            item.command = { command: 'ngc.catalog.loadMore', title: 'Load More', arguments: [node] };
            break;
        case 'message':
            item = new vscode.TreeItem(node.text, C.None);
            item.description = node.detail;
            item.iconPath = new vscode.ThemeIcon(node.icon ?? 'info');
            if (node.command) {
                item.command = { command: node.command, title: node.text, arguments: [node] };
            }
            break;
        case 'error':
            item = new vscode.TreeItem(node.diagnosis.title, C.None);
            item.description = node.diagnosis.remedy;
            item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
            item.command = fixCommand(node);
            break;
    }
    item.id = node.id;
    item.contextValue = contextValueOf(node);
    return item;
}

/** A click previews the artifact in the reused details panel; a double click keeps the panel. */
function previewCommand(node: CatalogNode): vscode.Command {
    return { command: 'ngc.details.open', title: 'Show Details', arguments: [node, { preview: true }] };
}

/** Clicking an error node runs its fix: the action core's diagnosis proposes. */
function fixCommand(node: Extract<CatalogNode, { kind: 'error' }>): vscode.Command | undefined {
    switch (node.diagnosis.action) {
        case 'setApiKey':
            return { command: 'ngc.auth.setApiKey', title: 'Set API Key', arguments: [node] };
        case 'switchOrg':
            return { command: 'ngc.org.switch', title: 'Switch Org', arguments: [node] };
        case 'openLicense':
            return { command: 'ngc.catalog.openLicense', title: 'Open Licence Page', arguments: [node] };
        case 'checkSettings':
            return { command: 'ngc.catalog.openSettings', title: 'Open Settings', arguments: [node] };
        case 'openCatalogPage':
            return { command: 'ngc.catalog.openCatalogPage', title: 'Open in NGC Catalog', arguments: [node] };
        case 'retry':
        case undefined:
            return { command: 'ngc.catalog.retry', title: 'Retry', arguments: [node] };
    }
}

/**
 * `item` (as {@link toTreeItem} built it for `node`, left untouched: it is reused) with its hover: the node's
 * Markdown, or the label for rows without one, which is what VS Code showed for them before tooltips were resolved
 * lazily. Markdown, not a string: a string tooltip would replace the row's accessible name (label + description).
 */
export function withTooltip(item: vscode.TreeItem, node: CatalogNode): vscode.TreeItem {
    const markdown = tooltipMarkdown(node);
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    const tooltip =
        markdown !== undefined
            ? new vscode.MarkdownString(markdown, true)
            : new vscode.MarkdownString().appendText(label);
    tooltip.isTrusted = false;
    tooltip.supportHtml = false;
    return Object.assign(new vscode.TreeItem(label, item.collapsibleState), item, { tooltip });
}
