import DOMPurify from 'dompurify';
import { marked } from 'marked';

/**
 * Publisher markdown → sanitized DOM. marked renders, DOMPurify removes scripts, event handlers, `javascript:` and
 * other non-web URLs, forms, frames and inline styles. Images are kept only as `data:` URIs: the CSP would block
 * remote ones anyway, and a removed image is clearer than a broken one. Links are followed through the host.
 */
export function renderMarkdown(markdown: string): DocumentFragment {
    const html = marked.parse(markdown, { async: false, gfm: true });
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
        if (node instanceof HTMLAnchorElement) {
            const href = node.getAttribute('href') ?? '';
            if (!/^https?:\/\//i.test(href)) {
                node.removeAttribute('href');
            }
            node.removeAttribute('target');
        }
        if (
            node instanceof HTMLImageElement &&
            !/^data:image\/(png|gif|jpeg|webp);/i.test(node.getAttribute('src') ?? '')
        ) {
            node.replaceWith(document.createTextNode(node.getAttribute('alt') ?? ''));
        }
    });
    try {
        return DOMPurify.sanitize(html, {
            RETURN_DOM_FRAGMENT: true,
            FORBID_TAGS: [
                'style',
                'form',
                'input',
                'button',
                'textarea',
                'select',
                'iframe',
                'object',
                'embed',
                'svg',
                'math',
            ],
            FORBID_ATTR: ['style', 'srcset'],
            ALLOWED_URI_REGEXP: /^(?:https?:|data:image\/)/i,
        });
    } finally {
        DOMPurify.removeHook('afterSanitizeAttributes');
    }
}
