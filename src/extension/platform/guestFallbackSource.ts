import type {
    ArtifactDetails,
    ArtifactKind,
    ArtifactSummary,
    CatalogPage,
    CatalogRef,
    CatalogScope,
    CatalogSource,
    FileInfo,
    Identity,
    ImageTag,
    SearchQuery,
    VersionInfo,
} from '../../core/catalog/catalogSource';
import { HttpError } from '../../core/http/errors';
import type { Log } from '../../core/lib/log';

/**
 * The catalog with a key, where a read the key gets refused (401: revoked or expired since it was stored) is asked
 * again as a guest: the public catalog stays readable whatever the key's state. A private read fails as a guest too,
 * and then the keyed failure (which carries the key's diagnosis) is what the caller sees. Identity and teams are the
 * key's own questions and are never asked anonymously.
 */
export class GuestFallbackSource implements CatalogSource {
    constructor(
        private readonly keyed: CatalogSource,
        private readonly guest: () => CatalogSource,
        private readonly log: Log,
    ) {}

    identity(signal?: AbortSignal): Promise<Identity | undefined> {
        return this.keyed.identity(signal);
    }

    teams(org: string, signal?: AbortSignal): Promise<string[]> {
        return this.keyed.teams(org, signal);
    }

    artifacts(
        scope: CatalogScope,
        kind: ArtifactKind,
        page: number,
        signal?: AbortSignal,
    ): Promise<CatalogPage<ArtifactSummary>> {
        return this.read((s) => s.artifacts(scope, kind, page, signal));
    }

    tags(ref: CatalogRef, page: number, signal?: AbortSignal): Promise<CatalogPage<ImageTag>> {
        return this.read((s) => s.tags(ref, page, signal));
    }

    versions(ref: CatalogRef, page: number, signal?: AbortSignal): Promise<CatalogPage<VersionInfo>> {
        return this.read((s) => s.versions(ref, page, signal));
    }

    files(ref: CatalogRef, version: string, signal?: AbortSignal): Promise<FileInfo[]> {
        return this.read((s) => s.files(ref, version, signal));
    }

    details(ref: CatalogRef, signal?: AbortSignal): Promise<ArtifactDetails> {
        return this.read((s) => s.details(ref, signal));
    }

    search(query: SearchQuery, signal?: AbortSignal): Promise<CatalogPage<ArtifactSummary>> {
        return this.read((s) => s.search(query, signal));
    }

    private async read<T>(ask: (source: CatalogSource) => Promise<T>): Promise<T> {
        try {
            return await ask(this.keyed);
        } catch (error) {
            if (!HttpError.is(error, 401)) {
                throw error;
            }
            try {
                const answer = await ask(this.guest());
                this.log.info('the key was refused (HTTP 401); read the public catalog as a guest');
                return answer;
            } catch {
                throw error;
            }
        }
    }
}
