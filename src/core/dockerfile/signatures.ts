/**
 * What the editor says about a FROM line's signature. NGC's listing flag (`isSigned`) and a cosign `.sig` tag only
 * say a signature exists, not that it verifies: that is "signed (unverified)" until the user runs Verify, whose
 * verdict (about the digest it checked) then wins for the lines that build from that digest.
 */
import type { ArtifactRef } from '../ngc/artifactRef';
import { normaliseHost, type ImageReference } from '../registry/reference';
import type { LineAnalysis } from './lineAnalysis';

/** A Verify verdict: the digest checked and what was found. */
export interface SignatureCheck {
    state: 'verified' | 'unsigned' | 'invalid';
    digest: string;
}

/** Verify verdicts of this session by NGC repository (`org/[team/]name`) and tag. */
export type SignatureChecks = (repo: ArtifactRef, tag: string) => SignatureCheck | undefined;

export type SignatureState = 'verified' | 'invalid' | 'unsigned' | 'signed' | 'unknown';

const TEXT: Record<SignatureState, string> = {
    verified: 'signature verified ✓',
    invalid: 'signature invalid ✗',
    unsigned: 'not signed',
    signed: 'signed (unverified)',
    unknown: 'signature unknown',
};

/**
 * The signature state of an analysed line: a Verify verdict when one was made on a digest the line is about (what
 * its tag points at, the digest it is pinned to or should be), else the catalog's flag (`signedHint`: the inspection's
 * or the listing's), else unknown.
 */
export function signatureOf(
    a: LineAnalysis,
    ngcRepo: ArtifactRef | undefined,
    checks: SignatureChecks | undefined,
    signedHint: boolean | undefined = a.listed?.signed,
): { state: SignatureState; text: string } {
    const tag = a.line.ref?.tag;
    const check = ngcRepo && tag !== undefined ? checks?.(ngcRepo, tag) : undefined;
    const digests = [a.tag?.ok ? a.tag.value.digest : undefined, a.line.pinned, a.expected];
    const state: SignatureState =
        check && digests.includes(check.digest)
            ? check.state
            : signedHint === undefined
              ? 'unknown'
              : signedHint
                ? 'signed'
                : 'unsigned';
    return { state, text: TEXT[state] };
}

/**
 * The NGC repository of an image on the NGC registry (`nvcr.io/nvidia/tao/tao-toolkit` → nvidia, tao, tao-toolkit),
 * for the details panel, Verify verdicts and the catalog; undefined on other registries (a mirror's path is not an
 * NGC name) and for paths NGC does not have (one part, or more than org/team/name).
 */
export function ngcRepoOf(ref: ImageReference | undefined, ngcRegistry: string): ArtifactRef | undefined {
    if (ref === undefined || ref.registry !== normaliseHost(ngcRegistry)) {
        return undefined;
    }
    const parts = ref.repository.split('/');
    if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) {
        return undefined;
    }
    const [org, team, name] = parts.length === 3 ? parts : [parts[0], undefined, parts[1]];
    return org && name ? { org, ...(team ? { team } : {}), name } : undefined;
}
