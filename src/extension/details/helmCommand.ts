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
    // The names come from the server and land in a shell: anything beyond a plain name is single-quoted.
    return [
        `helm repo add ${shellWord(alias)} ${shellWord(`${base}/${path}`)}${credentials}`,
        `helm fetch ${shellWord(`${alias}/${ref.name}`)} --version ${shellWord(version)}`,
    ].join('\n');
}

/** `word` as is when it holds only characters no shell treats specially, else in single quotes. */
export function shellWord(word: string): string {
    return /^[A-Za-z0-9._+\-/:@=,]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
