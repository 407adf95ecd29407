/**
 * The seeded models, resources and helm charts (ngc-api.md 5-7), newest version first. File sizes are modest so the
 * whole suite stays fast; the optional bench artifacts are large and generated on the fly.
 */
import { chartArchive, chartFileName } from '../helm/chart.js';
import { hashSeed } from './images.js';
import { overview } from './markdown.js';
import { signedModelSeeds } from './seedSignedModels.js';
import type { ArtifactSeed, FileSpec, VersionSeed } from './types.js';

const KiB = 1024;
const MiB = 1024 * 1024;

function file(path: string, size: number, hasSha = true): FileSpec {
    return { path, size, seed: hashSeed(path) % (1 << 20), hasSha };
}

function version(
    v: string,
    createdDate: string,
    files: FileSpec[],
    status: VersionSeed['status'] = 'UPLOAD_COMPLETE',
): VersionSeed {
    return { version: v, status, createdDate, files };
}

/** PeopleNet 2.6.1: 37 files in subfolders, a few large-ish, three without `sha256_base64`. */
function peoplenetFiles(): FileSpec[] {
    const files: FileSpec[] = [
        file('resnet34_peoplenet.tlt', 3 * MiB + 123),
        file('resnet34_peoplenet_int8.etlt', 1 * MiB + 7),
        file('labels.txt', 22),
        file('README.md', 1800, false),
    ];
    for (let i = 0; i < 12; i++) {
        files.push(file(`configs/infer_config_${String(i).padStart(2, '0')}.txt`, 700 + i * 31));
    }
    for (let i = 0; i < 12; i++) {
        files.push(file(`calibration/batch_${String(i).padStart(2, '0')}.bin`, 48 * KiB + i * 1000, i !== 5));
    }
    for (let i = 0; i < 9; i++) {
        files.push(file(`samples/images/sample_${i}.jpg`, 90 * KiB + i * 4099, i !== 8));
    }
    return files;
}

function model(
    input: Omit<ArtifactSeed, 'kind' | 'publisher' | 'labels' | 'productNames' | 'description'> & Partial<ArtifactSeed>,
): ArtifactSeed {
    return {
        kind: 'model',
        publisher: input.org === 'nvidia' ? 'NVIDIA' : input.org,
        labels: [],
        productNames: [],
        description: overview(input.displayName, `${input.org}/${input.name}`, input.shortDescription),
        ...input,
    };
}

/** Seeded models, resources and charts; `bench` adds the large benchmark artifacts. */
export function seedArtifacts(bench: boolean): ArtifactSeed[] {
    const list: ArtifactSeed[] = [
        model({
            org: 'nvidia',
            team: 'tao',
            name: 'peoplenet',
            displayName: 'PeopleNet',
            shortDescription: '3 class object detection network to detect people in an image.',
            labels: ['Object Detection', 'TAO'],
            isPublic: true,
            application: 'Object Detection',
            framework: 'TAO Toolkit',
            precision: 'INT8',
            versions: [
                version('3.0', '2025-03-01T10:00:00.000Z', [file('pending.bin', 100)], 'UPLOAD_PENDING'),
                version('2.6.1', '2025-02-01T10:00:00.000Z', peoplenetFiles()),
                version('2.5.0', '2024-10-01T10:00:00.000Z', [
                    file('resnet34_peoplenet.tlt', 512 * KiB),
                    file('labels.txt', 22),
                    file('nvinfer_config.txt', 900),
                ]),
            ],
        }),
        model({
            org: 'nvidia',
            name: 'llama-gated',
            displayName: 'Llama (licence-gated)',
            shortDescription: 'A model whose licence must be accepted before download.',
            isPublic: true,
            licenseGated: true,
            versions: [
                version('1.0', '2025-01-10T10:00:00.000Z', [
                    file('model.safetensors', 256 * KiB),
                    file('config.json', 600),
                ]),
            ],
        }),
        model({
            org: 'acme',
            team: 'vision',
            name: 'resnet-custom',
            displayName: 'Acme ResNet Custom',
            shortDescription: 'Private fine-tuned ResNet of the acme vision team.',
            isPublic: false,
            versions: [
                version('1.0', '2025-01-05T10:00:00.000Z', [
                    file('model.onnx', 200 * KiB),
                    file('labels.txt', 40),
                    file('metrics/eval.json', 1200),
                ]),
            ],
        }),
        {
            ...model({
                org: 'nvidia',
                team: 'tao',
                name: 'tao-samples',
                displayName: 'TAO Samples',
                shortDescription: 'Sample notebooks and specs for TAO Toolkit.',
                isPublic: true,
                versions: [
                    version('1.1', '2025-02-15T10:00:00.000Z', [
                        file('notebooks/detectnet_v2.ipynb', 40 * KiB),
                        file('notebooks/classification.ipynb', 35 * KiB),
                        file('specs/train.yaml', 2 * KiB),
                        file('specs/eval.yaml', 1 * KiB),
                        file('README.md', 3 * KiB),
                    ]),
                    version('1.0', '2024-12-15T10:00:00.000Z', [
                        file('notebooks/detectnet_v2.ipynb', 38 * KiB),
                        file('README.md', 2 * KiB),
                    ]),
                ],
            }),
            kind: 'resource',
        },
        {
            ...model({
                org: 'acme',
                team: 'vision',
                name: 'eval-scripts',
                displayName: 'Acme Eval Scripts',
                shortDescription: 'Private evaluation scripts.',
                isPublic: false,
                versions: [
                    version('1.0', '2025-01-07T10:00:00.000Z', [
                        file('eval.py', 4 * KiB),
                        file('requirements.txt', 120),
                    ]),
                ],
            }),
            kind: 'resource',
        },
        chart('nvidia', undefined, 'gpu-operator', 'NVIDIA GPU Operator', true, [
            ['v25.3.0', '2025-03-10T10:00:00.000Z', gpuOperatorExtras()],
            ['v24.9.2', '2025-01-20T10:00:00.000Z'],
        ]),
        chart('acme', 'vision', 'detector-chart', 'Acme Detector Chart', false, [
            ['0.1.0', '2025-02-02T10:00:00.000Z', [textFile('README.md', '# Acme Detector Chart\n\nPrivate.\n')]],
        ]),
    ];
    list.push(...signedModelSeeds());
    if (bench) {
        list.push(...benchArtifacts());
    }
    return list;
}

