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
        const html = detailsHtml(uris, undefined, 'NONCE123');
        const csp = /content="([^"]+)"/.exec(html)?.[1] ?? '';
        assert.match(csp, /^default-src 'none'; /);
        assert.match(csp, /script-src 'nonce-NONCE123'(;|$)/);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https:\s|\*/);
        const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1] ?? '');
        assert.equal(scripts.length, 1);
        assert.match(scripts[0] ?? '', /nonce="NONCE123"/);
    });

    it('Should never let remote images in (img-src is the bundle origin and data: only)', () => {
        const csp = /content="([^"]+)"/.exec(detailsHtml(uris, undefined, 'n'))?.[1] ?? '';
        assert.match(csp, /img-src https:\/\/webview\.test data:/);
    });

    it('Should draw the skeleton header as escaped text, before the codicon stylesheet and the script', () => {
        const html = detailsHtml(uris, { title: '<img src=x onerror=alert(1)>', reference: 'nvcr.io/acme/a&b' }, 'n');
        assert.match(html, /<h1>&lt;img src=x onerror=alert\(1\)&gt;<\/h1>/);
        assert.match(html, /<p class="mono muted" id="reference">nvcr\.io\/acme\/a&amp;b<\/p>/);
        assert.doesNotMatch(html, /<img/);
        const at = (needle: string) => html.indexOf(needle);
        assert.ok(at('id="reference"') < at('codicon.css'), 'the header comes before the codicon stylesheet');
        assert.ok(at('codicon.css') < at('<script'), 'the icons stylesheet is there when the script runs');
        assert.ok(at('main.css') < at('</head>'), 'the page stylesheet stays in the head (no unstyled flash)');
    });

    it("Should inline the page stylesheet in the head under the page's nonce, allowed by nonce only", () => {
        const html = detailsHtml({ ...uris, styleText: 'h1 { color: red; }' }, { title: 't', reference: 'r' }, 'N1');
        const csp = /content="([^"]+)"/.exec(html)?.[1] ?? '';
        assert.match(csp, /style-src https:\/\/webview\.test 'nonce-N1'(;|$)/);
        assert.doesNotMatch(csp, /unsafe-inline/);
        assert.ok(html.indexOf('<style nonce="N1">h1 { color: red; }</style>') < html.indexOf('</head>'));
        assert.doesNotMatch(html, /main\.css/, 'no linked copy of the same stylesheet');
        assert.ok(
            html.indexOf('id="reference"') < html.indexOf('codicon.css'),
            'the icons stay linked after the header',
        );
    });

    it('Should link the stylesheet instead when its text could close the style element', () => {
        const html = detailsHtml({ ...uris, styleText: 'a{}</style><script>alert(1)</script>' }, undefined, 'N2');
        assert.doesNotMatch(html, /<style/);
        assert.doesNotMatch(html, /alert/);
        assert.match(html, /<link rel="stylesheet" href="https:\/\/webview\.test\/main\.css">/);
        assert.match(/content="([^"]+)"/.exec(html)?.[1] ?? '', /style-src https:\/\/webview\.test;/);
    });

    it('Should make a fresh 128-bit nonce every time', () => {
        const a = createNonce();
        assert.equal(Buffer.from(a, 'base64').length, 16);
        assert.notEqual(a, createNonce());
    });
});
