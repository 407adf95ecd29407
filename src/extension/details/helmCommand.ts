import type { CatalogRef } from '../../core/ngc/artifactRef';

/**
 * The shell lines that fetch one chart version with Helm from the configured helm host (NGC's classic repo:
 * `HOST/ORG[/TEAM]`, research/ngc-api.md §7.2). A repo that is not known public needs NGC's Basic credentials,
 * `$oauthtoken` and the key; the key is written as `"$NGC_API_KEY"` for the shell to fill in, never the key itself.
 */
export function helmCommand(helmUrl: string, ref: CatalogRef, version: string, isPublic: boolean | undefined): string {
    const base = helmUrl.replace(/\/+$/, '');
    const path = ref.team ? `${ref.org}/${ref.team}` : ref.org;
    const alias = ref.team ? `${ref.org}-${ref.team}` : ref.org;
    const credentials = isPublic === true ? '' : ` --username='$oauthtoken' --password="$NGC_API_KEY"`;
    return [
        `helm repo add ${alias} ${base}/${path}${credentials}`,
        `helm fetch ${alias}/${ref.name} --version ${version}`,
    ].join('\n');
}
