/**
 * The OMS signature of a simulated model version, made on first request with the simulator's leaf and cached. A
 * `mismatch` version is signed over what its first file was *before* a change (another digest), so its files pass
 * the API's `sha256_base64` checks but fail the signature's file-digest check, the case a signature exists to catch.
 */
import { createHash } from 'node:crypto';
import { fileSha256 } from '../catalog/content.js';
import type { ArtifactSeed, VersionSeed } from '../catalog/types.js';
import { omsStatement, signOmsBundle, simSigningKey } from './omsSigner.js';

const cache = new WeakMap<VersionSeed, Promise<string>>();

/** The bundle text (`result.sigstore`) of a signed version; undefined for an unsigned one. */
export function versionSignature(artifact: ArtifactSeed, version: VersionSeed): Promise<string> | undefined {
    if (version.signing === undefined) {
        return undefined;
    }
    let cached = cache.get(version);
    if (cached === undefined) {
        cached = sign(artifact, version);
        cache.set(version, cached);
    }
    return cached;
}

async function sign(artifact: ArtifactSeed, version: VersionSeed): Promise<string> {
    const resources = await Promise.all(
        version.files.map(async (f, i) => {
            const digest =
                version.signing === 'mismatch' && i === 0
                    ? createHash('sha256').update(`${f.path} as it was signed`).digest()
                    : await fileSha256(f);
            return { name: f.path, sha256: digest.toString('hex') };
        }),
    );
    const name = `${artifact.name}_v${version.version}`;
    return signOmsBundle(omsStatement(name, resources), simSigningKey());
}
