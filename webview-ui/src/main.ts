import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import './main.css';
import { isActionableTag, type DetailsModel, type HostMessage, type WebviewMessage } from '../../src/protocol/details';
import { formatArtifactRef } from '../../src/protocol/text';
import { onHostMessage, post, saveState } from './api';
import { button, h, icon } from './components/dom';
import { renderMarkdown } from './components/markdown';
import { showVerification } from './components/signatureCells';
import { filesTable, tagsTable, versionsTable } from './components/tables';
import { resetInspections, restoreInspections, showInspection, showInspectionError } from './components/inspection';

const app = document.getElementById('app') as HTMLElement;
/** The model on screen; "Load more" replaces its rows. */
let current: DetailsModel | undefined;
/** True while this panel is the preview the next single click in the tree replaces. */
let previewing = false;

/** The artifact on screen (`kind:org/[team/]name`), if any. */
function shownRef(): string | undefined {
    return current ? `${current.ref.kind}:${formatArtifactRef(current.ref)}` : undefined;
}

function show(...children: (Node | false | undefined)[]): void {
    app.replaceChildren(...children.filter((c): c is Node => c instanceof Node));
    app.setAttribute('aria-busy', 'false');
}

function render(model: DetailsModel): void {
    if (shownRef() !== `${model.ref.kind}:${formatArtifactRef(model.ref)}`) {
        resetInspections();
    }
    current = model;
    saveState({ ref: model.ref });
    const latestTag =
        model.ref.kind === 'container' && model.latest !== undefined && isActionableTag(model.latest)
            ? model.latest
            : undefined;
    const badges = h(
        'div',
        { class: 'badges' },
        h('vscode-badge', {}, model.ref.kind),
        model.signed &&
            h(
                'vscode-badge',
                { class: 'signed', title: 'The catalog says tags are signed; Verify a tag to check its signature' },
                'signed (unverified)',
            ),
        model.locked && h('vscode-badge', { class: 'locked' }, 'entitlement required'),
        ...model.labels.slice(0, 6).map((l) => h('vscode-badge', { variant: 'counter' }, l)),
    );
    const header = h(
        'header',
        {},
        h('h1', {}, model.title),
        h('p', { class: 'mono muted', id: 'reference' }, model.reference),
        model.description !== undefined && h('p', { class: 'lead' }, model.description),
        badges,
        h(
            'div',
            { class: 'toolbar' },
            latestTag !== undefined &&
                button('Copy pull command', 'copy', () => post({ type: 'details/copyPull', tag: latestTag }), false),
            latestTag !== undefined &&
                button('Insert pinned FROM', 'insert', () => post({ type: 'details/insertFrom', tag: latestTag })),
            // Asks which version (the latest first): a picker, not a guess.
            model.ref.kind !== 'container' &&
                button('Download version…', 'desktop-download', () => post({ type: 'details/download' }), false),
            model.ref.kind === 'helm-chart' &&
                model.latest !== undefined &&
                button('Copy helm command', 'terminal', () => post({ type: 'details/copyHelm' })),
            button('Reload', 'refresh', () => post({ type: 'details/reload' })),
            h('span', { id: 'keep-slot' }, keepButton()),
        ),
    );
    const overview = h('section', { id: 'overview', class: 'markdown' }, h('h2', {}, 'Overview'));
    overview.append(
        model.markdown
            ? renderMarkdown(model.markdown)
            : h('p', { class: 'muted' }, 'The publisher wrote no overview.'),
    );
    show(header, listing(model), h('div', { id: 'files-slot' }), overview);
    restoreInspections();
}

/** The tags or versions section: heading with the count, the table, and "Load more" while the server has more. */
function listing(model: DetailsModel): HTMLElement {
    const containers = model.ref.kind === 'container';
    const count = containers ? model.tags.length : model.versions.length;
    const more =
        model.more &&
        button('Load more', 'ellipsis', (event) => {
            const target = event.currentTarget;
            if (target instanceof HTMLElement) {
                target.setAttribute('disabled', '');
            }
            post({ type: 'details/loadMore' });
        });
    return h(
        'section',
        { id: 'listing', 'data-kind': containers ? 'tags' : 'versions' },
        h('h2', {}, `${containers ? 'Tags' : 'Versions'} (${count}${model.more ? '+' : ''})`),
        containers ? tagsTable(model) : versionsTable(model),
        h('div', { id: 'more-slot', class: 'more' }, more),
    );
}

