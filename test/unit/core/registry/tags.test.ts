import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignatureTag, nextLink } from '../../../../src/core/registry/tags';

const HEX = '0123456789abcdef'.repeat(4);

describe('tags (unit)', () => {
    it('Should recognise cosign signature, attestation and SBOM tags, and nothing else', () => {
        assert.ok(isSignatureTag(`sha256-${HEX}.sig`));
        assert.ok(isSignatureTag(`sha256-${HEX}.att`));
        assert.ok(isSignatureTag(`sha256-${HEX}.sbom`));
        assert.ok(!isSignatureTag('25.03-py3'));
        assert.ok(!isSignatureTag(`sha256-${HEX.slice(1)}.sig`));
        assert.ok(!isSignatureTag(`sha256-${HEX}.sig2`));
    });

    it("Should follow distribution's relative next link", () => {
        const link = '</v2/nvidia/cuda/tags/list?n=20&last=12.1>; rel="next"';
        assert.equal(nextLink(link, 'http://127.0.0.1:5000', 'nvidia/cuda'), 'tags/list?n=20&last=12.1');
    });

    it('Should follow an absolute link on the same origin and pick rel=next among several links', () => {
        const link =
            '<https://r.example/v2/a/b/tags/list?n=1>; rel="prev", <https://r.example/v2/a/b/tags/list?last=x&n=1>; rel=next';
        assert.equal(nextLink(link, 'https://r.example', 'a/b'), 'tags/list?last=x&n=1');
    });

    it('Should ignore a link to another origin or repository, and no link at all', () => {
        assert.equal(
            nextLink('<https://evil.example/v2/a/b/tags/list?n=1>; rel="next"', 'https://r.example', 'a/b'),
            undefined,
        );
        assert.equal(nextLink('</v2/other/tags/list?n=1>; rel="next"', 'https://r.example', 'a/b'), undefined);
        assert.equal(nextLink(undefined, 'https://r.example', 'a/b'), undefined);
        assert.equal(nextLink('</v2/a/b/tags/list?n=1>; rel="prev"', 'https://r.example', 'a/b'), undefined);
    });
});
