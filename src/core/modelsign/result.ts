/** The verdict of an OpenSSF Model Signing (OMS) verification, as plain data (CLI JSON, extension, tests). */

/**
 * Which check failed. The first group is about the signature file itself (nothing is hashed when one fails); the
 * second about the files of the model.
 */
export type ModelSignCheck =
    /** The signature file is missing, too large, not JSON, or not a Sigstore bundle we understand. */
    | 'bundle'
    /** The DSSE envelope does not carry an in-toto statement (`application/vnd.in-toto+json`). */
    | 'payloadType'
    /** The ECDSA signature over the DSSE PAE does not verify with the key. */
    | 'signature'
    /** The bundle's certificates do not chain to a given root at the leaf's time, or no root/key was given. */
    | 'certificateChain'
    /** The leaf certificate may not sign code (neither KeyUsage digitalSignature nor EKU codeSigning). */
    | 'keyUsage'
    /** The given public key is unusable, or not the one the bundle names (`publicKey.hint`). */
    | 'publicKey'
    /** The signed statement is not an OMS manifest (type, predicate, names, digests). */
    | 'statement'
    /** The statement's subject digest is not the SHA-256 over its listed resource digests. */
    | 'rootDigest'
    /** A form this verifier does not implement (shard serialization, blake2/blake3 digests). */
    | 'unsupported'
    /** A file's bytes differ from the signed digest. */
    | 'fileDigest'
    /** A signed file is not in the directory. */
    | 'missingFile'
    /** A file in the directory is not covered by the signature (unless unsigned files are ignored). */
    | 'extraFile'
    /** A path the signature format forbids: a symlink (when not allowed), one leaving the model, a special file. */
    | 'fileType'
    /** A file could not be read, or changed size while it was hashed. */
    | 'fileRead';

export interface ModelSignFailure {
    check: ModelSignCheck;
    /** Model-relative POSIX path, for file checks. */
    file?: string;
    /** For people: what is wrong, without the path. */
    message: string;
    expected?: string;
    actual?: string;
}

/** Who signed: the leaf certificate's names (certificate mode) or the key's fingerprint (key mode). */
export type ModelSigner =
    | { kind: 'certificate'; subject: string; issuer: string; chain: string[]; root: string; signedAt: string }
    | { kind: 'publicKey'; sha256: string };

export interface ModelVerification {
    verified: boolean;
    /** Empty when verified. Bundle-level failures come alone; file failures are all listed, sorted by path. */
    failures: ModelSignFailure[];
    signaturePath: string;
    mediaType?: string;
    predicateType?: string;
    /** The statement's subject name (the directory name at signing time; informational). */
    modelName?: string;
    signer?: ModelSigner;
    /** Files whose digests were recomputed and matched. */
    filesVerified: number;
    /** Files present but not covered by the signature, skipped because unsigned files were ignored. */
    unsignedFiles: string[];
    /** Signed files absent because a partial download left them out on purpose (not checked, not failed). */
    notChecked: string[];
    bytesHashed: number;
}

/** One line per failure: `fileDigest: evals/config.yml: …`. */
export function describeModelFailure(f: ModelSignFailure): string {
    return `${f.check}: ${f.file ? `${f.file}: ` : ''}${f.message}`;
}

/** The failures grouped by check, in the order first seen: how many, and the first of each (for one-line summaries). */
export function failuresByCheck(
    result: ModelVerification,
): { check: ModelSignCheck; count: number; first: ModelSignFailure }[] {
    const groups = new Map<ModelSignCheck, { check: ModelSignCheck; count: number; first: ModelSignFailure }>();
    for (const f of result.failures) {
        const group = groups.get(f.check);
        if (group) {
            group.count++;
        } else {
            groups.set(f.check, { check: f.check, count: 1, first: f });
        }
    }
    return [...groups.values()];
}
