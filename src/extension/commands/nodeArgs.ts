import type { CatalogRef } from '../../core/ngc/artifactRef';
import { artifactOf, type CatalogNode } from '../tree/nodes';

/**
 * What a command was invoked on. VS Code hands handlers whatever the caller passed: a tree node (menus, inline
 * buttons), a ref or a string (the details panel), or nothing (the palette), so handlers take `unknown` and ask here.
 */
export function isNode(value: unknown): value is CatalogNode {
    return typeof value === 'object' && value !== null && 'kind' in value && 'id' in value;
}

/** A catalog ref passed as an argument (the details panel's "not entitled" diagnosis carries one). */
export function isCatalogRef(value: unknown): value is CatalogRef {
    return typeof value === 'object' && value !== null && 'org' in value && 'name' in value && 'kind' in value;
}

/** The artifact a node belongs to (an artifact, one of its tags or versions, or an error under it). */
export function nodeArtifact(value: unknown): CatalogRef | undefined {
    return isNode(value) ? artifactOf(value) : undefined;
}

/** The artifact of an artifact node only: the one a picker is narrowed to when invoked on an artifact row. */
export function artifactNodeRef(value: unknown): CatalogRef | undefined {
    return isNode(value) && value.kind === 'artifact' ? value.artifact : undefined;
}
