// Longer than the ~300-line guideline on purpose: one model owns the per-node cache, paging and error nodes of every
// level; the per-level loaders are small methods that share that state (pure helpers already live in mergePage.ts).
import type { CatalogPage, CatalogSource, Identity } from '../../core/catalog/catalogSource';
import { ARTIFACT_KINDS, formatArtifactRef, type CatalogRef } from '../../core/ngc/artifactRef';
import { mergePage } from './mergePage';
import {
    childId,
    type CatalogNode,
    type Diagnose,
    type ErrorNode,
    type LoadMoreNode,
    type TagVerification,
} from './nodes';
import { ModelVerifications } from '../modelSigning/modelVerifications';

interface ChildState {
    items: CatalogNode[];
    nextPage: number | undefined;
    /** A failed "Load more" shows up after the loaded items, so what was loaded stays visible. */
    tail: ErrorNode | undefined;
    pending: Promise<void> | undefined;
}

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
 */
export class CatalogTreeModel {
    private readonly states = new Map<string, ChildState>();
    private readonly nodes = new Map<string, CatalogNode>();
    private readonly listeners = new Set<(node: CatalogNode | undefined) => void>();
    /** Signature checks of this session, by `org/[team/]repo:tag`; kept across refreshes (they are about digests). */
    private readonly verifications = new Map<string, TagVerification>();
    /** Model signature checks after downloads in this session (the details panel and the Explorer badge show them). */
    readonly modelVerifications = new ModelVerifications();

