/**
 * Image references: `[HOST[:PORT]/]PATH[:TAG][@ALGO:HEX]`, following the grammar of CNCF distribution's
 * `reference` package. Two meanings of "no host": on the command line `nvidia/pytorch:25.03-py3` means the NGC
 * registry (DESIGN.md, CLI contract); inside a Dockerfile it keeps Docker's meaning (Docker Hub, `library/` for
 * single names), so `pin` never mistakes `ubuntu:22.04` for an NGC image.
 */

export interface ImageReference {
    /** `host[:port]`, host lowercased (DNS is case-insensitive); `docker.io` for Docker Hub. */
    registry: string;
    /** Repository path, e.g. `nvidia/pytorch`, `nvidia/tao/tao-toolkit`, `library/ubuntu`. */
    repository: string;
    tag?: string;
    /** `sha256:<64 hex>` (or another registered algorithm). */
    digest?: string;
}

export interface ParseReferenceOptions {
    /**
     * `ngc` (the CLI): no host means `defaultRegistry`, and an NGC path must be `ORG/[TEAM/]REPO`.
     * `docker` (Dockerfiles): no host means `docker.io`, and a single name gets `library/`.
     */
    semantics: 'ngc' | 'docker';
    /** The NGC registry `host[:port]` (from NGC_REGISTRY / `ngc.registry`); required for `ngc` semantics. */
    defaultRegistry?: string;
}

export const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

const MAX_NAME_LENGTH = 255;
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };
const HOST_LABEL = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;

/** A reference that does not follow the grammar; `offset`/`length` point at the bad part of `input`. */
export class InvalidReferenceError extends Error {
    override readonly name = 'InvalidReferenceError';

    constructor(
        readonly input: string,
        readonly reason: string,
        readonly offset: number,
        readonly length: number,
    ) {
        super(InvalidReferenceError.describe(input, reason, offset, length));
    }

    static is(error: unknown): error is InvalidReferenceError {
        return error instanceof InvalidReferenceError;
    }

    private static describe(input: string, reason: string, offset: number, length: number): string {
        const shown = JSON.stringify(input);
        // One column for the opening quote; escapes inside JSON.stringify would shift the caret, so only
        // draw it when the input has no characters that JSON escapes.
        const caret =
            shown.length === input.length + 2 ? `\n  ${' '.repeat(offset + 1)}${'^'.repeat(Math.max(1, length))}` : '';
        return `invalid image reference: ${reason}\n  ${shown}${caret}`;
    }
}

/**
 * Parses and normalises an image reference. Throws {@link InvalidReferenceError} naming the bad part: an
 * uppercase letter in the path, a tag with a space, a truncated digest, an empty component (`nvidia//x`), a bad
 * port. Tolerates `docker.io` aliases (`index.docker.io`, `registry-1.docker.io`) and uppercase hostnames.
 */
export function parseReference(input: string, options: ParseReferenceOptions): ImageReference {
    const fail = (reason: string, offset: number, length: number): never => {
        throw new InvalidReferenceError(input, reason, offset, length);
    };
    if (input.length === 0) {
        fail('the reference is empty', 0, 0);
    }
    const space = input.search(/\s/);
    if (space >= 0) {
        fail('whitespace is not allowed in a reference', space, 1);
    }

    let rest = input;
    let digest: string | undefined;
    const at = input.indexOf('@');
    if (at >= 0) {
        digest = input.slice(at + 1);
        rest = input.slice(0, at);
        checkDigest(digest, at + 1, fail);
    }

    let tag: string | undefined;
    const lastSlash = rest.lastIndexOf('/');
    const colon = rest.indexOf(':', lastSlash + 1);
    if (colon >= 0) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
        if (!TAG.test(tag)) {
            const why =
                tag.length === 0
                    ? 'the tag after ":" is empty'
                    : `tag "${tag}" is not valid (letters, digits, _ . -, up to 128, not starting with . or -)`;
            fail(why, colon + 1, tag.length);
        }
    }

    let registry: string | undefined;
    let path = rest;
    let pathOffset = 0;
    const firstSlash = rest.indexOf('/');
    if (firstSlash >= 0) {
        const first = rest.slice(0, firstSlash);
        // distribution's rule: the first component is a host when it has a dot or a port or is localhost.
        // (distribution also takes an uppercase first component as a host; `Nvidia/pytorch` is far more likely a
        // typo of the org, so it is reported as an uppercase path instead.)
        if (/[.:]/.test(first) || first === 'localhost') {
            registry = checkHost(first, fail);
            path = rest.slice(firstSlash + 1);
            pathOffset = firstSlash + 1;
        }
    }
    checkPath(path, pathOffset, fail);
    if (path.length + (registry ? registry.length + 1 : 0) > MAX_NAME_LENGTH) {
        fail(`the name is longer than ${MAX_NAME_LENGTH} characters`, 0, rest.length);
    }

    let repository = path;
    if (registry === undefined) {
        if (options.semantics === 'docker') {
            registry = DOCKER_HUB;
        } else {
            if (!options.defaultRegistry) {
                throw new Error('parseReference: defaultRegistry is required for NGC semantics');
            }
            registry = normaliseHost(options.defaultRegistry);
            const parts = path.split('/').length;
            if (parts < 2 || parts > 3) {
                fail(
                    `an NGC image is ORG/[TEAM/]REPO, got ${parts} path component${parts === 1 ? '' : 's'}`,
                    pathOffset,
                    path.length,
                );
            }
        }
    }
    if (DOCKER_HUB_ALIASES.has(registry)) {
        registry = DOCKER_HUB;
        if (!repository.includes('/')) {
            repository = `library/${repository}`;
        }
    }
    return { registry, repository, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}

