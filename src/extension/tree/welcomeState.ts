import type { Cause } from '../../core/diagnose/diagnose';
import type { CatalogNode } from './nodes';

/**
 * What the NGC view's welcome content says instead of the tree (package.json `contributes.viewsWelcome`, matched on
 * the `ngc.catalog.welcome` context key): the API endpoint cannot be reached (connection refused, host not found, no
 * answer in time), or it answers with something that is not NGC's API (a captive portal, a proxy's page, a wrong URL).
 */
export type WelcomeState = 'unreachable' | 'unexpectedAnswer';

export const WELCOME_CONTEXT_KEY = 'ngc.catalog.welcome';

/** Core's causes (diagnose.ts) that mean "nothing in this view can load", and the welcome content for each. */
const WELCOME_OF: Partial<Record<Cause, WelcomeState>> = {
    network: 'unreachable',
    badResponse: 'unexpectedAnswer',
};

/** The levels whose failure can empty the view: the catalog listings, not one artifact's tags or versions. */
const LISTING_LEVELS = new Set<CatalogNode['kind']>(['root', 'team', 'group']);

/** Nodes whose presence means the level loaded something from NGC (a failed "Load more" keeps what was loaded). */
const FETCHED = new Set<CatalogNode['kind']>(['artifact', 'tag', 'version']);

/**
 * The welcome state a level's children call for: one of them is an error whose diagnosis says the endpoint cannot
 * be reached, and nothing of the level came from NGC. Undefined when the children should be shown as they are.
 */
export function welcomeStateOf(children: readonly CatalogNode[]): WelcomeState | undefined {
    if (children.some((n) => FETCHED.has(n.kind))) {
        return undefined;
    }
    for (const node of children) {
        const state = node.kind === 'error' ? WELCOME_OF[node.diagnosis.cause] : undefined;
        if (state) {
            return state;
        }
    }
    return undefined;
}

export interface WelcomeGateOptions {
    children: (node?: CatalogNode) => Promise<CatalogNode[]>;
    /** Sets the context key (`undefined` clears it); called only when the state changes. */
    publish: (state: WelcomeState | undefined) => PromiseLike<unknown> | void;
    /** Renders the whole tree again: the state changed outside a `children` call (a probe, see below). */
    reset?: () => void;
}

/**
 * Sits between the tree view and the model. A welcome view shows only while the tree has no rows, so when a level
 * fails because the endpoint cannot be reached, the top level answers `[]` and the context key names the state
 * (the caller then re-renders the whole tree: `reset`). Every later load of the top level (Retry, a settings or key
 * change: each refreshes the model) asks again for the level that failed, and the tree comes back once it loads.
 */
export class WelcomeGate {
    private state: WelcomeState | undefined;
    /** The level whose load failed; undefined when it was the top level itself. */
    private failedAt: CatalogNode | undefined;

    constructor(private readonly options: WelcomeGateOptions) {}

    get current(): WelcomeState | undefined {
        return this.state;
    }

    async children(node?: CatalogNode): Promise<{ nodes: CatalogNode[]; reset: boolean }> {
        if (!node) {
            return { nodes: await this.topLevel(), reset: false };
        }
        const nodes = await this.options.children(node);
        // Only a catalog listing (an org's teams and groups, a group's first page) stands for "NGC"; one artifact's
        // tags or versions failing says nothing about the rest, and keeps its error row.
        const state = LISTING_LEVELS.has(node.kind) ? welcomeStateOf(nodes) : undefined;
        if (!state) {
            this.probePublicCatalog(node, nodes);
            return { nodes, reset: false };
        }
        await this.enter(state, node);
        return { nodes: [], reset: true };
    }

    private async topLevel(): Promise<CatalogNode[]> {
        const roots = await this.options.children();
        let state = welcomeStateOf(roots);
        let failedAt: CatalogNode | undefined;
        if (!state && this.failedAt) {
            // A cached failure answers at once (the model keeps it until a refresh); after a refresh this retries.
            failedAt = this.failedAt;
            state = welcomeStateOf(await this.options.children(failedAt));
        }
        if (state) {
            await this.enter(state, failedAt);
            return [];
        }
        await this.leave();
        return roots;
    }

    /**
     * The public catalog's groups need no request, so a guest would learn that NGC cannot be reached only by opening
     * one. When they are shown, its Containers are loaded (the model keeps the page for that click, so it costs no
     * extra request), and a failure that empties the view shows the welcome at once.
     */
    private probePublicCatalog(node: CatalogNode, nodes: readonly CatalogNode[]): void {
        const reset = this.options.reset;
        const containers = nodes.find((n) => n.kind === 'group' && n.artifactKind === 'container');
        if (node.kind !== 'root' || node.org !== undefined || !containers || !reset) {
            return;
        }
        void this.options.children(containers).then(async (level) => {
            const state = welcomeStateOf(level);
            if (state && this.state === undefined) {
                await this.enter(state, containers);
                reset();
            }
        });
    }

    /** The context key is set before the view sees no rows, so the welcome content is there when it renders. */
    private async enter(state: WelcomeState, failedAt: CatalogNode | undefined): Promise<void> {
        this.failedAt = failedAt;
        if (this.state !== state) {
            this.state = state;
            await this.options.publish(state);
        }
    }

    private async leave(): Promise<void> {
        this.failedAt = undefined;
        if (this.state !== undefined) {
            this.state = undefined;
            await this.options.publish(undefined);
        }
    }
}
