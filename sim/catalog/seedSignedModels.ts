/**
 * Models signed with OpenSSF Model Signing by the simulator's CA (sim/modelSigning/simCa.ts), as NGC signs published
 * models since 2025 (research/next-anchors.md §C.3): `nvidia/signed-detector` 1.1 is signed and matches; 1.0 is
 * signed but one file changed after signing (its API checksums still match the bytes, so only the signature catches
 * it); `nvidia/unsigned-detector` is not signed at all.
 */
import { hashSeed } from './images.js';
import { overview } from './markdown.js';
import type { ArtifactSeed, FileSpec, VersionSeed } from './types.js';

function file(path: string, size: number): FileSpec {
    return { path, size, seed: hashSeed(`signed:${path}`) % (1 << 20), hasSha: true };
}

function files(): FileSpec[] {
    return [
        file('model.safetensors', 300 * 1024 + 17),
        file('config.json', 640),
        file('tokenizer/vocab.txt', 9000),
        file('tokenizer/merges.txt', 5000),
        file('README.md', 1200),
    ];
}

function detector(name: string, displayName: string, versions: VersionSeed[]): ArtifactSeed {
    const shortDescription = `${displayName}: a small model for signature verification tests.`;
    return {
        kind: 'model',
        org: 'nvidia',
        name,
        displayName,
        shortDescription,
        description: overview(displayName, `nvidia/${name}`, shortDescription),
        publisher: 'NVIDIA',
        labels: ['Signed'],
        isPublic: true,
        productNames: [],
        versions,
    };
}

/** The signed, mismatched and unsigned model seeds. */
export function signedModelSeeds(): ArtifactSeed[] {
    return [
        detector('signed-detector', 'Signed Detector', [
            {
                version: '1.1',
                status: 'UPLOAD_COMPLETE',
                createdDate: '2025-04-02T10:00:00.000Z',
                files: files(),
                signing: 'valid',
            },
            {
                version: '1.0',
                status: 'UPLOAD_COMPLETE',
                createdDate: '2025-03-02T10:00:00.000Z',
                files: files(),
                signing: 'mismatch',
            },
        ]),
        detector('unsigned-detector', 'Unsigned Detector', [
            { version: '1.0', status: 'UPLOAD_COMPLETE', createdDate: '2025-03-05T10:00:00.000Z', files: files() },
        ]),
    ];
}
