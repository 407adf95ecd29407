import { parsePlatform, type Platform } from '../core/registry/platform';
import { parseReference, type ImageReference } from '../core/registry/reference';
import type { CliContext } from './command';

/**
 * Argument parsers the commands share. A value core cannot parse throws core's own typed error, which the failure
 * map (`core/diagnose`) reports as bad input: exit 2 with the command's usage.
 */

/** An image on the command line: no host means the NGC registry; no tag and no digest means `latest`. */
export function imageArg(text: string, ctx: CliContext): ImageReference {
    const ref = parseReference(text, { semantics: 'ngc', defaultRegistry: ctx.env.endpoints.registry });
    return ref.tag === undefined && ref.digest === undefined ? { ...ref, tag: 'latest' } : ref;
}

/** `--platform OS/ARCH[/VARIANT]`, or undefined when the option is absent. */
export function platformArg(value: unknown): Platform | undefined {
    return typeof value === 'string' ? parsePlatform(value) : undefined;
}
