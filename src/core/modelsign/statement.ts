/**
 * The signed in-toto statement of an OMS signature, turned into the list of files and digests to check. Two shapes
 * exist (model_signing `_signing/signing.py`): v1.0 lists files under `predicate.resources` with one subject whose
 * digest is SHA-256 over the raw resource digests in listed order; the older v0.1 (`Digests/v0.1`, signed by
 * model_signing 0.2) lists one subject per file. Extra predicate fields are ignored, as v1.0 says verifiers must.
 * Names are strict: they become paths we open, so anything that could leave the model directory is refused.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { fail } from './bundle';

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const PREDICATE_V1 = 'https://model_signing/signature/v1.0';
export const PREDICATE_V01 = 'https://model_signing/Digests/v0.1';

export interface SignedManifest {
    predicateType: string;
    /** The directory name at signing time (informational: NGC downloads land under another name). */
    modelName: string | undefined;
    allowSymlinks: boolean;
    /** Paths the signer ignored (relative to the model), ignored again when hashing. */
    ignorePaths: string[];
    /** Model-relative POSIX path → lowercase hex SHA-256. */
    files: Map<string, string>;
}

const hex = z.string().regex(/^[0-9a-fA-F]+$/, 'not hex');

const v1Schema = z.object({
    subject: z.array(z.object({ name: z.string(), digest: z.object({ sha256: hex }) })),
    predicate: z.object({
        serialization: z.object({
            method: z.string(),
            hash_type: z.string(),
            // model_signing writes a boolean; its own compat shim writes the string "false".
            allow_symlinks: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
            ignore_paths: z.array(z.string()).optional(),
        }),
        resources: z.array(z.object({ name: z.string(), algorithm: z.string(), digest: hex })),
    }),
});

const v01Schema = z.object({
    subject: z.array(z.object({ name: z.string(), digest: z.object({ sha256: hex }) })).min(1),
});

const headSchema = z.object({ _type: z.string(), predicateType: z.string() });

/** A model-relative POSIX path with no `.`/`..`/empty segment, no backslash, no NUL, not absolute. */
export function isSafeRelativePath(name: string): boolean {
    return (
        name.length > 0 &&
        !name.startsWith('/') &&
        !/[\\\0]/.test(name) &&
        name.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..')
    );
}

function schemaFailure(error: z.ZodError): never {
    const issue = error.issues[0];
    return fail(
        'statement',
        `the signed statement is malformed: ${issue?.path.join('.') || '(top)'}: ${issue?.message}`,
    );
}

/** Parses the verified payload bytes. Fails `statement`, `rootDigest` or `unsupported`. */
export function parseStatement(payload: Buffer): SignedManifest {
    let json: unknown;
    try {
        json = JSON.parse(payload.toString('utf8'));
    } catch {
        fail('statement', 'the signed payload is not JSON');
    }
    const head = headSchema.safeParse(json);
    if (!head.success) {
        schemaFailure(head.error);
    }
    if (head.data._type !== STATEMENT_TYPE) {
        fail('statement', 'the payload is not an in-toto v1 statement', {
            expected: STATEMENT_TYPE,
            actual: head.data._type,
        });
    }
    if (head.data.predicateType === PREDICATE_V01) {
        const parsed = v01Schema.safeParse(json);
        if (!parsed.success) {
            schemaFailure(parsed.error);
        }
        const entries = parsed.data.subject.map((s) => ({
            name: s.name,
            algorithm: 'sha256',
            digest: s.digest.sha256,
        }));
        return {
            predicateType: PREDICATE_V01,
            modelName: undefined,
            allowSymlinks: false,
            ignorePaths: [],
            files: toFiles(entries),
        };
    }
    if (head.data.predicateType !== PREDICATE_V1) {
        fail('statement', 'unknown OMS predicate type', {
            expected: `${PREDICATE_V1} | ${PREDICATE_V01}`,
            actual: head.data.predicateType,
        });
    }
    const parsed = v1Schema.safeParse(json);
    if (!parsed.success) {
        schemaFailure(parsed.error);
    }
    const { subject, predicate } = parsed.data;
    const [model, ...others] = subject;
    if (!model || others.length > 0) {
        fail('statement', `a v1.0 statement has exactly one subject, this one has ${subject.length}`);
    }
    const root = createHash('sha256');
    for (const r of predicate.resources) {
        root.update(Buffer.from(r.digest, 'hex'));
    }
    const computed = root.digest('hex');
    if (computed !== model.digest.sha256.toLowerCase()) {
        fail('rootDigest', 'the listed file digests do not hash to the signed root digest', {
            expected: model.digest.sha256.toLowerCase(),
            actual: computed,
        });
    }
    const { method, hash_type: hashType } = predicate.serialization;
    if (method !== 'files') {
        fail(
            'unsupported',
            `the model was hashed by "${method}" (e.g. shards); only per-file hashing ("files") is supported`,
        );
    }
    if (hashType !== 'sha256') {
        fail('unsupported', `the files were hashed with ${hashType}; only sha256 is supported`);
    }
    const allow = predicate.serialization.allow_symlinks;
    return {
        predicateType: PREDICATE_V1,
        modelName: model.name,
        allowSymlinks: allow === true || allow === 'true',
        ignorePaths: predicate.serialization.ignore_paths ?? [],
        files: toFiles(predicate.resources),
    };
}

function toFiles(entries: readonly { name: string; algorithm: string; digest: string }[]): Map<string, string> {
    if (entries.length === 0) {
        fail('statement', 'the signature lists no files');
    }
    const files = new Map<string, string>();
    for (const e of entries) {
        if (!isSafeRelativePath(e.name)) {
            fail('statement', 'a signed file name is not a safe relative path', { file: e.name });
        }
        if (e.algorithm !== 'sha256') {
            fail('unsupported', `the file was hashed with ${e.algorithm}; only sha256 is supported`, { file: e.name });
        }
        if (e.digest.length !== 64) {
            fail('statement', `a SHA-256 digest has 64 hex digits, this one ${e.digest.length}`, { file: e.name });
        }
        if (files.has(e.name)) {
            fail('statement', 'the file is listed twice', { file: e.name });
        }
        files.set(e.name, e.digest.toLowerCase());
    }
    return files;
}
