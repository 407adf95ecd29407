/**
 * The NGC base images of a Dockerfile, as an editor needs them: for each `FROM` on the NGC registry (or a mirror the
 * user named), where its image token is, what it refers to after `ARG` defaults are expanded, which platform the
 * line asks for, and whether it is pinned. `${ARG}` images whose value is not known are reported as unknown, so the
 * editor can say so instead of guessing. Pure: no I/O.
 */
import { InvalidPlatformError, parsePlatform, type Platform } from '../registry/platform';
import { InvalidReferenceError, normaliseHost, parseReference, type ImageReference } from '../registry/reference';
import { expandArgs, globalArgs } from './buildArgs';
import { parseDockerfile, type FromInstruction } from './fromLine';

export interface BaseImageLine {
    /** 0-based line of the image token. */
    line: number;
    /** Offsets of the image token in the text (for hover ranges and edits). */
    start: number;
    end: number;
    /** The token as written (`${BASE}` stays `${BASE}`). */
    written: string;
    /** The stage name after `AS`. */
    stage: string | undefined;
    /** True when the image came from an `ARG` (edits then belong on the ARG, not the FROM line). */
    fromArg: boolean;
    /** False when the token is split by a line continuation (no edits offered). */
    editable: boolean;
    /** Set when the line's image is on a watched registry and fully known (`tag` is `latest` when omitted). */
    ref?: ImageReference;
    /** The digest the line is pinned to, when it is. */
    pinned?: string;
    /** The `--platform=` of the line, when given and understood. */
    platform?: Platform;
    /** Why the line's image or platform is unknown (an `ARG` without a value, an unparsable reference). */
    unknown?: string;
}

export interface BaseImagePolicy {
    /** The NGC registry `host[:port]`. */
    ngcRegistry: string;
    /** Mirrors treated like it. */
    extraRegistries?: readonly string[];
    /** Build arguments the user gave (`--build-arg`): they win over `ARG` defaults. */
    buildArgs?: Readonly<Record<string, string>>;
}

/**
 * The FROM lines of `text` that use the NGC registry (or a named mirror), plus `${ARG}` lines whose value is not
 * known (they might). Other registries' lines, stages and `scratch` are not returned.
 */
export function baseImageLines(text: string, policy: BaseImagePolicy): BaseImageLine[] {
    const parsed = parseDockerfile(text);
    const args = globalArgs(text);
    const registries = new Set([policy.ngcRegistry, ...(policy.extraRegistries ?? [])].map(normaliseHost));
    const out: BaseImageLine[] = [];
    for (const from of parsed.froms) {
        const line = lineOf(from, args, registries, policy.buildArgs ?? {});
        if (line !== undefined) {
            out.push(line);
        }
    }
    return out;
}

function lineOf(
    from: FromInstruction,
    args: ReadonlyMap<string, string | undefined>,
    registries: ReadonlySet<string>,
    overrides: Readonly<Record<string, string>>,
): BaseImageLine | undefined {
    const image = from.image;
    if (image === undefined || (from.kind !== 'image' && from.kind !== 'variable')) {
        return undefined;
    }
    const base = {
        line: from.line,
        start: image.start,
        end: image.end,
        written: image.text,
        stage: from.stageName,
        fromArg: from.kind === 'variable',
        editable: image.contiguous && from.kind === 'image',
    };
    const text = from.kind === 'variable' ? expandArgs(image.text, args, overrides) : image.text;
    if (text === undefined) {
        return { ...base, unknown: `${image.text} uses a build argument with no default; its image is unknown` };
    }
    let ref: ImageReference;
    try {
        ref = parseReference(text, { semantics: 'docker' });
    } catch (error) {
        if (InvalidReferenceError.is(error)) {
            return registries.has(normaliseHost(text.split('/')[0] ?? ''))
                ? { ...base, unknown: `${text}: ${error.reason}` }
                : undefined;
        }
        throw error;
    }
    if (!registries.has(ref.registry)) {
        return undefined;
    }
    const tag = ref.tag ?? (ref.digest === undefined ? 'latest' : undefined);
    const result: BaseImageLine = { ...base, ref: { ...ref, ...(tag === undefined ? {} : { tag }) } };
    if (ref.digest !== undefined) {
        result.pinned = ref.digest;
    }
    const flag = from.platform?.text;
    if (flag !== undefined) {
        const value = flag.includes('$') ? expandArgs(flag, args, overrides) : flag;
        if (value === undefined || /^\$?\{?BUILDPLATFORM|TARGETPLATFORM/.test(flag)) {
            result.unknown = `--platform=${flag} is decided at build time; facts are shown for every platform`;
        } else {
            try {
                result.platform = parsePlatform(value);
            } catch (error) {
                if (!InvalidPlatformError.is(error)) {
                    throw error;
                }
                result.unknown = `--platform=${flag} is not a platform`;
            }
        }
    }
    return result;
}
