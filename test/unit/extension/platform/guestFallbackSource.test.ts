import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CatalogPage, CatalogSource, ArtifactSummary } from '../../../../src/core/catalog/catalogSource';
import { HttpError } from '../../../../src/core/http/errors';
import { nullLog } from '../../../../src/core/lib/log';
import { GuestFallbackSource } from '../../../../src/extension/platform/guestFallbackSource';

const page = (name: string): CatalogPage<ArtifactSummary> => ({
    items: [{ kind: 'container', org: 'nvidia', name }],
    page: 0,
    hasMore: false,
});

function status(code: number): HttpError {
    return new HttpError({
        kind: 'status',
        status: code,
        url: 'https://api.ngc.nvidia.com/v2/search/catalog/resources',
    });
}

/** A source whose every read answers `answer` (or throws it), counting the calls. */
function fake(answer: () => Promise<CatalogPage<ArtifactSummary>>): CatalogSource & { calls: number } {
    const source = {
        calls: 0,
        identity: () => Promise.reject(status(401)),
        teams: () => Promise.reject(status(401)),
        artifacts: () => {
            source.calls++;
            return answer();
        },
        search: () => {
            source.calls++;
            return answer();
        },
        tags: () => Promise.reject(new Error('unused')),
        versions: () => Promise.reject(new Error('unused')),
        files: () => Promise.reject(new Error('unused')),
        details: () => Promise.reject(new Error('unused')),
    };
    return source;
}

describe('GuestFallbackSource (unit)', () => {
    it('Should read the public catalog as a guest when the key is refused (401)', async () => {
        const keyed = fake(() => Promise.reject(status(401)));
        const guest = fake(() => Promise.resolve(page('pytorch')));
        const source = new GuestFallbackSource(keyed, () => guest, nullLog);
        const result = await source.search({ text: '', kind: 'container' });
        assert.deepEqual(result, page('pytorch'));
        assert.equal(keyed.calls, 1);
        assert.equal(guest.calls, 1);
    });

    it('Should use the key and never ask as a guest when the key works', async () => {
        const keyed = fake(() => Promise.resolve(page('private')));
        const guest = fake(() => Promise.resolve(page('pytorch')));
        const source = new GuestFallbackSource(keyed, () => guest, nullLog);
        assert.deepEqual(await source.artifacts({ org: 'acme' }, 'container', 0), page('private'));
        assert.equal(guest.calls, 0);
    });

    it("Should throw the key's own failure when the guest is refused too (a private org)", async () => {
        const keyedError = status(401);
        const keyed = fake(() => Promise.reject(keyedError));
        const guest = fake(() => Promise.reject(status(401)));
        const source = new GuestFallbackSource(keyed, () => guest, nullLog);
        await assert.rejects(source.artifacts({ org: 'acme' }, 'container', 0), (e) => e === keyedError);
    });

    it('Should not retry as a guest on failures other than 401 (403 entitlement, 5xx)', async () => {
        for (const code of [403, 500]) {
            const keyed = fake(() => Promise.reject(status(code)));
            const guest = fake(() => Promise.resolve(page('pytorch')));
            const source = new GuestFallbackSource(keyed, () => guest, nullLog);
            await assert.rejects(source.search({ text: '', kind: 'container' }), (e) => HttpError.is(e, code));
            assert.equal(guest.calls, 0, `no guest read after ${code}`);
        }
    });

    it('Should ask who the key is with the key only', async () => {
        const keyed = fake(() => Promise.resolve(page('x')));
        let guestBuilt = false;
        const source = new GuestFallbackSource(
            keyed,
            () => {
                guestBuilt = true;
                return keyed;
            },
            nullLog,
        );
        await assert.rejects(source.identity(), (e) => HttpError.is(e, 401));
        assert.equal(guestBuilt, false);
    });
});
