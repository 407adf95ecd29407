import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isPubliclyListed } from '../../../../src/core/catalog/ngcSearch';

describe('public catalog listing (unit)', () => {
    it('Should list public items and entitlement-gated items, which NGC lists publicly', () => {
        assert.ok(isPubliclyListed({ isPublic: true, labels: {}, attributes: {} }));
        assert.ok(isPubliclyListed({ isPublic: undefined, labels: {}, attributes: {} }));
        assert.ok(
            isPubliclyListed({ isPublic: false, labels: { productNames: ['nv-ai-enterprise'] }, attributes: {} }),
        );
        assert.ok(isPubliclyListed({ isPublic: false, labels: {}, attributes: { accessType: 'LISTED' } }));
    });

    it("Should leave a private org's items (not listed, no product) out of the public catalog", () => {
        assert.equal(
            isPubliclyListed({ isPublic: false, labels: {}, attributes: { accessType: 'NOT_LISTED' } }),
            false,
        );
        assert.equal(isPubliclyListed({ isPublic: false, labels: { productNames: [] }, attributes: {} }), false);
    });
});
