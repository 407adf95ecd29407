import type { CatalogSource } from '../../core/catalog/catalogSource';
import { HttpError } from '../../core/http/errors';
import type { Log } from '../../core/lib/log';

/**
 * The catalog with a key, where a read the key gets refused (401: revoked or expired since it was stored) is asked
 * again as a guest: the public catalog stays readable whatever the key's state. A private read fails as a guest too,
 * and then the keyed failure (which carries the key's diagnosis) is what the caller sees. Identity and teams are the
 * key's own questions and are never asked anonymously. Each member takes its signature from `CatalogSource`.
 */
export class GuestFallbackSource implements CatalogSource {
    constructor(
        private readonly keyed: CatalogSource,
        private readonly guest: () => CatalogSource,
        private readonly log: Log,
    ) {}

    identity: CatalogSource['identity'] = (signal) => this.keyed.identity(signal);
    teams: CatalogSource['teams'] = (org, signal) => this.keyed.teams(org, signal);
    artifacts: CatalogSource['artifacts'] = (...args) => this.read((s) => s.artifacts(...args));
    tags: CatalogSource['tags'] = (...args) => this.read((s) => s.tags(...args));
    versions: CatalogSource['versions'] = (...args) => this.read((s) => s.versions(...args));
    files: CatalogSource['files'] = (...args) => this.read((s) => s.files(...args));
    details: CatalogSource['details'] = (...args) => this.read((s) => s.details(...args));
    search: CatalogSource['search'] = (...args) => this.read((s) => s.search(...args));

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
