import type { Diagnosis } from '../../core/diagnose/diagnose';
import type {
    ArtifactKind,
    ArtifactSummary,
    CatalogScope,
    ImageTag,
    VersionInfo,
} from '../../core/catalog/catalogSource';
import type { CatalogRef } from '../../core/ngc/artifactRef';

/** How the tree explains a failure: core's `diagnose()` in the product, any function of this shape in tests. */
export type Diagnose = (error: unknown) => Diagnosis;

/**
 * Tree nodes are plain readonly data: a `kind` and a stable `id` (the parent's id plus a local part, so the same
 * artifact under the public catalog and under an org stays two distinct rows). `treeItems.ts` maps kind → TreeItem.
 */
interface NodeBase {
    readonly id: string;
    readonly parentId: string | undefined;
}

export interface RootNode extends NodeBase {
    readonly kind: 'root';
    /** Undefined: the public catalog. */
    readonly org: string | undefined;
    readonly current: boolean;
}
export interface TeamNode extends NodeBase {
    readonly kind: 'team';
    readonly org: string;
    readonly team: string;
}
export interface GroupNode extends NodeBase {
    readonly kind: 'group';
    readonly scope: CatalogScope;
    readonly artifactKind: ArtifactKind;
}
export interface ArtifactNode extends NodeBase {
    readonly kind: 'artifact';
    readonly artifact: ArtifactSummary;
}
export interface TagNode extends NodeBase {
    readonly kind: 'tag';
    readonly artifact: CatalogRef;
    readonly tag: ImageTag;
    /** Set once the tag's signature was checked in this session (Verify, or a pull that verifies first). */
    readonly verification?: TagVerification;
}

/** The outcome of a cosign check of a tag, as the tree shows it. */
export interface TagVerification {
    readonly state: 'verified' | 'unsigned' | 'invalid';
    /** The digest that was checked (what the tag pointed at then). */
    readonly digest: string;
    /** `verified`, `not signed`, `signature does not verify`, … */
    readonly summary: string;
}
export interface VersionNode extends NodeBase {
    readonly kind: 'version';
    readonly artifact: CatalogRef;
    readonly version: VersionInfo;
}
export interface LoadMoreNode extends NodeBase {
    readonly kind: 'loadMore';
    readonly parentId: string;
    readonly nextPage: number;
    /** Items the list holds beyond those loaded, when the server says how many it has. */
    readonly remaining?: number;
}
export interface MessageNode extends NodeBase {
    readonly kind: 'message';
    readonly text: string;
    readonly detail?: string;
    /** Command run on click (e.g. `ngc.auth.setApiKey` on the guest banner). */
    readonly command?: string;
    readonly icon?: string;
}
export interface ErrorNode extends NodeBase {
    readonly kind: 'error';
    readonly parentId: string | undefined;
    readonly diagnosis: Diagnosis;
    /** The artifact the failure concerns, for "Open licence page". */
    readonly artifact?: CatalogRef;
}

export type CatalogNode =
    RootNode | TeamNode | GroupNode | ArtifactNode | TagNode | VersionNode | LoadMoreNode | MessageNode | ErrorNode;

/** The codicon of each kind of artifact, in the tree and the search results alike. */
export const KIND_ICONS: Readonly<Record<ArtifactKind, string>> = {
    container: 'package',
    model: 'symbol-misc',
    resource: 'file-zip',
    'helm-chart': 'archive',
};

/** The id of a child of `parentId` (the invisible root has id ''). */
export function childId(parentId: string | undefined, local: string): string {
    return parentId ? `${parentId}/${local}` : local;
}

/** The artifact a node is about, if any (artifact, tag and version nodes; errors under them). */
export function artifactOf(node: CatalogNode | undefined): CatalogRef | undefined {
    switch (node?.kind) {
        case 'artifact':
            return node.artifact;
        case 'tag':
        case 'version':
            return node.artifact;
        case 'error':
            return node.artifact;
        default:
            return undefined;
    }
}
