/**
 * Verifies an OpenSSF Model Signing (OMS) signature over a model directory, in the order model_signing does it
 * (`verifying.py`): the bundle, the signature with the leaf certificate chained to a given root (or with a given
 * public key), the signed statement, then every file's SHA-256 against it and the set of files. Only `node:crypto`:
 * no Python, no Sigstore trust root, works offline. Research: research/next-anchors.md §C.
 */
import type { KeyObject, X509Certificate } from 'node:crypto';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import {
    fail,
    IN_TOTO_PAYLOAD_TYPE,
    MAX_BUNDLE_BYTES,
    ModelCheckError,
    parseBundle,
    type ParsedBundle,
} from './bundle';
import { certificateName, verifyCertificateChain } from './certificates';
import { hashForKey, pae, paeCompat, verifyEcdsa } from './dsse';
import { hashModelFiles, type HashProgress } from './hashFiles';
import { GIT_PATHS, listModelFiles, type ModelFile } from './modelFiles';
import type { ModelSigner, ModelSignFailure, ModelVerification } from './result';
import { parseStatement } from './statement';

export interface VerifyModelOptions {
    /** The bundle file (`result.sigstore`, `model.sig`, `*.oms.sig`). */
    signaturePath: string;
    /** Certificate mode: roots (and optionally intermediates) to trust. */
    trustAnchors?: readonly X509Certificate[];
    /** Key mode: the signer's EC public key. Takes precedence over certificates in the bundle. */
    publicKey?: KeyObject;
    /** Files not covered by the signature pass (listed in `unsignedFiles`) instead of failing `extraFile`. */
    ignoreUnsignedFiles?: boolean;
    /** More model-relative paths to leave out. */
    ignorePaths?: readonly string[];
    /**
     * A partial download (`--include`/`--exclude`): signed files for which this is true and that are absent are
     * listed in `notChecked` instead of failing `missingFile`. A present file is always checked.
     */
    notDownloaded?: (name: string) => boolean;
    /** Leave out `.git`, `.gitattributes`, `.github`, `.gitignore` at the top (default true, as the reference). */
    ignoreGitPaths?: boolean;
    concurrency?: number;
    /** Total bytes from which hashing moves to worker threads (see {@link hashModelFiles}). */
    threadThreshold?: number;
    signal?: AbortSignal;
    onProgress?: (event: HashProgress) => void;
}

/**
 * The verdict on `modelDir`. Never throws for a verification failure (those are in the result, each naming its check
 * and file); throws for cancellation and for a `modelDir` that cannot be listed.
 */
