// Longer than the ~300-line guideline on purpose: one panel's message dispatch and the loads it starts (details,
// pages, files, inspections) share the panel's abort controllers and listing state; the row-to-node helpers and the
// post choke point already live in detailsNodes.ts and hostPost.ts.
import * as vscode from 'vscode';
import { redactor, type Log } from '../../core/lib/log';
import { isCancellationError } from '../../core/lib/abort';
import { webviewMessageSchema, type DetailsModel, type HostMessage, type WebviewMessage } from '../../protocol/details';
import { outgoingHostMessage } from './hostPost';
import { formatArtifactRef, type CatalogRef } from '../../core/ngc/artifactRef';
import { pullCommand } from '../../core/catalog/catalogUrls';
import type { VerifyOutcome } from '../image/verifyOutcome';
import type { TagNode } from '../tree/nodes';
import { downloadNodeFor, PINNING, tagNodeFor } from './detailsNodes';
import { helmCommand } from './helmCommand';
import { inspectionAnswer, type TagInspector } from './tagInspection';
import { diagnoseForUi } from '../platform/diagnosis';
import { Disposable } from '../platform/disposableStore';
import type { Session } from '../session';
import {
    buildDetailsModel,
    fixCommandFor,
    loadNextPage,
    tagRows,
    versionRows,
    type DetailsListing,
    type VerificationLookup,
    type VersionVerificationLookup,
} from './detailsModel';

/**
 * The live side of one details panel: validates what the webview sends, answers with the artifact's state, and
 * turns buttons into commands. Loaded on the first panel only (it brings zod and the protocol with it).
 */
export class DetailsPanel extends Disposable {
    private ready = false;
    private loading: AbortController | undefined;
    /** What the table shows; undefined until the first load succeeded. */
    private listing: DetailsListing | undefined;
    /** The last model the page drew (a rebuilt page draws it again); undefined until a load succeeded. */
    private shown: DetailsModel | undefined;
    /** From the last load: the latest version and whether the catalog calls the artifact public (Helm commands). */
    private latest: string | undefined;
    private isPublic: boolean | undefined;
    /** A "Load more" in flight: repeated clicks wait for it instead of fetching the same page twice. */
    private loadingMore: AbortController | undefined;
    /** The answer `prefetch()` started before the page was ready, for the first `load()`. */
    private prefetched: { controller: AbortController; answer: ReturnType<typeof buildDetailsModel> } | undefined;
    /** Aborted when the panel goes: inspections in flight stop. */
    private readonly lifetime = new AbortController();

