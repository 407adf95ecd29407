type Child = Node | string | undefined | false | null;

/** Builds an element; strings become text nodes, so API data can never turn into markup. */
export function h(tag: string, attrs: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElement {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
        if (value !== undefined) {
            el.setAttribute(name, value);
        }
    }
    for (const child of children) {
        if (child !== undefined && child !== null && child !== false) {
            el.append(typeof child === 'string' ? document.createTextNode(child) : child);
        }
    }
    return el;
}

export function icon(name: string): HTMLElement {
    return h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

export function button(
    label: string,
    iconName: string,
    onClick: (event: Event) => void,
    secondary = true,
): HTMLElement {
    // The label is its own element so a narrow panel can show the icon alone (the title still names it).
    const b = h(
        'vscode-button',
        { title: label, ...(secondary ? { secondary: '' } : {}) },
        icon(iconName),
        h('span', { class: 'label' }, ` ${label}`),
    );
    b.addEventListener('click', onClick);
    return b;
}

export function formatDate(iso: string | undefined): string {
    const t = iso ? Date.parse(iso) : NaN;
    return Number.isFinite(t) ? new Date(t).toISOString().slice(0, 10) : '';
}
