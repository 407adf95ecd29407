import type { DatedTagLister } from '../../core/dockerfile/update';
import { listTags, parseRepoRef } from '../../core/ngc/repos';
import { normaliseHost } from '../../core/registry/reference';
import type { CliContext } from '../command';

/**
 * Tags with dates for `pin --update`. The registry's `tags/list` has no dates, so NGC repositories are listed
 * through the REST API (`…/repos/{repo}/images`, `updatedDate` per tag), one listing per repository. Other
 * registries (a mirror named with --registry) offer no dates: their tags are pinned but never moved, and the
 * CLI says so once per repository.
 */
export function datedTagLister(ctx: CliContext): DatedTagLister {
    return async (repo, signal) => {
        if (normaliseHost(repo.registry) !== normaliseHost(ctx.env.endpoints.registry)) {
            ctx.stderr.write(
                `note: ${repo.registry}/${repo.repository}: no tag dates on this registry; its tags are pinned, not moved\n`,
            );
            return [];
        }
        const tags = await listTags(ctx.ngc, parseRepoRef(repo.repository), { signal });
        return tags.map((t) => (t.updatedDate ? { tag: t.tag, date: t.updatedDate } : { tag: t.tag }));
    };
}