    constructor(
        readonly panel: vscode.WebviewPanel,
        private readonly ref: CatalogRef,
        private readonly session: Session,
        private readonly log: Log,
        private readonly verificationOf: VerificationLookup,
        /** Whether the panel starts as the preview, and how to keep it (pin it) when the user acts in it. */
        private readonly previewing: { preview: boolean; keep: () => void },
        /** Shared by every panel: what is inside a tag (expanded rows), model signature checks of this session. */
        private readonly extras: {
            inspector: Pick<TagInspector, 'inspect'>;
            versionVerificationOf: VersionVerificationLookup;
        },
        /** The header the page draws while loading (the tree's name for the artifact and its reference). */
        private readonly skeleton?: { title: string; reference: string },
    ) {
        super();
        this._register(panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
    }

    /** True once the page said `details/ready`: a preview moving to another artifact keeps the page and its listener. */
    get pageReady(): boolean {
        return this.ready;
    }

    /** Takes over a page that is already loaded (the preview panel showing another artifact): no reload of the page. */
    adoptReadyPage(): void {
        this.ready = true;
        this.post({ type: 'host/preview', preview: this.previewing.preview });
        void this.load().catch((error: unknown) => this.fail(error));
    }

    /** Tells the page whether it is the preview (it then offers Keep Open). */
    setPreview(preview: boolean): void {
        this.previewing.preview = preview;
        if (this.ready) {
            this.post({ type: 'host/preview', preview });
        }
    }

    reload(): void {
        if (this.ready) {
            void this.load();
        } else if (this.prefetched) {
            // The session changed (a key, the org) before the page was ready: that answer is stale.
            this.prefetched.controller.abort();
            this.prefetched = undefined;
        }
    }

    override dispose(): void {
        this.loading?.abort();
        this.loadingMore?.abort();
        this.lifetime.abort();
        super.dispose();
    }

    private receive(raw: unknown): void {
        const parsed = webviewMessageSchema.safeParse(raw);
        if (!parsed.success) {
            this.log.warn(
                `ignored a malformed message from the details webview: ${parsed.error.issues[0]?.message ?? ''}`,
            );
            return;
        }
        void this.handle(parsed.data).catch((error: unknown) => this.fail(error));
    }

    private async handle(message: WebviewMessage): Promise<void> {
        if (this.previewing.preview && PINNING.has(message.type)) {
            // Acting on an artifact is the "edit" of a preview: the panel stays when the next row is clicked.
            this.previewing.keep();
        }
        switch (message.type) {
            case 'details/ready':
                this.post({ type: 'host/preview', preview: this.previewing.preview });
                if (this.ready && this.shown) {
                    // The page was rebuilt after being hidden (no retainContextWhenHidden): draw what it showed, with
                    // every page "Load more" added and this session's verdicts, without asking NGC again.
                    this.post({ type: 'host/state', model: this.currentModel(this.shown) });
                    return;
                }
                this.ready = true;
                await this.load();
                return;
            case 'details/keep':
                return;
            case 'details/reload':
                await this.load();
                return;
            case 'details/loadMore':
                await this.loadMore();
                return;
            case 'details/copyPull': {
                const text = pullCommand(this.session.settings.endpoints.registry, this.ref, message.tag);
                await vscode.env.clipboard.writeText(text);
                void vscode.window.setStatusBarMessage(`Copied: ${text}`, 4000);
                return;
            }
            case 'details/copyDigest':
                await vscode.commands.executeCommand('ngc.image.copyDigest', message.digest);
                return;
            case 'details/insertFrom':
                await vscode.commands.executeCommand('ngc.dockerfile.insertPinnedFrom', this.tagNode(message.tag));
                return;
            case 'details/pull':
                await vscode.commands.executeCommand('ngc.image.pull', this.tagNode(message.tag));
                return;
            case 'details/inspect': {
                const target = { registry: this.session.settings.endpoints.registry, ref: this.ref, tag: message.tag };
                const answer = await inspectionAnswer(this.extras.inspector, target, this.log, this.lifetime.signal);
                if (answer) {
                    this.post(answer);
                }
                return;
            }
            case 'details/mirror':
                await vscode.commands.executeCommand('ngc.image.mirror', this.tagNode(message.tag));
                return;
            case 'details/verify': {
                // The command shows the outcome and marks the tree; the panel shows it in the tag's row.
                const outcome = await vscode.commands.executeCommand<VerifyOutcome | undefined>(
                    'ngc.image.verify',
                    this.tagNode(message.tag),
                );
                if (outcome) {
                    const { state, digest, summary, details } = outcome;
                    this.post({
                        type: 'host/verification',
                        tag: message.tag,
                        verification: { state, digest, summary, details },
                    });
                }
                return;
            }
            case 'details/download':
                await vscode.commands.executeCommand(
                    'ngc.artifact.download',
                    downloadNodeFor(this.ref, message.version),
                );
                return;
            case 'details/copyHelm': {
                const version = message.version ?? this.latest;
                if (this.ref.kind === 'helm-chart' && version !== undefined) {
                    const text = helmCommand(this.session.settings.endpoints.helmUrl, this.ref, version, this.isPublic);
                    await vscode.env.clipboard.writeText(text);
                    void vscode.window.setStatusBarMessage(
                        `Copied the Helm commands for ${this.ref.name} ${version}`,
                        4000,
                    );
                }
                return;
            }
            case 'details/selectVersion':
                await this.sendFiles(message.version);
                return;
            case 'details/openLink': {
                const target = vscode.Uri.parse(message.url);
                if (target.scheme === 'https' || target.scheme === 'http') {
                    await vscode.env.openExternal(target);
                }
                return;
            }
            case 'details/fix': {
                const command = fixCommandFor(message.action);
                if (command) {
                    await vscode.commands.executeCommand(command, {
                        kind: 'error',
                        id: 'details',
                        parentId: undefined,
                        artifact: this.ref,
                        diagnosis: {},
                    });
                }
                return;
            }
            default: {
                const never: never = message;
                void never;
            }
        }
    }

    /** The tree node of a tag row, with the row's platforms when the listing has them. */
    private tagNode(tag: string): TagNode {
        return tagNodeFor(
            this.ref,
            tag,
            this.listing?.tags.find((t) => t.tag === tag),
        );
    }

    /**
     * Starts fetching the artifact while the page is still loading (a new panel): the first `load()` after
     * `details/ready` uses this answer instead of asking again, so the fetch overlaps the webview's start-up.
     */
    prefetch(): void {
        if (this.ready || this.prefetched) {
            return;
        }
        const controller = new AbortController();
        this.loading = controller;
        const answer = this.fetchModel(controller.signal);
        answer.catch(() => undefined); // handled by the load() that takes it
        this.prefetched = { controller, answer };
    }

    private async load(): Promise<void> {
        const prefetched = this.prefetched;
        this.prefetched = undefined;
        if (!prefetched) {
            this.loading?.abort();
        }
        this.loadingMore?.abort();
        const controller = prefetched?.controller ?? new AbortController();
        this.loading = controller;
        this.post({ type: 'host/loading', ref: this.ref, ...this.skeleton });
        try {
            const { model, listing } = await (prefetched?.answer ?? this.fetchModel(controller.signal));
            if (!controller.signal.aborted) {
                this.listing = listing;
                this.shown = model;
                this.latest = model.latest;
                this.isPublic = model.isPublic;
                this.panel.title = redactor.redact(model.title);
                this.post({ type: 'host/state', model });
            }
        } catch (error) {
            if (isCancellationError(error) || controller.signal.aborted) {
                return;
            }
            this.shown = undefined;
            const d = diagnoseForUi(error);
            this.log.warn(`details of ${formatArtifactRef(this.ref)}: ${d.title}`);
            this.post({
                type: 'host/error',
                ref: this.ref,
                problem: { title: d.title, remedy: d.remedy, action: d.action },
            });
        }
    }

    private async fetchModel(signal: AbortSignal): ReturnType<typeof buildDetailsModel> {
        const source = await this.session.source();
        return buildDetailsModel(
            source,
            this.ref,
            this.session.settings.endpoints.registry,
            signal,
            this.verificationOf,
            this.extras.versionVerificationOf,
        );
    }

    /** Draws the table again from what is loaded, with this session's verdicts (a check finished elsewhere). */
    refreshRows(): void {
        if (this.ready && this.listing) {
            this.postRows();
        }
    }

    private postRows(): void {
        const rows = this.rows();
        if (rows) {
            this.post({ type: 'host/rows', ...rows });
        }
    }

    /** The table as loaded so far (every page), with this session's verdicts. */
    private rows(): Pick<DetailsModel, 'tags' | 'versions' | 'more'> | undefined {
        const listing = this.listing;
        return listing
            ? {
                  tags: tagRows(this.ref, listing.tags, this.verificationOf),
                  versions: versionRows(this.ref, listing.versions, this.extras.versionVerificationOf),
                  more: listing.nextPage !== undefined,
              }
            : undefined;
    }

    private currentModel(model: DetailsModel): DetailsModel {
        return { ...model, ...this.rows() };
    }

    /** Appends the next page of tags or versions and sends the whole table (merged, deduplicated, newest first). */
    private async loadMore(): Promise<void> {
        const listing = this.listing;
        if (!listing || listing.nextPage === undefined || this.loadingMore) {
            return;
        }
        const controller = new AbortController();
        this.loadingMore = controller;
        try {
            const source = await this.session.source();
            const next = await loadNextPage(source, this.ref, listing, controller.signal);
            if (!controller.signal.aborted && this.listing === listing) {
                this.listing = next;
                this.postRows();
            }
        } catch (error) {
            if (isCancellationError(error) || controller.signal.aborted) {
                return;
            }
            const d = diagnoseForUi(error);
            this.log.warn(`next page of ${formatArtifactRef(this.ref)}: ${d.title}`);
            this.post({ type: 'host/moreError', problem: { title: d.title, remedy: d.remedy, action: d.action } });
        } finally {
            if (this.loadingMore === controller) {
                this.loadingMore = undefined;
            }
        }
    }

    private async sendFiles(version: string): Promise<void> {
        try {
            const files = await (await this.session.source()).files(this.ref, version);
            this.post({ type: 'host/files', version, files });
        } catch (error) {
            const d = diagnoseForUi(error);
            this.post({
                type: 'host/filesError',
                version,
                problem: { title: d.title, remedy: d.remedy, action: d.action },
            });
        }
    }

    /** The only place this panel posts: every string redacted, then validated (a drift shows in the log). */
    private post(message: HostMessage): void {
        const outgoing = outgoingHostMessage(message);
        if (!outgoing.ok) {
            this.log.error(`refusing to post an invalid ${message.type}: ${outgoing.reason}`);
            return;
        }
        void this.panel.webview.postMessage(outgoing.message);
    }

    private fail(error: unknown): void {
        if (!isCancellationError(error)) {
            this.log.error(`details action failed: ${error instanceof Error ? error.message : String(error)}`);
        }
    }
}
