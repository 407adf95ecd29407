/**
 * The seeded container repositories (fixed names other tests rely on), plus the generated `bigorg` repositories used
 * for paging tests. Tags are listed newest first.
 */
import { HOSTILE_MARKDOWN, overview } from './markdown.js';
import type { Platform, RepoSeed } from './types.js';

const AMD64: Platform = { os: 'linux', architecture: 'amd64' };
const ARM64: Platform = { os: 'linux', architecture: 'arm64' };
const ARM64V8: Platform = { os: 'linux', architecture: 'arm64', variant: 'v8' };

type RepoInput = Omit<RepoSeed, 'description' | 'publisher' | 'labels' | 'productNames' | 'layerKiB'> &
    Partial<Pick<RepoSeed, 'description' | 'publisher' | 'labels' | 'productNames' | 'layerKiB'>>;

function repo(input: RepoInput): RepoSeed {
    const path = input.team === undefined ? `${input.org}/${input.name}` : `${input.org}/${input.team}/${input.name}`;
    return {
        publisher: input.org === 'nvidia' ? 'NVIDIA' : input.org,
        labels: [],
        productNames: [],
        layerKiB: 32,
        description: overview(
            input.displayName,
            `nvcr.io/${path}:${input.tags[0] ?? 'latest'}`,
            input.shortDescription,
        ),
        ...input,
    };
}

/** 60 CUDA tags, newest first: 12.9.5-base … 12.0.0-base (enough to need several tags/list pages). */
const cudaTags = Array.from({ length: 60 }, (_, i) => {
    const n = 59 - i;
    return `12.${Math.floor(n / 6)}.${n % 6}-base`;
});

/** The fixed repositories. */
export function seedRepos(): RepoSeed[] {
    return [
        repo({
            org: 'nvidia',
            name: 'pytorch',
            displayName: 'PyTorch',
            shortDescription: 'PyTorch is a GPU accelerated tensor computational framework.',
            labels: ['Deep Learning', 'Framework', 'NVIDIA AI Enterprise Supported'],
            isPublic: true,
            signing: 'valid',
            format: 'docker',
            platforms: [AMD64, ARM64],
            tags: ['25.03-py3', '25.02-py3', '25.01-py3', '24.12-py3'],
            newestDate: '2025-03-20T10:00:00.000Z',
            layerKiB: 64,
        }),
        repo({
            org: 'nvidia',
            name: 'cuda',
            displayName: 'CUDA',
            shortDescription: 'CUDA is a parallel computing platform and programming model.',
            labels: ['HPC', 'SDK'],
            isPublic: true,
            signing: 'none',
            format: 'docker',
            platforms: [AMD64],
            tags: cudaTags,
            newestDate: '2025-03-01T08:00:00.000Z',
            layerKiB: 8,
        }),
        repo({
            org: 'nvidia',
            name: 'tritonserver',
            displayName: 'Triton Inference Server',
            shortDescription: 'Triton Inference Server is an open source inference serving software.',
            labels: ['Inference'],
            isPublic: true,
            signing: 'valid',
            format: 'oci',
            platforms: [AMD64, ARM64V8],
            tags: ['25.03-py3', '25.02-py3', '25.01-py3'],
            newestDate: '2025-03-25T12:00:00.000Z',
        }),
        repo({
            org: 'nvidia',
            team: 'tao',
            name: 'tao-toolkit',
            displayName: 'TAO Toolkit',
            shortDescription: 'TAO Toolkit for transfer learning.',
            isPublic: true,
            signing: 'none',
            format: 'docker',
            platforms: [AMD64],
            tags: ['5.5.0-pyt', '5.3.0-pyt'],
            newestDate: '2025-02-10T09:00:00.000Z',
        }),
        repo({
            org: 'nvidia',
            name: 'nvaie-pytorch',
            displayName: 'PyTorch (NVIDIA AI Enterprise)',
            shortDescription: 'Enterprise-supported PyTorch; needs an NVIDIA AI Enterprise subscription.',
            labels: ['NVIDIA AI Enterprise Supported'],
            isPublic: false,
            productNames: ['nv-ai-enterprise'],
            signing: 'valid',
            format: 'docker',
            platforms: [AMD64],
            tags: ['25.03-py3', '25.01-py3'],
            newestDate: '2025-03-21T10:00:00.000Z',
        }),
        repo({
            org: 'nvidia',
            name: 'eu-nim',
            displayName: 'EU-restricted NIM',
            shortDescription: 'A NIM that is unavailable in your region.',
            isPublic: true,
            legalRestricted: true,
            signing: 'none',
            format: 'oci',
            platforms: [AMD64],
            tags: ['1.0.0'],
            newestDate: '2025-01-15T10:00:00.000Z',
        }),
        repo({
            org: 'nvidia',
            name: 'badsig',
            displayName: 'Bad Signature',
            shortDescription: 'Signed, but the signature does not verify.',
            description: HOSTILE_MARKDOWN,
            isPublic: true,
            signing: 'bad',
            format: 'docker',
            platforms: [AMD64],
            tags: ['1.0'],
            newestDate: '2025-01-20T10:00:00.000Z',
        }),
        repo({
            org: 'acme',
            team: 'vision',
            name: 'detector',
            displayName: 'Acme Detector',
            shortDescription: 'Private object detector image of the acme vision team.',
            isPublic: false,
            signing: 'none',
            format: 'docker',
            platforms: [AMD64],
            tags: ['1.1', '1.0'],
            newestDate: '2025-02-01T10:00:00.000Z',
        }),
        repo({
            org: 'acme',
            name: 'base',
            displayName: 'Acme Base',
            shortDescription: 'Private base image of the acme org.',
            isPublic: false,
            signing: 'none',
            format: 'docker',
            platforms: [AMD64],
            tags: ['2024.1'],
            newestDate: '2024-12-01T10:00:00.000Z',
        }),
        repo({
            org: 'otherorg',
            name: 'secret',
            displayName: 'Other Secret',
            shortDescription: 'Private image of otherorg.',
            isPublic: false,
            signing: 'none',
            format: 'docker',
            platforms: [AMD64],
            tags: ['1.0'],
            newestDate: '2024-11-01T10:00:00.000Z',
        }),
    ];
}

/** The name of generated `bigorg` repository `i` (0-based): `repo-00000` … */
export function bigRepoName(i: number): string {
    return `repo-${String(i).padStart(5, '0')}`;
}

/** Generated repository `i` of `bigorg`; cheap, with a short description only. */
export function bigRepo(i: number): RepoSeed {
    const name = bigRepoName(i);
    return {
        org: 'bigorg',
        name,
        displayName: `Big Repo ${i}`,
        shortDescription: `Generated repository number ${i} for paging tests.`,
        description: `## Big Repo ${i}\n\nGenerated repository for paging tests.\n`,
        publisher: 'bigorg',
        labels: [],
        isPublic: false,
        productNames: [],
        signing: 'none',
        format: 'docker',
        platforms: [AMD64],
        tags: ['1.0'],
        newestDate: '2025-01-01T00:00:00.000Z',
        layerKiB: 1,
        sharedImageKey: 'bigorg/generated',
    };
}
