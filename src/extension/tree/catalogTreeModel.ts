import type { CatalogSource } from '../../core/catalog/catalogSource';
import { formatArtifactRef, type CatalogRef } from '../../core/ngc/artifactRef';
import { ModelVerifications } from '../modelSigning/modelVerifications';
import { ChildList, settle } from './childList';
import { containersGroupOf, hasChildren, LevelLoader } from './levelLoader';
import { treeMark } from './treeTrace';
import { childId, type CatalogNode, type Diagnose, type LoadMoreNode, type TagVerification } from './nodes';

export interface CatalogTreeModelOptions {
    source: () => Promise<CatalogSource>;
    diagnose: Diagnose;
    /** The org chosen in settings/status bar; its root is marked current and listed first. */
    currentOrg?: () => string | undefined;
}

/**
 * Fetches, caches and pages the catalog tree; knows nothing about TreeItems. Each level loads when it is first
 * expanded, one page at a time; further pages come from {@link loadMore}. `getChildren` never rejects: a failure
 * becomes an error node carrying the diagnosis, placed where the children would have been.
 *
 * So that a click costs no network, the model fetches one page ahead of the user: the next page of a list once the
 * view shows a page, and the first page of Containers once a root or team is expanded. Bounded (one page per expanded
 * level), aborted when the level collapses or is refreshed, and silent: a failed fetch ahead is retried when the
 * user asks for that page, and only that answer is shown.
 */
export class CatalogTreeModel {
    private readonly lists = new Map<string, ChildList>();
    private readonly nodes = new Map<string, CatalogNode>();
    private readonly listeners = new Set<(node: CatalogNode | undefined) => void>();
    /** Signature checks of this session, by `org/[team/]repo:tag`; kept across refreshes (they are about digests). */
    private readonly verifications = new Map<string, TagVerification>();
    /** Nodes the user collapsed: nothing is fetched ahead under them until they expand again. */
    private readonly collapsedIds = new Set<string>();
    private readonly loader: LevelLoader;
    /** Model signature checks after downloads in this session (the details panel and the Explorer badge show them). */
    readonly modelVerifications = new ModelVerifications();

    constructor(private readonly options: CatalogTreeModelOptions) {
        this.loader = new LevelLoader({ ...options, verification: (ref, tag) => this.verificationOf(ref, tag) });
    }

    /** Subscribes to changes; `undefined` means the whole tree. Returns an unsubscribe handle. */
    onDidChange(listener: (node: CatalogNode | undefined) => void): { dispose(): void } {
        this.listeners.add(listener);
        return { dispose: () => this.listeners.delete(listener) };
    }

    getNode(id: string): CatalogNode | undefined {
        return this.nodes.get(id);
    }

    getParent(node: CatalogNode): CatalogNode | undefined {
        return node.parentId ? this.nodes.get(node.parentId) : undefined;
    }

    async getChildren(parent?: CatalogNode): Promise<CatalogNode[]> {
        if (parent && !hasChildren(parent)) {
            return [];
        }
        const list = this.listOf(parent?.id);
        if (!list.started) {
            list.started = true;
            if (parent) {
                // Asked for its children: the node is expanded (and the view visible). Its Containers' first page
                // is fetched now, beside its own rows: users open Containers next, often before a slow org answers.
                this.collapsedIds.delete(parent.id);
                this.fetchContainersAhead(parent);
            }
            list.pending = this.loadPage(parent, list, 0);
        }
        await list.pending;
        if (list.dropped) {
            // Refreshed while loading: the answer belongs to the new list.
            return this.getChildren(parent);
        }
        this.fetchAheadSoon(parent, list);
        return list.visible(this.remember);
    }

    /** Appends the next page under the load-more node's parent and announces the change. */
    async loadMore(node: LoadMoreNode): Promise<void> {
        const list = this.lists.get(node.parentId);
        if (!list || list.nextPage === undefined || list.pending) {
            await list?.pending;
            return;
        }
        const parent = this.nodes.get(node.parentId);
        const page = list.nextPage;
        treeMark(`loadMore:ahead ${list.hasAhead(page) ? 'yes' : 'no'}`);
        list.pending = this.loadPage(parent, list, page);
        await list.pending;
        treeMark(`loadMore:merged ${list.items.length}`);
        if (!list.dropped) {
            this.fire(parent);
            treeMark('loadMore:fired');
        }
    }

    /** The view expanded `node`: fetch ahead what its next click will want (when its children are already known). */
    expanded(node: CatalogNode): void {
        this.collapsedIds.delete(node.id);
        const list = this.lists.get(node.id);
        if (list?.started && !list.pending) {
            this.fetchAheadSoon(node, list);
        }
    }

    /** The view collapsed `node`: abort what was fetched ahead under it (its loaded rows stay). */
    collapsed(node: CatalogNode): void {
        this.collapsedIds.add(node.id);
        for (const [key, list] of this.lists) {
            if (within(key, node.id)) {
                list.cancelAhead();
            }
        }
    }

