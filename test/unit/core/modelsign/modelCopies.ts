/** Temp copies of signed model directories for tampering tests (the fixtures themselves stay untouched). */
import { chmod, cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const NVIDIA_FIXTURES = path.join(__dirname, '..', '..', '..', 'fixtures', 'oms-nvidia');
export const NVIDIA_ROOT_PEM = path.join(NVIDIA_FIXTURES, 'nv-agent-root-cert.pem');
/**
 * A self-signed P-384 root with exactly the subject of NVIDIA's root but another key (made with `openssl ca`, valid
 * 2025–9999): a trust anchor that matches by name only must not make NVIDIA's chain verify.
 */
export const FORGED_ROOT_PEM = path.join(__dirname, '..', '..', '..', 'fixtures', 'oms-forged-nvidia-root.pem');
export const NVIDIA_SKILLS = ['cudaq-guide', 'cuopt-install', 'nvidia-skill-finder'] as const;

/** A scratch directory; `dispose()` removes it. */
export async function scratch(prefix: string): Promise<{ dir: string; dispose(): Promise<void> }> {
    const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** Copies `source` to `target` with writable files (the shared fixtures are read-only on some machines). */
export async function writableCopy(source: string, target: string): Promise<string> {
    await cp(source, target, { recursive: true });
    const fix = async (dir: string): Promise<void> => {
        await chmod(dir, 0o755);
        for (const entry of await readdir(dir, { withFileTypes: true })) {
            const p = path.join(dir, entry.name);
            if (entry.isDirectory()) {
                await fix(p);
            } else {
                await chmod(p, 0o644);
            }
        }
    };
    await fix(target);
    return target;
}
