/**
 * Realistic image config `Env` and `Labels` for the simulated repositories, shaped like NGC's: the monthly framework
 * containers (`YY.MM-py3`) carry `CUDA_VERSION`, `CUDNN_VERSION`, `NCCL_VERSION`, `TRT_VERSION`, the framework's
 * own version and `NVIDIA_REQUIRE_CUDA`; the CUDA base images (`12.x.y-base`) carry `CUDA_VERSION`, `NV_CUDA_*` and
 * the driver constraint. Values follow NVIDIA's release notes closely enough to read true; unknown releases get
 * values derived from the tag so every tag still differs.
 */
import type { Platform, RepoSeed } from './types.js';

interface Release {
    cuda: string;
    driver: string;
    cudnn: string;
    nccl: string;
    trt: string;
    pytorch: string;
    triton: string;
}

/** Framework container releases by `YY.MM`. */
const RELEASES: Record<string, Release> = {
    '25.03': {
        cuda: '12.8.1.012',
        driver: '570.124.06',
        cudnn: '9.8.0.87',
        nccl: '2.25.1',
        trt: '10.9.0.34',
        pytorch: '2.7.0a0+7c8ec84dab',
        triton: '2.56.0',
    },
    '25.02': {
        cuda: '12.8.0.038',
        driver: '570.86.10',
        cudnn: '9.7.1.26',
        nccl: '2.25.1',
        trt: '10.8.0.43',
        pytorch: '2.7.0a0+6c54963f75',
        triton: '2.55.0',
    },
    '25.01': {
        cuda: '12.8.0.038',
        driver: '570.86.10',
        cudnn: '9.7.0.66',
        nccl: '2.25.1',
        trt: '10.8.0.43',
        pytorch: '2.6.0a0+ecf3bae40a',
        triton: '2.54.0',
    },
    '24.12': {
        cuda: '12.6.3.004',
        driver: '560.35.05',
        cudnn: '9.6.0.74',
        nccl: '2.23.4',
        trt: '10.7.0.23',
        pytorch: '2.6.0a0+df5bbc09d1',
        triton: '2.53.0',
    },
};

const BASE_PATH =
    '/usr/local/nvidia/bin:/usr/local/cuda/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function releaseFor(tag: string): Release {
    const month = /^(\d\d\.\d\d)/.exec(tag)?.[1];
    const known = month === undefined ? undefined : RELEASES[month];
    if (known !== undefined) {
        return known;
    }
    const n = [...tag].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 997, 7);
    return {
        cuda: `12.${n % 9}.${n % 3}.0${n % 90}`,
        driver: `5${50 + (n % 20)}.${n % 100}.0${n % 9}`,
        cudnn: `9.${n % 9}.0.${n % 99}`,
        nccl: `2.${20 + (n % 6)}.${n % 5}`,
        trt: `10.${n % 10}.0.${n % 50}`,
        pytorch: `2.${n % 8}.0`,
        triton: `2.${40 + (n % 20)}.0`,
    };
}

function requireCuda(cuda: string): string {
    const [major, minor] = cuda.split('.');
    return `cuda>=${major}.${minor} brand=tesla,driver>=470,driver<471 brand=unknown,driver>=470,driver<471 brand=nvidia,driver>=470,driver<471`;
}

/** `Env` and `Labels` of the config of `repo:tag` for `platform`. */
export function imageEnv(
    repo: RepoSeed,
    tag: string,
    platform: Platform,
): { env: string[]; labels: Record<string, string> } {
    const name =
        repo.sharedImageKey ?? (repo.team ? `${repo.org}/${repo.team}/${repo.name}` : `${repo.org}/${repo.name}`);
    const arch = platform.architecture === 'amd64' ? 'x86_64' : 'sbsa';
    const labels: Record<string, string> = {
        'com.nvidia.ngc-sim': 'true',
        'org.opencontainers.image.version': tag,
        'org.opencontainers.image.ref.name': 'ubuntu',
        'com.nvidia.build.id': String(100_000_000 + (tag.length * 7919 + name.length * 104_729)),
    };
    const common = [
        `NGC_SIM_IMAGE=${name}:${tag}`,
        'NVIDIA_VISIBLE_DEVICES=all',
        'NVIDIA_DRIVER_CAPABILITIES=compute,utility',
    ];
    if (repo.name === 'cuda') {
        const version = /^(\d+\.\d+\.\d+)/.exec(tag)?.[1] ?? '12.0.0';
        const [major, minor] = version.split('.');
        return {
            env: [
                `PATH=${BASE_PATH}`,
                `NVARCH=${arch}`,
                `NVIDIA_REQUIRE_CUDA=${requireCuda(version)}`,
                `NV_CUDA_CUDART_VERSION=${major}.${minor}.${Number(minor) * 10 + 37}-1`,
                `CUDA_VERSION=${version}`,
                'LD_LIBRARY_PATH=/usr/local/nvidia/lib:/usr/local/nvidia/lib64',
                ...common,
            ],
            labels: { ...labels, maintainer: 'NVIDIA CORPORATION <cudatools@nvidia.com>' },
        };
    }
    const r = releaseFor(tag);
    const month = /^(\d\d\.\d\d)/.exec(tag)?.[1] ?? tag;
    const env = [
        `PATH=/usr/local/lib/python3.12/dist-packages/torch_tensorrt/bin:/usr/local/mpi/bin:${BASE_PATH}:/usr/local/ucx/bin`,
        `CUDA_VERSION=${r.cuda}`,
        `CUDA_DRIVER_VERSION=${r.driver}`,
        `CUDNN_VERSION=${r.cudnn}`,
        `NCCL_VERSION=${r.nccl}`,
        `TRT_VERSION=${r.trt}`,
        'NVIDIA_REQUIRE_CUDA=cuda>=9.0',
        'OPENMPI_VERSION=4.1.7',
        'PYTHON_VERSION=3.12',
        `NVIDIA_BUILD_ID=${labels['com.nvidia.build.id']}`,
    ];
    if (repo.name.includes('pytorch')) {
        env.push(
            `PYTORCH_VERSION=${r.pytorch}`,
            `PYTORCH_BUILD_VERSION=${r.pytorch}`,
            `NVIDIA_PYTORCH_VERSION=${month}`,
        );
    } else if (repo.name === 'tritonserver') {
        env.push(`TRITON_SERVER_VERSION=${r.triton}`, `NVIDIA_TRITON_SERVER_VERSION=${month}`);
    } else if (repo.name === 'tao-toolkit') {
        env.push(`TAO_VERSION=${tag.split('-')[0] ?? tag}`, `PYTORCH_VERSION=${r.pytorch}`);
    }
    env.push(...common);
    return { env, labels };
}
