/**
 * Builders for NGC API bodies (ngc-api.md shapes), so unit tests state only the fields they care about. Each takes
 * overrides; the defaults are realistic values taken from the protocol notes' fixtures.
 */

let requestCounter = 0;

/** `requestStatus` with a fresh request id. */
export function aRequestStatus(statusCode = 'SUCCESS', statusDescription?: string): Record<string, unknown> {
    requestCounter++;
    return { statusCode, ...(statusDescription ? { statusDescription } : {}), requestId: `req-${requestCounter}` };
}

/** An NGC error body `{requestStatus}`. */
export function anErrorBody(
    statusCode: string,
    statusDescription: string,
    requestId = 'req-error-1',
): Record<string, unknown> {
    return { requestStatus: { statusCode, statusDescription, requestId } };
}

export function aPaginationInfo(
    index: number,
    size: number,
    totalPages: number,
    totalResults: number,
): Record<string, unknown> {
    return { index, size, totalPages, totalResults, nextPage: '' };
}

/** A model / recipe / artifact object. */
export function anArtifactObject(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        orgName: 'nvidia',
        teamName: 'tao',
        name: 'peoplenet',
        displayName: 'PeopleNet',
        description: '## PeopleNet',
        isPublic: true,
        canGuestDownload: true,
        latestVersionIdStr: '2.6.1',
        latestVersionId: 3,
        latestVersionSizeInBytes: 5839530,
        labels: ['TAO'],
        productNames: [],
        createdDate: '2024-01-22T06:57:41.704Z',
        updatedDate: '2025-02-01T10:00:00.000Z',
        ...overrides,
    };
}

/** A model/recipe version object (`versionId`); pass `{ id: 'v1', versionId: undefined }` for a chart. */
export function aVersionObject(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const out: Record<string, unknown> = {
        versionId: '2.6.1',
        id: 1,
        status: 'UPLOAD_COMPLETE',
        totalSizeInBytes: 5839530,
        totalFileCount: 37,
        createdDate: '2025-02-01T10:00:00.000Z',
        ...overrides,
    };
    for (const [k, v] of Object.entries(out)) {
        if (v === undefined) {
            delete out[k];
        }
    }
    return out;
}

export function aFileObject(path: string, sizeInBytes: number, sha256_base64?: string): Record<string, unknown> {
    return { path, sizeInBytes, createdDate: '2025-02-01T10:00:00.000Z', ...(sha256_base64 ? { sha256_base64 } : {}) };
}

/** A search hit with string attributes, as the search API sends them. */
export function aSearchResource(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        resourceId: 'nvidia/pytorch',
        resourceType: 'CONTAINER',
        orgName: 'nvidia',
        name: 'pytorch',
        displayName: 'PyTorch',
        description: 'PyTorch container',
        labels: [
            { key: 'hasSignedTag', values: ['true'] },
            { key: 'productNames', values: [] },
        ],
        attributes: [
            { key: 'latestTag', value: '25.03-py3' },
            { key: 'size', value: '6835134649' },
            { key: 'hasSignedTag', value: 'true' },
            { key: 'latestTagPushedDate', value: '2025-03-20T10:00:00.000Z' },
        ],
        dateModified: '2025-03-21T10:00:00.000Z',
        ...overrides,
    };
}

/** A search answer: a `_scored` duplicate group first, then the group of `type`. */
export function aSearchResponse(
    type: string,
    resources: Record<string, unknown>[],
    page = 0,
    pageTotal = 1,
): Record<string, unknown> {
    return {
        resultTotal: resources.length,
        resultPageTotal: pageTotal,
        params: { page, pageSize: 25, query: '*:*' },
        results: [
            {
                groupValue: '_scored',
                totalCount: 1,
                resources: resources.slice(0, 1).map((r) => ({ ...r, name: 'scored-duplicate' })),
            },
            { groupValue: type, totalCount: resources.length, resources },
        ],
    };
}

/** `get-caller-info` for a personal (default) or service key. */
export function aCallerInfo(type: 'PERSONAL_KEY' | 'SERVICE_KEY' = 'PERSONAL_KEY'): Record<string, unknown> {
    return {
        userId: type === 'SERVICE_KEY' ? 'svc' : '100001',
        orgName: 'acme',
        type,
        products: ['artifact-catalog'],
        user:
            type === 'SERVICE_KEY'
                ? null
                : {
                      id: 100001,
                      name: 'Jon Doe',
                      email: 'jon.doe@example.com',
                      roles: [
                          { org: { id: 1, name: 'acme' }, orgRoles: ['REGISTRY_READ'] },
                          {
                              org: { id: 1, name: 'acme' },
                              orgRoles: ['REGISTRY_READ'],
                              team: { id: 2, name: 'vision' },
                              teamRoles: ['REGISTRY_USER'],
                          },
                          { org: { id: 3, name: 'nvidia' }, orgRoles: ['REGISTRY-READ'], team: {} },
                      ],
                  },
        requestStatus: aRequestStatus(),
    };
}
