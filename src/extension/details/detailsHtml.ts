export interface DetailsHtmlUris {
    /** `webview.cspSource`. */
    cspSource: string;
    script: string;
    style: string;
    codicons: string;
    /**
     * The text of `style` (the page's own stylesheet, ~3 KiB), to inline under the page's nonce: a linked stylesheet
     * in the head holds the first paint until the webview's service worker has fetched it from the extension host.
     */
    styleText?: string;
}

/** What the page shows before its script runs: the artifact's name and reference, as the tree row knows them. */
export interface DetailsSkeleton {
    title: string;
    reference: string;
}

/**
 * The details panel's page, locked down by a CSP whose default is `'none'`. Scripts run only by nonce; styles and
 * fonts only from the webview bundle folder; images only from there or `data:` so publisher markdown cannot make the
 * webview fetch anything from the network. Its only data is the `skeleton` header (escaped text), so the header paints
 * as soon as the document and its stylesheet load, before the script, the `details/ready` round trip and the catalog
 * answer; everything else arrives as messages. The codicon stylesheet (36 KiB) is linked after the header, not in the
 * head, so it does not hold that first paint; it stays before the script (the vscode-elements look it up by id).
 */
export function detailsHtml(uris: DetailsHtmlUris, skeleton?: DetailsSkeleton, nonce: string = createNonce()): string {
    // Inlined only when it cannot close its element (it is our build's output; anything else keeps the link).
    const inline = uris.styleText !== undefined && !/<\/style/i.test(uris.styleText) ? uris.styleText : undefined;
    const csp = [
        "default-src 'none'",
        `script-src 'nonce-${nonce}'`,
        `style-src ${uris.cspSource}${inline !== undefined ? ` 'nonce-${nonce}'` : ''}`,
        `font-src ${uris.cspSource}`,
        `img-src ${uris.cspSource} data:`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${inline !== undefined ? `<style nonce="${nonce}">${inline}</style>` : `<link rel="stylesheet" href="${attr(uris.style)}">`}
<title>NGC details</title>
</head>
<body>
<main id="app" aria-busy="true">${skeleton ? skeletonHtml(skeleton) : '<p class="muted">Loading…</p>'}</main>
<link rel="stylesheet" href="${attr(uris.codicons)}" id="vscode-codicon-stylesheet">
<script nonce="${nonce}" src="${attr(uris.script)}"></script>
</body>
</html>`;
}

/**
 * 128 bits from the OS CSPRNG (Web Crypto, a global in Node 20: `node:crypto` is not loaded at activation for it),
 * base64: unguessable by content injected into the page.
 */
export function createNonce(): string {
    return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}

/** The header the webview's `skeleton()` draws too (same elements), and a loading line. */
function skeletonHtml(skeleton: DetailsSkeleton): string {
    return (
        `<header><h1>${text(skeleton.title)}</h1>` +
        `<p class="mono muted" id="reference">${text(skeleton.reference)}</p></header>` +
        '<div class="loading muted">Loading tags and details…</div>'
    );
}

function text(value: string): string {
    return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
    return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
