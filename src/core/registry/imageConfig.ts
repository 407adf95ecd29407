import { z } from 'zod';
import { HttpError } from '../http/errors';

/** Image configs are a few KiB (NGC's framework images carry ~60 Env entries); 1 MiB is generous. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

const MAX_ENTRIES = 2048;
const MAX_VALUE = 64 * 1024;

/**
 * The parts of an OCI / Docker image config that `inspect` shows. Tolerant where builders differ: `created` is
 * absent from reproducible builds (or the epoch), `config` is `null` for `FROM scratch` images, `Env`/`Labels` are
 * `null` when empty (Docker writes `null`, BuildKit omits them), unknown fields are dropped. Strict where a value is
 * shown or counted: bounded entry counts and lengths, so a hostile registry cannot make a hover render megabytes.
 */
export const inspectedConfigSchema = z.object({
    created: z.string().max(64).optional(),
    os: z.string().max(64),
    architecture: z.string().max(64),
    variant: z.string().max(64).optional(),
    config: z
        .object({
            Env: z.array(z.string().max(MAX_VALUE)).max(MAX_ENTRIES).nullish(),
            Labels: z
                .record(z.string().max(1024), z.string().max(MAX_VALUE))
                .refine((r) => Object.keys(r).length <= MAX_ENTRIES, { message: 'too many labels' })
                .nullish(),
        })
        .nullish(),
});
export type InspectedConfig = z.infer<typeof inspectedConfigSchema>;

/** Parses config bytes (already digest-checked) or throws an HttpError of kind `format` naming `url`. */
export function parseImageConfig(bytes: Buffer, url: string): InspectedConfig {
    let json: unknown;
    try {
        json = JSON.parse(bytes.toString('utf8'));
    } catch {
        throw new HttpError({ kind: 'format', url, description: 'the image config is not JSON' });
    }
    const parsed = inspectedConfigSchema.safeParse(json);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new HttpError({
            kind: 'format',
            url,
            description: `the image config is not one (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'})`,
        });
    }
    return parsed.data;
}

/**
 * Environment variables that name what a framework image holds, in the order they are shown. NGC's images set
 * these in their Dockerfiles (`ENV PYTORCH_VERSION=…`, `ENV CUDA_VERSION=…`); the CUDA base images set
 * `NVIDIA_REQUIRE_CUDA` (the driver constraint the NVIDIA container toolkit checks) and `NV_CUDA_*` variables.
 */
export const FRAMEWORK_ENV = [
    'PYTORCH_VERSION',
    'PYTORCH_BUILD_VERSION',
    'NVIDIA_PYTORCH_VERSION',
    'TENSORFLOW_VERSION',
    'NVIDIA_TENSORFLOW_VERSION',
    'JAX_VERSION',
    'TRITON_SERVER_VERSION',
    'NVIDIA_TRITON_SERVER_VERSION',
    'NEMO_VERSION',
    'TAO_VERSION',
    'CUDA_VERSION',
    'CUDA_DRIVER_VERSION',
    'CUDNN_VERSION',
    'NCCL_VERSION',
    'CUBLAS_VERSION',
    'TRT_VERSION',
    'TENSORRT_VERSION',
    'DALI_VERSION',
    'OPENMPI_VERSION',
    'PYTHON_VERSION',
    'NVIDIA_REQUIRE_CUDA',
    'NVIDIA_BUILD_ID',
] as const;

/** The names people know the framework variables by (for text; JSON keeps the variable names). */
export const FRAMEWORK_NAMES: Readonly<Record<string, string>> = {
    PYTORCH_VERSION: 'PyTorch',
    TENSORFLOW_VERSION: 'TensorFlow',
    JAX_VERSION: 'JAX',
    TRITON_SERVER_VERSION: 'Triton',
    NEMO_VERSION: 'NeMo',
    TAO_VERSION: 'TAO',
    CUDA_VERSION: 'CUDA',
    CUDA_DRIVER_VERSION: 'driver',
    CUDNN_VERSION: 'cuDNN',
    NCCL_VERSION: 'NCCL',
    CUBLAS_VERSION: 'cuBLAS',
    TRT_VERSION: 'TensorRT',
    TENSORRT_VERSION: 'TensorRT',
    DALI_VERSION: 'DALI',
    OPENMPI_VERSION: 'Open MPI',
    PYTHON_VERSION: 'Python',
    NVIDIA_REQUIRE_CUDA: 'requires',
};

/** `KEY=VALUE` entries as a map (the first `=` splits; later duplicates win, as Docker's do). */
export function envMap(entries: readonly string[] | null | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    for (const entry of entries ?? []) {
        const eq = entry.indexOf('=');
        if (eq > 0) {
            out[entry.slice(0, eq)] = entry.slice(eq + 1);
        }
    }
    return out;
}

/** The framework versions of {@link FRAMEWORK_ENV} present in `env`, in that order. */
export function frameworkVersions(env: Readonly<Record<string, string>>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const key of FRAMEWORK_ENV) {
        const value = env[key];
        if (value !== undefined && value !== '') {
            out[key] = value;
        }
    }
    return out;
}
