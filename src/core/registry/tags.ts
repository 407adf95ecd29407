/**
 * Tag listing helpers. Cosign stores signatures, attestations and SBOMs as tags named after the signed digest
 * (`sha256-<hex>.sig`, ngc-api.md §9.4); they are artefacts, not images, so listings hide them.
 */
const SIGNATURE_TAG = /^sha256-[a-f0-9]{64}\.(sig|att|sbom)$/;

export function isSignatureTag(tag: string): boolean {
    return SIGNATURE_TAG.test(tag);
}

/**
 * The next page from an RFC 8288 `Link` header (`</v2/x/tags/list?n=100&last=b>; rel="next"`), as a path relative
 * to `/v2/<repository>/`. distribution sends a path; some registries send an absolute URL on the same origin;
 * a link to another origin or repository is ignored (it would carry our token elsewhere).
 */
export function nextLink(header: string | undefined, baseUrl: string, repository: string): string | undefined {
    if (!header) {
        return undefined;
    }
    for (const part of header.split(/,(?=\s*<)/)) {
        const match = /^\s*<([^>]*)>(.*)$/.exec(part);
        if (!match || !/;\s*rel="?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(match[2] ?? '')) {
            continue;
        }
        const base = new URL(`${baseUrl}/v2/${repository}/`);
        const url = new URL(match[1] ?? '', base);
        const prefix = `/v2/${repository}/`;
        if (url.origin !== base.origin || !url.pathname.startsWith(prefix)) {
            return undefined;
        }
        return `${url.pathname.slice(prefix.length)}${url.search}`;
    }
    return undefined;
}
