/**
 * Makes OMS signatures the way model_signing 1.x does (`sign certificate` / `sign key`): an in-toto v1 statement
 * with predicate `signature/v1.0` (resources sorted by name, root digest = SHA-256 over the raw digests), wrapped in
 * a DSSE envelope signed with ECDSA over the PAE, in a v0.3 Sigstore bundle carrying the certificate chain (leaf
 * first) or a public-key hint. Used by the simulator, the tests and the bench; the product only verifies.
 */
import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { SIM_INTERMEDIATE_CERT_PEM, SIM_LEAF_CERT_PEM, SIM_LEAF_KEY_PEM, SIM_ROOT_CERT_PEM } from './simCa.js';

export interface OmsSigningKey {
    privateKey: KeyObject;
    /** PEM certificates, leaf first: certificate mode. Absent: key mode (`publicKey.hint`). */
    chainPem?: string[];
}

export interface OmsResource {
    name: string;
    sha256: string;
}

export interface StatementOptions {
    ignorePaths?: string[];
    /** Overrides for negative tests. */
    method?: string;
    hashType?: string;
    algorithm?: string;
}

/** The simulator's signing identity: its P-384 leaf with the intermediate and root in the bundle, like NVIDIA's. */
export function simSigningKey(): OmsSigningKey {
    return {
        privateKey: createPrivateKey(SIM_LEAF_KEY_PEM),
        chainPem: [SIM_LEAF_CERT_PEM, SIM_INTERMEDIATE_CERT_PEM, SIM_ROOT_CERT_PEM],
    };
}

/** The statement bytes for `resources` (sorted here, as the reference canonicalises them). */
export function omsStatement(
    modelName: string,
    resources: readonly OmsResource[],
    options: StatementOptions = {},
): Buffer {
    const sorted = [...resources].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const root = createHash('sha256');
    for (const r of sorted) {
        root.update(Buffer.from(r.sha256, 'hex'));
    }
    const statement = {
        _type: 'https://in-toto.io/Statement/v1',
        subject: [{ name: modelName, digest: { sha256: root.digest('hex') } }],
        predicateType: 'https://model_signing/signature/v1.0',
        predicate: {
            serialization: {
                method: options.method ?? 'files',
                hash_type: options.hashType ?? 'sha256',
                allow_symlinks: false,
                ignore_paths: options.ignorePaths ?? ['.git', '.gitattributes', '.github', '.gitignore'],
            },
            resources: sorted.map((r) => ({
                name: r.name,
                algorithm: options.algorithm ?? 'sha256',
                digest: r.sha256,
            })),
        },
    };
    return Buffer.from(JSON.stringify(statement, null, 2));
}

const HASH_BY_CURVE: Record<string, string> = { prime256v1: 'sha256', secp384r1: 'sha384', secp521r1: 'sha512' };

/** A v0.3 bundle (JSON text) signing `payload`. `payloadType` is signed as given (for negative tests). */
export function signOmsBundle(
    payload: Buffer,
    key: OmsSigningKey,
    payloadType = 'application/vnd.in-toto+json',
): string {
    const typeBytes = Buffer.from(payloadType);
    const pae = Buffer.concat([Buffer.from(`DSSEv1 ${typeBytes.length} ${payloadType} ${payload.length} `), payload]);
    const curve = key.privateKey.asymmetricKeyDetails?.namedCurve ?? '';
    const sig = sign(HASH_BY_CURVE[curve] ?? 'sha256', pae, { key: key.privateKey, dsaEncoding: 'der' });
    const spkiPem = createPublicKey(key.privateKey).export({ type: 'spki', format: 'pem' });
    const verificationMaterial = key.chainPem
        ? {
              x509CertificateChain: {
                  certificates: key.chainPem.map((pem) => ({ rawBytes: pemToDer(pem).toString('base64') })),
              },
              tlogEntries: [],
          }
        : { publicKey: { hint: createHash('sha256').update(spkiPem).digest('hex') }, tlogEntries: [] };
    const bundle = {
        mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
        verificationMaterial,
        dsseEnvelope: {
            payload: payload.toString('base64'),
            payloadType,
            signatures: [{ sig: sig.toString('base64'), keyid: '' }],
        },
    };
    return JSON.stringify(bundle);
}

function pemToDer(pem: string): Buffer {
    return Buffer.from(pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

/** SHA-256 (hex) of every regular file below `dir`, except `exclude` (top-level names) and the git paths. */
export async function digestDirectory(dir: string, exclude: readonly string[] = []): Promise<OmsResource[]> {
    const skip = new Set([...exclude, '.git', '.gitattributes', '.github', '.gitignore']);
    const out: OmsResource[] = [];
    const walk = async (rel: string): Promise<void> => {
        for (const entry of await readdir(path.join(dir, rel), { withFileTypes: true })) {
            const name = rel ? `${rel}/${entry.name}` : entry.name;
            if (!rel && skip.has(entry.name)) {
                continue;
            }
            if (entry.isDirectory()) {
                await walk(name);
            } else if (entry.isFile()) {
                const hash = createHash('sha256');
                for await (const chunk of createReadStream(path.join(dir, name))) {
                    hash.update(chunk as Buffer);
                }
                out.push({ name, sha256: hash.digest('hex') });
            }
        }
    };
    await walk('');
    return out;
}

/** Signs the directory as `model_signing sign … --signature <dir>/<signatureName>` would; returns the bundle text. */
export async function signModelDirectory(
    dir: string,
    key: OmsSigningKey,
    signatureName = 'model.sig',
    options: StatementOptions = {},
): Promise<string> {
    const resources = await digestDirectory(dir, [signatureName]);
    return signOmsBundle(omsStatement(path.basename(dir), resources, options), key);
}
