/**
 * Key-based cosign signatures, as NVIDIA signs its images (ngc-api.md 9.4): for each signed tag a
 * `sha256-<hex>.sig` tag holds an OCI manifest whose single layer is the simple-signing JSON, with the base64 DER
 * ECDSA-P256/SHA-256 signature in the `dev.cosignproject.cosign/signature` annotation. `nvidia/badsig` is signed with
 * a different key, so verification against the published public key fails.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { digestOf } from '../catalog/content.js';
import type { StoredManifest } from '../catalog/images.js';
import { MEDIA, repoImages } from '../catalog/images.js';
import type { RepoSeed } from '../catalog/types.js';
import { fullName } from '../catalog/types.js';
import type { CosignKeys, SimContext } from '../core/context.js';

export const SIMPLE_SIGNING = 'application/vnd.dev.cosign.simplesigning.v1+json';

/** A fresh ECDSA P-256 key pair for the simulator, and a second one for the bad signature. */
export function generateCosignKeys(): CosignKeys {
    const good = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const wrong = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return {
        privateKey: good.privateKey,
        publicKeyPem: good.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        wrongPrivateKey: wrong.privateKey,
    };
}

export interface CosignArtifacts {
    /** `sha256-<hex>.sig` → signature manifest */
    tags: Map<string, StoredManifest>;
    manifests: Map<string, StoredManifest>;
    blobs: Map<string, Buffer>;
}

const cache = new WeakMap<RepoSeed, CosignArtifacts>();

/** The signature artifacts of `repo` (empty when unsigned), built on first use. */
export function cosignArtifacts(ctx: SimContext, repo: RepoSeed): CosignArtifacts {
    let artifacts = cache.get(repo);
    if (artifacts === undefined) {
        artifacts = { tags: new Map(), manifests: new Map(), blobs: new Map() };
        if (repo.signing !== 'none') {
            const key = repo.signing === 'bad' ? ctx.cosign.wrongPrivateKey : ctx.cosign.privateKey;
            for (const image of repoImages(repo).tags.values()) {
                addSignature(artifacts, `${ctx.urls.registry}/${fullName(repo)}`, image.top.digest, key);
            }
        }
        cache.set(repo, artifacts);
    }
    return artifacts;
}

function addSignature(into: CosignArtifacts, reference: string, digest: string, key: CosignKeys['privateKey']): void {
    const payload = Buffer.from(
        JSON.stringify({
            critical: {
                identity: { 'docker-reference': reference },
                image: { 'docker-manifest-digest': digest },
                type: 'cosign container image signature',
            },
            optional: null,
        }),
    );
    const signature = sign('sha256', payload, key).toString('base64');
    const payloadDigest = digestOf(payload);
    const config = Buffer.from(
        JSON.stringify({
            architecture: '',
            config: {},
            created: '0001-01-01T00:00:00Z',
            history: [{ created: '0001-01-01T00:00:00Z' }],
            os: '',
            rootfs: { type: 'layers', diff_ids: [payloadDigest] },
        }),
    );
    const configDigest = digestOf(config);
    const manifest = Buffer.from(
        JSON.stringify({
            schemaVersion: 2,
            mediaType: MEDIA.ociManifest,
            config: { mediaType: MEDIA.ociConfig, size: config.length, digest: configDigest },
            layers: [
                {
                    mediaType: SIMPLE_SIGNING,
                    size: payload.length,
                    digest: payloadDigest,
                    annotations: { 'dev.cosignproject.cosign/signature': signature },
                },
            ],
        }),
    );
    const stored: StoredManifest = { mediaType: MEDIA.ociManifest, bytes: manifest, digest: digestOf(manifest) };
    into.blobs.set(payloadDigest, payload);
    into.blobs.set(configDigest, config);
    into.manifests.set(stored.digest, stored);
    into.tags.set(`${digest.replace(':', '-')}.sig`, stored);
}
