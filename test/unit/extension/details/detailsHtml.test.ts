import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createNonce, detailsHtml } from '../../../../src/extension/details/detailsHtml';

const uris = {
    cspSource: 'https://webview.test',
    script: 'https://webview.test/main.js',
    style: 'https://webview.test/main.css',
    codicons: 'https://webview.test/codicon.css',
};

describe('detailsHtml (unit)', () => {
    it("Should default to 'none' and allow scripts only by the page's nonce", () => {
        const html = detailsHtml(uris, 'NONCE123');
        const csp = /content="([^"]+)"/.exec(html)?.[1] ?? '';
        assert.match(csp, /^default-src 'none'; /);
        assert.match(csp, /script-src 'nonce-NONCE123'(;|$)/);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https:\s|\*/);
        const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1] ?? '');
        assert.equal(scripts.length, 1);
        assert.match(scripts[0] ?? '', /nonce="NONCE123"/);
    });

    it('Should never let remote images in (img-src is the bundle origin and data: only)', () => {
        const csp = /content="([^"]+)"/.exec(detailsHtml(uris, 'n'))?.[1] ?? '';
        assert.match(csp, /img-src https:\/\/webview\.test data:/);
    });

    it('Should make a fresh 128-bit nonce every time', () => {
        const a = createNonce();
        assert.equal(Buffer.from(a, 'base64').length, 16);
        assert.notEqual(a, createNonce());
    });
});
