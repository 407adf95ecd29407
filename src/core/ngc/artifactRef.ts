import type { z } from 'zod';
import type { ARTIFACT_KIND } from '../../protocol/details';

export { formatArtifactRef } from '../../protocol/text';

/**
 * The kinds of catalog item: containers (tagged images) and the versioned kinds NGC calls models, resources (recipes)
 * and helm charts. Also what the catalog search looks for. A plain list, not the protocol's zod enum
 * (`ARTIFACT_KIND`, which the details webview validates with): this module is on the extension's activation path and
 * must not load zod. The two are kept equal by {@link KindsMatchProtocol} below (the type) and a unit test (the order).
 */
export const ARTIFACT_KINDS = ['container', 'model', 'resource', 'helm-chart'] as const;

export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];

/**
 * Fails to compile when the list above and the protocol's enum name different kinds (both ways). The protocol is
 * imported as a type only, so nothing of it (nor zod) is loaded.
 */
export type KindsMatchProtocol = Assert<
    [ArtifactKind, z.infer<typeof ARTIFACT_KIND>] extends [z.infer<typeof ARTIFACT_KIND>, ArtifactKind] ? true : false
>;
type Assert<T extends true> = T;

/** The kinds that have versions and files rather than tags. */
export type VersionedKind = Exclude<ArtifactKind, 'container'>;

export const VERSIONED_KINDS: readonly VersionedKind[] = ARTIFACT_KINDS.filter(isVersionedKind);

export function isVersionedKind(kind: ArtifactKind): kind is VersionedKind {
    return kind !== 'container';
}

/** `org/[team/]name`. */
export interface ArtifactRef {
    org: string;
    team?: string;
    name: string;
}

/** A catalog item: its kind and `org/[team/]name` (what the tree, search and details panel pass around). */
export interface CatalogRef extends ArtifactRef {
    kind: ArtifactKind;
}

/** A reference as the user typed it, with the optional `:version`. */
export interface ParsedArtifactRef extends ArtifactRef {
    version?: string;
}

/** A reference that cannot be parsed; the message says what was expected and what was wrong. */
export class ArtifactRefError extends Error {
    override readonly name = 'ArtifactRefError';
    static is(error: unknown): error is ArtifactRefError {
        return error instanceof ArtifactRefError;
    }
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

/**
 * Parses `org/[team/]name[:version]` (the NGC CLI's form, e.g. `nvidia/tao/peoplenet:2.6.1`). Throws
 * {@link ArtifactRefError} with a message naming the problem: too few or many parts, an empty part, bad characters.
 */
export function parseArtifactRef(text: string, what = 'ORG/[TEAM/]NAME[:VERSION]'): ParsedArtifactRef {
    const input = text.trim();
    const fail = (why: string): never => {
        throw new ArtifactRefError(`"${text}" is not a valid reference (${why}); expected ${what}`);
    };
    if (input === '') {
        fail('it is empty');
    }
    const colon = input.indexOf(':');
    const path = colon < 0 ? input : input.slice(0, colon);
    const version = colon < 0 ? undefined : input.slice(colon + 1);
    if (version !== undefined && !VERSION.test(version)) {
        fail(version === '' ? 'the version after ":" is empty' : `"${version}" is not a valid version`);
    }
    const parts = path.split('/');
    if (parts.length < 2) {
        fail('it needs at least an org and a name');
    }
    if (parts.length > 3) {
        fail('it has more than three parts');
    }
    for (const part of parts) {
        if (!NAME.test(part)) {
            fail(part === '' ? 'a part is empty' : `"${part}" contains characters NGC names do not use`);
        }
    }
    const [org, a, b] = parts as [string, string, string | undefined];
    const ref: ParsedArtifactRef = b === undefined ? { org, name: a } : { org, team: a, name: b };
    if (version !== undefined) {
        ref.version = version;
    }
    return ref;
}

const PATH_SEGMENT: Record<VersionedKind, string> = {
    model: 'models',
    resource: 'resources',
    'helm-chart': 'helm-charts',
};

/** The plural path word of a kind (`models`, `resources`, `helm-charts`). */
export function kindSegment(kind: VersionedKind): string {
    return PATH_SEGMENT[kind];
}

/**
 * Base path of one artifact: authenticated `/v2/org/{org}[/team/{team}]/{kind}/{name}`, guest
 * `/v2/{kind}/{org}[/{team}]/{name}` (ngc-api.md 5, 6, 7.1). Guest forms answer only for public artifacts.
 */
export function artifactPath(kind: VersionedKind, ref: ArtifactRef, guest: boolean): string {
    const k = kindSegment(kind);
    if (guest) {
        return `/v2/${k}/${seg(ref.org)}${ref.team ? `/${seg(ref.team)}` : ''}/${seg(ref.name)}`;
    }
    return `${orgPrefix(ref)}/${k}/${seg(ref.name)}`;
}

/**
 * The download-all URL endpoint, which has no `versions/` segment (ngc-api.md 5.4): authenticated
 * `/v2/org/{org}[/team/{team}]/{kind}/{name}/{version}/files`, guest `/v2/{kind}/org/{org}[/team/{team}]/{name}/{version}/files`.
 */
export function downloadUrlsPath(kind: VersionedKind, ref: ArtifactRef, version: string, guest: boolean): string {
    const k = kindSegment(kind);
    const tail = `${seg(ref.name)}/${seg(version)}/files`;
    return guest ? `/v2/${k}${orgPrefix(ref).slice(3)}/${tail}` : `${orgPrefix(ref)}/${k}/${tail}`;
}

/** `/v2/org/{org}[/team/{team}]`. */
export function orgPrefix(ref: { org: string; team?: string }): string {
    return `/v2/org/${seg(ref.org)}${ref.team ? `/team/${seg(ref.team)}` : ''}`;
}

/** Encodes one path segment (org, team, name, version); `/` inside a file path is kept by `encodePath` (client.ts). */
export function seg(value: string): string {
    return encodeURIComponent(value);
}
