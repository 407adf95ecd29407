import type { CatalogPage, CatalogScope, CatalogSource, Identity } from '../../core/catalog/catalogSource';
import { ARTIFACT_KINDS, formatArtifactRef, type CatalogRef } from '../../core/ngc/artifactRef';
import { childId, type CatalogNode, type Diagnose, type GroupNode, type TagVerification } from './nodes';

/** One page of a level's children, as nodes. */
export interface LevelPage {
    items: CatalogNode[];
    hasMore: boolean;
    /** How many items the whole list holds, when the server says (for "Load more"'s count). */
    total?: number;
}

export interface LevelLoaderOptions {
    source: () => Promise<CatalogSource>;
    diagnose: Diagnose;
    /** The org chosen in settings/status bar; its root is marked current and listed first. */
    currentOrg?: () => string | undefined;
    /** The signature check of this session for a tag, so a reloaded tag keeps its verified icon. */
    verification: (ref: CatalogRef, tag: string) => TagVerification | undefined;
}

/**
 * What the children of each kind of node are: one page of them from the catalog source, as nodes. Holds no state;
 * the model owns caching, paging and errors of the listing pages (the roots and a scope's groups and teams are one
 * page, and their partial failures — identity, teams — become error nodes among the children).
 */
export class LevelLoader {
    constructor(private readonly options: LevelLoaderOptions) {}

    async fetch(parent: CatalogNode | undefined, page: number, signal?: AbortSignal): Promise<LevelPage> {
        const source = await this.options.source();
        const id = parent?.id;
        if (!parent) {
            return { items: await this.roots(source, signal), hasMore: false };
        }
        switch (parent.kind) {
            case 'root':
                return { items: await this.scopeChildren(source, parent.id, parent.org, signal), hasMore: false };
            case 'team':
                return { items: groups(id, { org: parent.org, team: parent.team }), hasMore: false };
            case 'group': {
                const result = await source.artifacts(parent.scope, parent.artifactKind, page, signal);
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
                    const result = await source.tags(ref, page, signal);
                    return map(result, (tag) => {
                        const verification = this.options.verification(ref, tag.tag);
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
                const result = await source.versions(ref, page, signal);
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
    private async roots(source: CatalogSource, signal?: AbortSignal): Promise<CatalogNode[]> {
        const out: CatalogNode[] = [];
        let identity: Identity | undefined;
        try {
            identity = await source.identity(signal);
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

    private async scopeChildren(
        source: CatalogSource,
        id: string,
        org: string | undefined,
        signal?: AbortSignal,
    ): Promise<CatalogNode[]> {
        const kinds = groups(id, org ? { org } : {});
        if (!org) {
            return kinds;
        }
        try {
            const teams = await source.teams(org, signal);
            return [
                ...kinds,
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
                ...kinds,
                {
                    kind: 'error',
                    id: childId(id, 'teams-error'),
                    parentId: id,
                    diagnosis: this.options.diagnose(error),
                },
            ];
        }
    }
}

/**
 * The Containers group under a root or team, known before that node's children load (the groups are fixed): what
 * the model fetches ahead when the root or team is expanded, since it is what users open first.
 */
export function containersGroupOf(node: CatalogNode): GroupNode | undefined {
    const scope: CatalogScope | undefined =
        node.kind === 'root'
            ? node.org
                ? { org: node.org }
                : {}
            : node.kind === 'team'
              ? { org: node.org, team: node.team }
              : undefined;
    return scope && groups(node.id, scope).find((g) => g.artifactKind === 'container');
}

/** Whether a node can have children at all (leaves are never asked for a page). */
export function hasChildren(node: CatalogNode): boolean {
    return node.kind === 'root' || node.kind === 'team' || node.kind === 'group' || node.kind === 'artifact';
}

/** The one group per artifact kind under a scope, in ARTIFACT_KINDS' order. */
function groups(parentId: string | undefined, scope: CatalogScope): GroupNode[] {
    return ARTIFACT_KINDS.map((artifactKind) => ({
        kind: 'group',
        id: childId(parentId, `g:${artifactKind}`),
        parentId,
        scope,
        artifactKind,
    }));
}

function map<T>(page: CatalogPage<T>, toNode: (item: T) => CatalogNode): LevelPage {
    return {
        items: page.items.map(toNode),
        hasMore: page.hasMore,
        ...(page.totalResults !== undefined ? { total: page.totalResults } : {}),
    };
}

function pickRef(a: CatalogRef): CatalogRef {
    return a.team
        ? { kind: a.kind, org: a.org, team: a.team, name: a.name }
        : { kind: a.kind, org: a.org, name: a.name };
}
