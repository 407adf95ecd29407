/**
 * Search result documents (ngc-api.md 8.3): catalog resources with labels and attributes, where **every attribute
 * value is a string** (sizes and booleans included), as the real search service returns them.
 */
import { repoImages, tagDate } from '../catalog/images.js';
import type { ArtifactSeed, RepoSeed } from '../catalog/types.js';
import { fullName, versionSize } from '../catalog/types.js';
import { KIND_KEYS, latestVersion } from './artifactShapes.js';

/** The searchable fields of an item, enough to filter without building the full document. */
export interface Searchable {
    resourceId: string;
    org: string;
    team?: string;
    name: string;
    displayName: string;
    description: string;
    isPublic: boolean;
    productNames: string[];
    signed: boolean;
    build(): Record<string, unknown>;
}

function base(
    resourceType: string,
    item: RepoSeed | ArtifactSeed,
    created: string,
    modified: string,
): Record<string, unknown> {
    return {
        resourceId: fullName(item),
        resourceType,
        orgName: item.org,
        ...(item.team === undefined ? {} : { teamName: item.team }),
        name: item.name,
        displayName: item.displayName,
        description: item.shortDescription,
        sharedWithOrgs: [],
        sharedWithTeams: item.team === undefined ? [] : [`${item.org}/${item.team}`],
        dateCreated: created,
        dateModified: modified,
        msgTimestamp: Date.parse(modified),
        weightPopular: 100,
        createdBy: 'sim-publisher',
        isPublic: item.isPublic,
        guestAccess: item.isPublic,
        accessType: item.isPublic || item.productNames.length > 0 ? 'LISTED' : 'NOT_LISTED',
    };
}

function labels(item: RepoSeed | ArtifactSeed, signed: boolean): { key: string; values: string[] }[] {
    return [
        { key: 'general', values: item.labels },
        { key: 'hasSignedTag', values: [String(signed)] },
        { key: 'publisher', values: [item.publisher] },
        { key: 'productNames', values: item.productNames },
    ];
}

const cache = new WeakMap<RepoSeed | ArtifactSeed, Searchable>();

/** The (cached) searchable view of a repository. */
export function repoSearchable(repo: RepoSeed): Searchable {
    let found = cache.get(repo);
    if (found === undefined) {
        found = makeRepoSearchable(repo);
        cache.set(repo, found);
    }
    return found;
}

function makeRepoSearchable(repo: RepoSeed): Searchable {
    const signed = repo.signing !== 'none';
    return {
        resourceId: fullName(repo),
        org: repo.org,
        ...(repo.team === undefined ? {} : { team: repo.team }),
        name: repo.name,
        displayName: repo.displayName,
        description: repo.shortDescription,
        isPublic: repo.isPublic,
        productNames: repo.productNames,
        signed,
        build: () => {
            const latest = repo.tags[0] === undefined ? undefined : repoImages(repo).tags.get(repo.tags[0]);
            return {
                ...base('CONTAINER', repo, tagDate(repo, repo.tags.length - 1), tagDate(repo, 0)),
                labels: labels(repo, signed),
                attributes: [
                    { key: 'latestTag', value: latest?.tag ?? '' },
                    { key: 'size', value: String(latest?.size ?? 0) },
                    { key: 'hasSignedTag', value: String(signed) },
                    { key: 'oneClickDeploy', value: 'false' },
                    { key: 'latestTagPushedDate', value: latest?.updatedDate ?? '' },
                    { key: 'isMultiArchitecture', value: String(repo.platforms.length > 1) },
                    { key: 'logo', value: '' },
                ],
            };
        },
    };
}

export function artifactSearchable(a: ArtifactSeed): Searchable {
    return {
        resourceId: fullName(a),
        org: a.org,
        ...(a.team === undefined ? {} : { team: a.team }),
        name: a.name,
        displayName: a.displayName,
        description: a.shortDescription,
        isPublic: a.isPublic,
        productNames: a.productNames,
        signed: false,
        build: () => {
            const latest = latestVersion(a);
            const created = a.versions[a.versions.length - 1]?.createdDate ?? '';
            return {
                ...base(KIND_KEYS[a.kind].searchType, a, created, a.versions[0]?.createdDate ?? ''),
                latestVersionId: latest?.version ?? '',
                labels: labels(a, false),
                attributes: [
                    { key: 'latestVersionIdStr', value: latest?.version ?? '' },
                    { key: 'latestVersionSizeInBytes', value: String(latest === undefined ? 0 : versionSize(latest)) },
                    { key: 'application', value: a.application ?? 'Other' },
                    { key: 'framework', value: a.framework ?? 'Other' },
                    { key: 'precision', value: a.precision ?? 'FP32' },
                    { key: 'hasSignedVersion', value: 'false' },
                ],
            };
        },
    };
}
