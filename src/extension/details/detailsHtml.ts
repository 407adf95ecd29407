export interface DetailsHtmlUris {
    /** `webview.cspSource`. */
    cspSource: string;
    script: string;
    style: string;
    codicons: string;
}

/**
 * The details panel's page: static, no data inside (everything arrives as messages), locked down by a CSP whose
 * default is `'none'`. Scripts run only by nonce; styles and fonts only from the webview bundle folder; images only
 * from there or `data:` so publisher markdown cannot make the webview fetch anything from the network.
 */
export function detailsHtml(uris: DetailsHtmlUris, nonce: string = createNonce()): string {
    const csp = [
        "default-src 'none'",
        `script-src 'nonce-${nonce}'`,
        `style-src ${uris.cspSource}`,
        `font-src ${uris.cspSource}`,
        `img-src ${uris.cspSource} data:`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(uris.codicons)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${attr(uris.style)}">
<title>NGC details</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="muted">Loading…</p></main>
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

function attr(value: string): string {
    return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