    /** The signature check of `ref:tag` made in this session, if any. */
    verificationOf(ref: CatalogRef, tag: string): TagVerification | undefined {
        return this.verifications.get(verificationKey(ref, tag));
    }

    /**
     * Records a signature check and re-renders every loaded node of that tag (the same repository can be listed under
     * the public catalog and under an org). Nodes are immutable: each is replaced, and its parent announced as changed
     * so the view asks for the new children.
     */
    setVerification(ref: CatalogRef, tag: string, verification: TagVerification): void {
        this.verifications.set(verificationKey(ref, tag), verification);
        for (const [parentId, list] of this.lists) {
            const before = list.items;
            list.items = before.map(this.withVerification);
            if (list.items.some((node, i) => node !== before[i])) {
                this.fire(this.nodes.get(parentId));
            }
        }
    }

    /** Forgets `node`'s subtree (or everything) so it reloads on the next expand; what it fetched is aborted. */
    refresh(node?: CatalogNode): void {
        for (const [key, list] of [...this.lists]) {
            if (!node || within(key, node.id)) {
                list.drop();
                this.lists.delete(key);
            }
        }
        if (!node) {
            this.nodes.clear();
        }
        this.fire(node);
    }

    private listOf(id: string | undefined): ChildList {
        let list = this.lists.get(id ?? '');
        if (!list) {
            list = new ChildList(id);
            this.lists.set(id ?? '', list);
        }
        return list;
    }

    private async loadPage(parent: CatalogNode | undefined, list: ChildList, page: number): Promise<void> {
        try {
            const ahead = list.takeAhead(page);
            let outcome = await (ahead ?? settle(this.loader.fetch(parent, page, list.signal)));
            if (!outcome.ok && ahead) {
                // Fetched ahead and failed before anyone saw it: the user asks now, so ask again and show that answer.
                outcome = await settle(this.loader.fetch(parent, page, list.signal));
            }
            if (list.dropped) {
                return;
            }
            if (outcome.ok) {
                const items = outcome.page.items.map(this.withVerification);
                list.append(page, { ...outcome.page, items }, this.remember);
            } else {
                list.tail = this.remember({
                    kind: 'error',
                    id: childId(parent?.id, 'error'),
                    parentId: parent?.id,
                    diagnosis: this.options.diagnose(outcome.error),
                    artifact: parent?.kind === 'artifact' ? parent.artifact : undefined,
                });
                if (page === 0) {
                    list.nextPage = undefined;
                }
            }
        } finally {
            list.pending = undefined;
        }
    }

    /**
     * Once the view has `parent`'s rows: fetch its next page (and the first page of Containers under a root or team
     * expanded again). Not before: VS Code asks for a level's rows right after a "Load more" lands, and a response
     * parsed in the extension host meanwhile would hold up that answer. Nothing is fetched under a collapsed node.
     */
    private fetchAheadSoon(parent: CatalogNode | undefined, list: ChildList): void {
        if (!parent) {
            return;
        }
        // The page the view has just been given the "Load more" of; another may have landed by the time this runs.
        const page = list.nextPage;
        setImmediate(() => {
            if (list.dropped || this.underCollapsed(parent.id)) {
                return;
            }
            this.fetchContainersAhead(parent);
            if (page !== undefined && page === list.nextPage && !list.tail && !list.pending) {
                list.fetchAhead(page, (signal) => this.loader.fetch(parent, page, signal));
            }
        });
    }

    /** The first page of the Containers under a root or team being opened, unless that list is already open. */
    private fetchContainersAhead(parent: CatalogNode): void {
        const group = containersGroupOf(parent);
        if (!group) {
            return;
        }
        const list = this.listOf(group.id);
        if (!list.started) {
            list.fetchAhead(0, (signal) => this.loader.fetch(group, 0, signal));
        }
    }

    private underCollapsed(id: string): boolean {
        for (const collapsed of this.collapsedIds) {
            if (within(id, collapsed)) {
                return true;
            }
        }
        return false;
    }

    /** A tag node with this session's signature check of its tag (the same node when nothing changes). */
    private readonly withVerification = (node: CatalogNode): CatalogNode => {
        if (node.kind !== 'tag') {
            return node;
        }
        const verification = this.verificationOf(node.artifact, node.tag.tag);
        return verification && verification !== node.verification ? this.remember({ ...node, verification }) : node;
    };

    private readonly remember = <T extends CatalogNode>(node: T): T => {
        this.nodes.set(node.id, node);
        return node;
    };

    private fire(node: CatalogNode | undefined): void {
        for (const listener of this.listeners) {
            listener(node);
        }
    }
}

function verificationKey(ref: CatalogRef, tag: string): string {
    return `${formatArtifactRef(ref)}:${tag}`;
}

/** Whether the list or node with id `key` is `id` or below it (ids extend their parent's). */
function within(key: string, id: string): boolean {
    return key === id || key.startsWith(`${id}/`);
}