/** While previewing: "Keep Open", so the next click in the tree opens beside this panel instead of replacing it. */
function keepButton(): HTMLElement | undefined {
    if (!previewing) {
        return undefined;
    }
    const b = button('Keep Open', 'pin', () => post({ type: 'details/keep' }));
    b.setAttribute(
        'title',
        'Preview: the next artifact you click replaces it. Keep it open (or double-click the row).',
    );
    return b;
}

function replaceRows(rows: Pick<DetailsModel, 'tags' | 'versions' | 'more'>): void {
    if (!current) {
        return;
    }
    current = { ...current, tags: rows.tags, versions: rows.versions, more: rows.more };
    document.getElementById('listing')?.replaceWith(listing(current));
    restoreInspections();
}

function problem(
    title: string,
    remedy: string,
    action: string | undefined,
    retry: WebviewMessage = { type: 'details/reload' },
): HTMLElement {
    return h(
        'div',
        { class: 'problem', role: 'alert' },
        h('h2', {}, icon('error'), ` ${title}`),
        h('p', {}, remedy),
        action !== undefined &&
            action !== 'retry' &&
            button(fixLabel(action), 'wrench', () => post({ type: 'details/fix', action }), false),
        button('Retry', 'refresh', () => post(retry)),
    );
}

function fixLabel(action: string): string {
    const labels: Record<string, string> = {
        setApiKey: 'Set API Key',
        switchOrg: 'Switch Org',
        openLicense: 'Open Licence Page',
        openCatalogPage: 'Open in NGC Catalog',
        checkSettings: 'Open Settings',
    };
    return labels[action] ?? action;
}

function handle(message: HostMessage): void {
    switch (message.type) {
        case 'host/loading':
            app.setAttribute('aria-busy', 'true');
            // A reload keeps the artifact on screen; another artifact (the preview moving on) starts afresh. The page's
            // first loading message finds the host's skeleton header (no `current` yet) and redraws it the same.
            if (
                !app.querySelector('header') ||
                `${message.ref.kind}:${formatArtifactRef(message.ref)}` !== shownRef()
            ) {
                current = undefined;
                const loading = h(
                    'div',
                    { class: 'loading' },
                    h('vscode-progress-ring', {}),
                    ` Loading ${message.ref.org}/${message.ref.name}…`,
                );
                // The header the host drew from the tree row paints now; the state replaces it when the data is in.
                show(
                    message.title !== undefined &&
                        h(
                            'header',
                            {},
                            h('h1', {}, message.title),
                            h('p', { class: 'mono muted', id: 'reference' }, message.reference ?? ''),
                        ),
                    loading,
                );
            }
            return;
        case 'host/state':
            render(message.model);
            return;
        case 'host/error':
            saveState({ ref: message.ref });
            show(
                h('h1', {}, formatArtifactRef(message.ref)),
                problem(message.problem.title, message.problem.remedy, message.problem.action),
            );
            return;
        case 'host/files':
            document.getElementById('files-slot')?.replaceChildren(filesTable(message.version, message.files));
            return;
        case 'host/filesError':
            document
                .getElementById('files-slot')
                ?.replaceChildren(problem(message.problem.title, message.problem.remedy, message.problem.action));
            return;
        case 'host/verification':
            showVerification(message.tag, message.verification);
            return;
        case 'host/inspection':
            showInspection(message.tag, message.digest, message.platforms);
            return;
        case 'host/inspectionError':
            showInspectionError(message.tag, message.problem);
            return;
        case 'host/rows':
            replaceRows(message);
            return;
        case 'host/preview':
            previewing = message.preview;
            document.getElementById('keep-slot')?.replaceChildren(...[keepButton()].filter((b) => b !== undefined));
            return;
        case 'host/moreError':
            document.getElementById('more-slot')?.replaceChildren(
                problem(message.problem.title, message.problem.remedy, message.problem.action, {
                    type: 'details/loadMore',
                }),
            );
            return;
        default: {
            const never: never = message;
            void never;
        }
    }
}

// Links inside the publisher's overview open through the host (which accepts http/https only).
app.addEventListener('click', (event) => {
    const anchor = (event.target as Element | null)?.closest?.('a[href]');
    if (anchor instanceof HTMLAnchorElement) {
        event.preventDefault();
        post({ type: 'details/openLink', url: anchor.href });
    }
});

onHostMessage(handle);
post({ type: 'details/ready' });