export async function verifyModel(modelDir: string, options: VerifyModelOptions): Promise<ModelVerification> {
    const result: ModelVerification = {
        verified: false,
        failures: [],
        signaturePath: options.signaturePath,
        filesVerified: 0,
        unsignedFiles: [],
        notChecked: [],
        bytesHashed: 0,
    };
    let manifest;
    try {
        const bundle = parseBundle(await readSignature(options.signaturePath));
        result.mediaType = bundle.mediaType;
        if (bundle.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
            fail('payloadType', 'the envelope does not carry an in-toto statement', {
                expected: IN_TOTO_PAYLOAD_TYPE,
                actual: bundle.payloadType,
            });
        }
        result.signer = checkSignature(bundle, options);
        manifest = parseStatement(bundle.payload);
        result.predicateType = manifest.predicateType;
        result.modelName = manifest.modelName;
    } catch (error) {
        if (ModelCheckError.is(error)) {
            result.failures.push(error.failure);
            return result;
        }
        throw error;
    }

    const ignorePaths = [...manifest.ignorePaths, ...(options.ignorePaths ?? [])];
    if (options.ignoreGitPaths ?? true) {
        ignorePaths.push(...GIT_PATHS);
    }
    const signatureInside = path.relative(path.resolve(modelDir), path.resolve(options.signaturePath));
    if (!signatureInside.startsWith('..') && !path.isAbsolute(signatureInside)) {
        ignorePaths.push(signatureInside.split(path.sep).join('/'));
    }
    const listing = await listModelFiles(modelDir, {
        ignorePaths,
        allowSymlinks: manifest.allowSymlinks,
        signal: options.signal,
    });
    const failures: ModelSignFailure[] = [];
    const toHash: ModelFile[] = [];
    const unusable = new Map(listing.problems.map((p) => [p.file ?? '', p]));
    for (const [name, digest] of manifest.files) {
        const file = listing.files.get(name);
        const problem = unusable.get(name);
        if (problem) {
            failures.push(problem);
        } else if (file) {
            toHash.push(file);
        } else if (options.notDownloaded?.(name)) {
            result.notChecked.push(name);
        } else {
            failures.push({
                check: 'missingFile',
                file: name,
                message: 'signed but not in the directory',
                expected: digest,
            });
        }
    }
    const extras = [...listing.files.keys(), ...unusable.keys()].filter((name) => !manifest.files.has(name));
    if (options.ignoreUnsignedFiles) {
        result.unsignedFiles = extras.sort();
    } else {
        for (const name of extras) {
            failures.push(
                unusable.get(name) ?? { check: 'extraFile', file: name, message: 'not covered by the signature' },
            );
        }
    }

    for (const digest of await hashModelFiles(toHash, options)) {
        const expected = manifest.files.get(digest.name) ?? '';
        if ('error' in digest) {
            failures.push({ check: 'fileRead', file: digest.name, message: digest.error });
            continue;
        }
        result.bytesHashed += digest.size;
        if (digest.sha256 === expected) {
            result.filesVerified++;
        } else {
            failures.push({
                check: 'fileDigest',
                file: digest.name,
                message: 'the content differs from the signed SHA-256',
                expected,
                actual: digest.sha256,
            });
        }
    }
    result.failures = failures.sort(
        (a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.check.localeCompare(b.check),
    );
    result.verified = failures.length === 0;
    return result;
}

async function readSignature(file: string): Promise<string> {
    let size: number;
    try {
        size = (await stat(file)).size;
    } catch (error) {
        return fail(
            'bundle',
            `cannot read the signature file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        );
    }
    if (size > MAX_BUNDLE_BYTES) {
        fail('bundle', `the signature file is ${size} bytes, more than the ${MAX_BUNDLE_BYTES} accepted`);
    }
    return readFile(file, 'utf8');
}

/** Checks the DSSE signature with the given key, or with the bundle's leaf after its chain checks out. */
function checkSignature(bundle: ParsedBundle, options: VerifyModelOptions): ModelSigner {
    const { material } = bundle;
    if (options.publicKey) {
        const key = options.publicKey;
        const hash = hashForKey(key, 'publicKey');
        const fingerprint = createHash('sha256')
            .update(key.export({ type: 'spki', format: 'pem' }))
            .digest('hex');
        if (material.kind === 'publicKey' && material.hint && material.hint.toLowerCase() !== fingerprint) {
            fail('publicKey', 'the bundle names another public key (publicKey.hint)', {
                expected: material.hint,
                actual: fingerprint,
            });
        }
        const ok =
            verifyEcdsa(key, hash, pae(bundle.payloadType, bundle.payload), bundle.signature) ||
            verifyEcdsa(key, hash, paeCompat(bundle.payloadType, bundle.payload), bundle.signature);
        if (!ok) {
            fail('signature', 'the signature does not verify with the given public key');
        }
        return { kind: 'publicKey', sha256: fingerprint };
    }
    if (material.kind === 'publicKey') {
        return fail('publicKey', 'the bundle was signed with a bare key: give its public key to verify it');
    }
    const anchors = options.trustAnchors ?? [];
    if (anchors.length === 0) {
        return fail('certificateChain', 'no root certificate was given to check the signing certificate against');
    }
    const trusted = verifyCertificateChain(material.chain, anchors);
    const leaf = trusted.path[0] ?? material.chain[0];
    if (!leaf) {
        return fail('certificateChain', 'the bundle has no certificate');
    }
    const hash = hashForKey(leaf.publicKey, 'signature');
    if (!verifyEcdsa(leaf.publicKey, hash, pae(bundle.payloadType, bundle.payload), bundle.signature)) {
        fail('signature', `the signature does not verify with the key of ${certificateName(leaf)}`);
    }
    return {
        kind: 'certificate',
        subject: certificateName(leaf),
        issuer: leaf.issuer.split('\n').join(', '),
        chain: trusted.path.map(certificateName),
        root: certificateName(trusted.path[trusted.path.length - 1] ?? leaf),
        signedAt: trusted.signedAt,
    };
}