    constructor(private readonly options: CatalogTreeModelOptions) {}

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
        const key = parent?.id ?? '';
        let state = this.states.get(key);
        if (!state) {
            state = { items: [], nextPage: 0, tail: undefined, pending: undefined };
            this.states.set(key, state);
            state.pending = this.loadPage(parent, state, 0);
        }
        await state.pending;
        return this.visible(parent, state);
    }

    /** Appends the next page under the load-more node's parent and announces the change. */
    async loadMore(node: LoadMoreNode): Promise<void> {
        const state = this.states.get(node.parentId);
        if (!state || state.nextPage === undefined || state.pending) {
            await state?.pending;
            return;
        }
        const parent = this.nodes.get(node.parentId);
        state.pending = this.loadPage(parent, state, state.nextPage);
        await state.pending;
        this.fire(parent);
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
        const key = verificationKey(ref, tag);
        this.verifications.set(key, verification);
        for (const [parentId, state] of this.states) {
            let changed = false;
            state.items = state.items.map((node) => {
                if (node.kind !== 'tag' || verificationKey(node.artifact, node.tag.tag) !== key) {
                    return node;
                }
                changed = true;
                return this.remember({ ...node, verification });
            });
            if (changed) {
                this.fire(this.nodes.get(parentId));
            }
        }
    }

    /** Forgets `node`'s subtree (or everything) so it reloads on the next expand. */
    refresh(node?: CatalogNode): void {
        if (!node) {
            this.states.clear();
            this.nodes.clear();
            this.fire(undefined);
            return;
        }
        for (const key of [...this.states.keys()]) {
            if (key === node.id || key.startsWith(`${node.id}/`)) {
                this.states.delete(key);
            }
        }
        this.fire(node);
    }

    private visible(parent: CatalogNode | undefined, state: ChildState): CatalogNode[] {
        const out = [...state.items];
        if (state.tail) {
            out.push(state.tail);
        } else if (state.nextPage !== undefined && state.items.length > 0) {
            out.push(
                this.remember({
                    kind: 'loadMore',
                    id: childId(parent?.id, 'more'),
                    parentId: parent?.id ?? '',
                    nextPage: state.nextPage,
                }),
            );
        }
        return out;
    }

    private async loadPage(parent: CatalogNode | undefined, state: ChildState, page: number): Promise<void> {
        try {
            const { items, hasMore } = await this.fetch(parent, page);
            // Overlapping pages repeat items (same id): keep the first. The source already orders tags and versions.
            state.items = mergePage(state.items, items, (n) => n.id).map((n) => this.remember(n));
            state.nextPage = hasMore ? page + 1 : undefined;
            state.tail = undefined;
        } catch (error) {
            const diagnosis = this.options.diagnose(error);
            const artifact = parent && (parent.kind === 'artifact' ? parent.artifact : undefined);
            state.tail = this.remember({
                kind: 'error',
                id: childId(parent?.id, 'error'),
                parentId: parent?.id,
                diagnosis,
                artifact,
            });
            if (page === 0) {
                state.nextPage = undefined;
            }
        } finally {
            state.pending = undefined;
        }
    }

    private async fetch(
        parent: CatalogNode | undefined,
        page: number,
    ): Promise<{ items: CatalogNode[]; hasMore: boolean }> {
        const source = await this.options.source();
        const id = parent?.id;
        if (!parent) {
            return { items: await this.roots(source), hasMore: false };
        }
        switch (parent.kind) {
            case 'root':
                return { items: await this.scopeChildren(source, parent.id, parent.org), hasMore: false };
            case 'team':
                return { items: this.groups(id, { org: parent.org, team: parent.team }), hasMore: false };
            case 'group': {
                const result = await source.artifacts(parent.scope, parent.artifactKind, page);
                return map(result, (artifact) => ({
                    kind: 'artifact',
                    id: childId(id, `a:${formatArtifactRef(artifact)}`),
                    parentId: id,
                    artifact,
                }));
            }
            case 'artifact': {
                const ref: CatalogRef = pickRef(parent.artifact);
                if (ref.kind === 'container') {
                    const result = await source.tags(ref, page);
                    return map(result, (tag) => {
                        const verification = this.verifications.get(verificationKey(ref, tag.tag));
                        return {
                            kind: 'tag',
                            id: childId(id, `t:${tag.tag}`),
                            parentId: id,
                            artifact: ref,
                            tag,
                            ...(verification ? { verification } : {}),
                        };
                    });
                }
                const result = await source.versions(ref, page);
                return map(result, (version) => ({
                    kind: 'version',
                    id: childId(id, `v:${version.version}`),
                    parentId: id,
                    artifact: ref,
                    version,
                }));
            }
            default:
                return { items: [], hasMore: false };
        }
    }

    /** Top level: the key's state, the public catalog, then each org of the key (the current one first). */
    private async roots(source: CatalogSource): Promise<CatalogNode[]> {
        const out: CatalogNode[] = [];
        let identity: Identity | undefined;
        try {
            identity = await source.identity();
        } catch (error) {
            out.push({
                kind: 'error',
                id: 'identity-error',
                parentId: undefined,
                diagnosis: this.options.diagnose(error),
            });
        }
        if (!identity && out.length === 0) {
            out.push({
                kind: 'message',
                id: 'guest',
                parentId: undefined,
                text: 'Browsing as guest',
                detail: 'Set an API key to see your orgs and teams',
                command: 'ngc.auth.setApiKey',
                icon: 'account',
            });
        }
        const current = this.options.currentOrg?.();
        out.push({ kind: 'root', id: 'public', parentId: undefined, org: undefined, current: false });
        const orgs = [...(identity?.orgs ?? [])].sort((a, b) => Number(b === current) - Number(a === current));
        for (const org of orgs) {
            out.push({ kind: 'root', id: `org:${org}`, parentId: undefined, org, current: org === current });
        }
        return out;
    }

    private async scopeChildren(source: CatalogSource, id: string, org: string | undefined): Promise<CatalogNode[]> {
        const groups = this.groups(id, org ? { org } : {});
        if (!org) {
            return groups;
        }
        try {
            const teams = await source.teams(org);
            return [
                ...groups,
                ...teams.map((team): CatalogNode => ({
                    kind: 'team',
                    id: childId(id, `team:${team}`),
                    parentId: id,
                    org,
                    team,
                })),
            ];
        } catch (error) {
            return [
                ...groups,
                {
                    kind: 'error',
                    id: childId(id, 'teams-error'),
                    parentId: id,
                    diagnosis: this.options.diagnose(error),
                },
            ];
        }
    }

    private groups(parentId: string | undefined, scope: { org?: string; team?: string }): CatalogNode[] {
        return ARTIFACT_KINDS.map((artifactKind) => ({
            kind: 'group',
            id: childId(parentId, `g:${artifactKind}`),
            parentId,
            scope,
            artifactKind,
        }));
    }

    private remember<T extends CatalogNode>(node: T): T {
        this.nodes.set(node.id, node);
        return node;
    }

    private fire(node: CatalogNode | undefined): void {
        for (const listener of this.listeners) {
            listener(node);
        }
    }
}

function verificationKey(ref: CatalogRef, tag: string): string {
    return `${formatArtifactRef(ref)}:${tag}`;
}

function hasChildren(node: CatalogNode): boolean {
    return node.kind === 'root' || node.kind === 'team' || node.kind === 'group' || node.kind === 'artifact';
}

function map<T>(page: CatalogPage<T>, toNode: (item: T) => CatalogNode): { items: CatalogNode[]; hasMore: boolean } {
    return { items: page.items.map(toNode), hasMore: page.hasMore };
}

function pickRef(a: CatalogRef): CatalogRef {
    return a.team
        ? { kind: a.kind, org: a.org, team: a.team, name: a.name }
        : { kind: a.kind, org: a.org, name: a.name };
}
