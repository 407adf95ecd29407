import * as vscode from 'vscode';
import { isCancellationError } from '../../core/lib/abort';
import {
    KIND_LABELS,
    type ArtifactKind,
    type ArtifactSummary,
    type CatalogSource,
} from '../../core/catalog/catalogSource';
import { ARTIFACT_KINDS, formatArtifactRef } from '../../core/ngc/artifactRef';
import { diagnoseForUi } from '../platform/diagnosis';
import { KIND_ICONS } from '../tree/nodes';
import { emptyResultItems, type Widening } from './emptyResults';
import { formatBytes, joinParts } from '../../core/lib/format';

export type KindFilter = ArtifactKind | 'all';

interface ResultItem extends vscode.QuickPickItem {
    artifact?: ArtifactSummary;
    widen?: Widening;
}

export interface PickArtifactOptions {
    title?: string;
    /** Restricts the type filter (e.g. containers only for Insert Pinned FROM). */
    kinds?: readonly ArtifactKind[];
    debounceMs?: number;
}

/**
 * A live search quick pick: each keystroke (debounced) aborts the previous request and starts a new one; toolbar
 * buttons cycle the type filter and toggle signed-only. Resolves with the picked artifact, or undefined.
 */
export function pickArtifact(
    source: CatalogSource,
    options: PickArtifactOptions = {},
): Promise<ArtifactSummary | undefined> {
    const kinds = options.kinds ?? ARTIFACT_KINDS;
    const filters: KindFilter[] = kinds.length > 1 ? ['all', ...kinds] : [...kinds];
    let filter: KindFilter = filters[0] ?? 'all';
    let signedOnly = false;
    let controller: AbortController | undefined;
    let timer: NodeJS.Timeout | undefined;

    const qp = vscode.window.createQuickPick<ResultItem>();
    qp.title = options.title ?? 'NGC: Search Catalog';
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    const refreshChrome = () => {
        qp.placeholder = `Search ${filter === 'all' ? 'everything' : KIND_LABELS[filter].toLowerCase()}${signedOnly ? ' (signed only)' : ''} — type to search`;
        qp.buttons = [
            ...(filters.length > 1
                ? [
                      {
                          iconPath: new vscode.ThemeIcon('filter'),
                          tooltip: `Type: ${filter === 'all' ? 'all' : KIND_LABELS[filter]} (click to change)`,
                      },
                  ]
                : []),
            {
                iconPath: new vscode.ThemeIcon(signedOnly ? 'verified-filled' : 'verified'),
                tooltip: signedOnly ? 'Signed only: on' : 'Signed only: off',
            },
        ];
    };

    const run = () => {
        controller?.abort();
        const current = new AbortController();
        controller = current;
        qp.busy = true;
        const text = qp.value;
        const searchKinds = filter === 'all' ? kinds : [filter];
        void Promise.allSettled(
            searchKinds.map((kind) => source.search({ text, kind, signedOnly }, current.signal)),
        ).then((results) => {
            if (current.signal.aborted) {
                return;
            }
            const items: ResultItem[] = [];
            results.forEach((r, i) => {
                const kind = searchKinds[i] as ArtifactKind;
                if (searchKinds.length > 1) {
                    items.push({ label: KIND_LABELS[kind], kind: vscode.QuickPickItemKind.Separator });
                }
                if (r.status === 'fulfilled') {
                    items.push(...r.value.items.map(toItem));
                } else if (!isCancellationError(r.reason)) {
                    const d = diagnoseForUi(r.reason);
                    items.push({ label: `$(error) ${d.title}`, detail: d.remedy, alwaysShow: true });
                }
            });
            if (!items.some((item) => item.artifact || item.alwaysShow)) {
                // Nothing found (and nothing failed): say so, and offer to widen the search.
                const empty = emptyResultItems(
                    text,
                    filter,
                    signedOnly,
                    filters.includes('all'),
                    (k) => KIND_LABELS[k],
                );
                items.splice(0, items.length, ...empty.map((item) => ({ ...item, alwaysShow: true })));
            }
            qp.items = items;
            qp.busy = false;
        });
    };
    const schedule = () => {
        clearTimeout(timer);
        timer = setTimeout(run, options.debounceMs ?? 250);
    };

    return new Promise((resolve) => {
        qp.onDidChangeValue(schedule);
        qp.onDidTriggerButton((button) => {
            if (button.tooltip?.startsWith('Type') && filters.length > 1) {
                filter = filters[(filters.indexOf(filter) + 1) % filters.length] ?? 'all';
            } else {
                signedOnly = !signedOnly;
            }
            refreshChrome();
            run();
        });
        qp.onDidAccept(() => {
            const widen = qp.selectedItems[0]?.widen;
            if (widen) {
                filter = widen === 'allKinds' ? 'all' : filter;
                signedOnly = widen === 'unsigned' ? false : signedOnly;
                refreshChrome();
                run();
                return;
            }
            const artifact = qp.selectedItems[0]?.artifact;
            if (artifact) {
                resolve(artifact);
                qp.hide();
            }
        });
        qp.onDidHide(() => {
            clearTimeout(timer);
            controller?.abort();
            qp.dispose();
            resolve(undefined);
        });
        refreshChrome();
        qp.show();
        run();
    });
}

function toItem(a: ArtifactSummary): ResultItem {
    return {
        label: `$(${a.locked ? 'lock' : KIND_ICONS[a.kind]}) ${a.displayName ?? a.name}`,
        description: joinParts(
            formatArtifactRef(a),
            a.latest,
            formatBytes(a.size),
            a.signed && '$(verified) signed (unverified)',
        ),
        detail: a.description,
        artifact: a,
    };
}