/** `registry/repository[:tag][@digest]`, the fully qualified form that {@link parseReference} reads back unchanged. */
export function formatReference(ref: ImageReference): string {
    return `${ref.registry}/${ref.repository}${ref.tag === undefined ? '' : `:${ref.tag}`}${ref.digest === undefined ? '' : `@${ref.digest}`}`;
}

/** `registry/repository`: the part that names a repository, without tag or digest. */
export function repositoryName(ref: Pick<ImageReference, 'registry' | 'repository'>): string {
    return `${ref.registry}/${ref.repository}`;
}

/** Lowercases the host part of `host[:port]` so `NVCR.IO` and `nvcr.io` compare equal. */
export function normaliseHost(host: string): string {
    const lower = host.toLowerCase();
    return DOCKER_HUB_ALIASES.has(lower) ? DOCKER_HUB : lower;
}

/** True when `value` is a well-formed digest (`sha256:` followed by 64 lowercase hex digits, or similar). */
export function isDigest(value: string): boolean {
    try {
        checkDigest(value, 0, (reason) => {
            throw new Error(reason);
        });
        return true;
    } catch {
        return false;
    }
}

type Fail = (reason: string, offset: number, length: number) => never;

function checkDigest(digest: string, offset: number, fail: Fail): void {
    if (!DIGEST.test(digest)) {
        fail(`digest "${digest}" is not ALGORITHM:HEX (e.g. sha256: and 64 hex digits)`, offset, digest.length);
    }
    const [algorithm = '', hex = ''] = digest.split(':');
    const expected = DIGEST_HEX_LENGTH[algorithm];
    if (expected !== undefined) {
        if (!/^[a-f0-9]+$/.test(hex)) {
            fail(`a ${algorithm} digest is lowercase hex`, offset + algorithm.length + 1, hex.length);
        }
        if (hex.length !== expected) {
            fail(
                `a ${algorithm} digest has ${expected} hex digits, this one has ${hex.length}`,
                offset + algorithm.length + 1,
                hex.length,
            );
        }
    }
}

function checkHost(host: string, fail: Fail): string {
    let name = host;
    let port: string | undefined;
    const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(.*))?$/.exec(host);
    if (bracketed) {
        port = bracketed[2];
    } else {
        const colon = host.lastIndexOf(':');
        if (colon >= 0) {
            name = host.slice(0, colon);
            port = host.slice(colon + 1);
        }
        const labels = name.split('.');
        const badLabel = labels.findIndex((label) => !HOST_LABEL.test(label));
        if (badLabel >= 0) {
            const offset = labels.slice(0, badLabel).reduce((n, l) => n + l.length + 1, 0);
            fail(`registry host "${host}" is not a valid host name`, offset, (labels[badLabel] ?? '').length || 1);
        }
    }
    if (port !== undefined && !/^\d{1,5}$/.test(port)) {
        fail(`registry port "${port}" is not a number`, host.length - port.length, port.length || 1);
    }
    return normaliseHost(host);
}

function checkPath(path: string, offset: number, fail: Fail): void {
    if (path.length === 0) {
        fail('the repository name is empty', offset, 0);
    }
    let at = offset;
    const components = path.split('/');
    for (const [index, component] of components.entries()) {
        if (component.length === 0) {
            // Point at the offending slash: the one after, or for a trailing slash the one before.
            fail(
                'empty path component (two slashes, or a slash at the start or end)',
                index === components.length - 1 ? at - 1 : at,
                1,
            );
        }
        if (!COMPONENT.test(component)) {
            const upper = /[A-Z]/.exec(component);
            const why = upper
                ? `repository names are lowercase; "${component}" has "${upper[0]}"`
                : `"${component}" is not a valid repository path component (lowercase letters and digits, joined by . _ __ or -)`;
            fail(why, at, component.length);
        }
        at += component.length + 1;
    }
}