function chart(
    org: string,
    team: string | undefined,
    name: string,
    displayName: string,
    isPublic: boolean,
    versions: [string, string, FileSpec[]?][],
): ArtifactSeed {
    return {
        ...model({
            org,
            ...(team === undefined ? {} : { team }),
            name,
            displayName,
            shortDescription: `${displayName} Helm chart.`,
            isPublic,
            versions: versions.map(([v, date, extras = []]) => {
                const content = chartArchive({
                    name,
                    version: v,
                    appVersion: v,
                    description: `${displayName} Helm chart.`,
                });
                const tgz: FileSpec = {
                    path: chartFileName(name, v),
                    size: content.length,
                    seed: 0,
                    content,
                    hasSha: true,
                };
                // The archive stays first: the helm index takes its digest from the first file with `content`.
                return version(v, date, [tgz, ...extras]);
            }),
        }),
        kind: 'chart',
    };
}

/** A text file with fixed content (chart files are small and readable, unlike the generated model bytes). */
function textFile(path: string, text: string, hasSha = true): FileSpec {
    const content = Buffer.from(text);
    return { path, size: content.length, seed: hashSeed(path) % (1 << 20), content, hasSha };
}

/**
 * Chart files NGC lists next to the archive (README, values schema, CRDs): served only through the API's
 * `…/files/{path}` redirect, never by the helm repository. `values.schema.json` has no `sha256_base64`.
 */
function gpuOperatorExtras(): FileSpec[] {
    const schema = {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: {
            operator: { type: 'object' },
            driver: { type: 'object', properties: { enabled: { type: 'boolean' } } },
        },
    };
    return [
        textFile(
            'README.md',
            '# NVIDIA GPU Operator\n\nDeploys the NVIDIA driver, container toolkit and device plugin.\n',
        ),
        textFile('values.schema.json', `${JSON.stringify(schema, null, 2)}\n`, false),
        textFile(
            'crds/clusterpolicy.yaml',
            [
                'apiVersion: apiextensions.k8s.io/v1',
                'kind: CustomResourceDefinition',
                'metadata:',
                '  name: clusterpolicies.nvidia.com',
                'spec:',
                '  group: nvidia.com',
                '  names:',
                '    kind: ClusterPolicy',
                '    plural: clusterpolicies',
                '  scope: Cluster',
                '',
            ].join('\n'),
        ),
    ];
}

/** ~1 GiB model of 37 mixed-size files, and a resource with one 2 GiB file. */
function benchArtifacts(): ArtifactSeed[] {
    const files: FileSpec[] = [];
    const large = [256 * MiB, 256 * MiB, 192 * MiB, 128 * MiB];
    large.forEach((size, i) => files.push(file(`weights/shard-${i}.bin`, size + i * 4099)));
    for (let i = 0; i < 33; i++) {
        files.push(file(`chunks/part-${String(i).padStart(2, '0')}.bin`, (1 + (i % 8)) * 1.5 * MiB + i * 977));
    }
    const benchModel = model({
        org: 'nvidia',
        name: 'bench-model',
        displayName: 'Benchmark Model',
        shortDescription: 'About 1 GiB in 37 files, for download benchmarks.',
        isPublic: true,
        versions: [version('1.0', '2025-03-01T10:00:00.000Z', files)],
    });
    const benchSingle: ArtifactSeed = {
        ...model({
            org: 'nvidia',
            name: 'bench-single',
            displayName: 'Benchmark Single File',
            shortDescription: 'One 2 GiB file, for ranged/parallel download benchmarks.',
            isPublic: true,
            versions: [version('1.0', '2025-03-01T10:00:00.000Z', [file('single.bin', 2048 * MiB)])],
        }),
        kind: 'resource',
    };
    return [benchModel, benchSingle];
}
