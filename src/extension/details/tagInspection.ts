import type { ContentCache } from '../../core/registry/configCache';
import { FRAMEWORK_NAMES } from '../../core/registry/imageConfig';
import type { ImageInspection } from '../../core/registry/inspect';
import type { RegistryClient } from '../../core/registry/client';
import { isCancellationError } from '../../core/lib/abort';
import type { Log } from '../../core/lib/log';
import { formatArtifactRef, type CatalogRef } from '../../core/ngc/artifactRef';
import type { HostMessage, PlatformInspectionMessage } from '../../protocol/details';
import { diagnoseForUi } from '../platform/diagnosis';
import { platformLabel } from '../../protocol/text';

/** What the panel shows of an inspection: the digest the tag points at and each platform's facts. */
export interface TagInspectionMessage {
    digest: string;
    platforms: PlatformInspectionMessage[];
}

/**
 * A tag's inspection as the protocol carries it: platforms in the index's order, each with its framework versions
 * named the way people know them (`PyTorch`, `CUDA`; a variable without a known name keeps its own), the created
 * date, layer count and compressed size. Env and labels stay on the host (they are long, and the hover and the CLI
 * show them on request).
 */
export function inspectionMessage(inspection: ImageInspection): TagInspectionMessage {
    return {
        digest: inspection.digest,
        platforms: inspection.platforms.map((p) => ({
            platform: platformLabel(p.platform),
            digest: p.digest,
            ...(p.created === undefined ? {} : { created: p.created }),
            frameworks: Object.entries(p.frameworks).map(([variable, version]) => ({
                name: FRAMEWORK_NAMES[variable] ?? variable,
                variable,
                version,
            })),
            layers: p.layers,
            compressedSize: p.compressedSize,
        })),
    };
}

export interface TagInspectorOptions {
    registry: () => Promise<RegistryClient>;
    /** The content cache directory in the extension's global storage (configs are immutable by digest). */
    cacheDir: string;
    log: Log;
}

/**
 * Inspects tags for the details panels on demand (a row expanded), through core's `inspectImage` with the disk
 * cache the Dockerfile hover uses: a second look at the same tag costs one manifest request, configs none. The
 * signature is not asked for: the row already shows it.
 */
export class TagInspector {
    private cache: Promise<ContentCache> | undefined;

    constructor(private readonly options: TagInspectorOptions) {}

    async inspect(registry: string, ref: CatalogRef, tag: string, signal: AbortSignal): Promise<TagInspectionMessage> {
        const [{ inspectImage }, cache, client] = await Promise.all([
            import('../../core/registry/inspect.js'),
            this.contentCache(),
            this.options.registry(),
        ]);
        const inspection = await inspectImage(
            client,
            { registry, repository: formatArtifactRef(ref), tag },
            { cache, signature: false, signal },
        );
        return inspectionMessage(inspection);
    }

    private contentCache(): Promise<ContentCache> {
        this.cache ??= import('../../core/registry/configCache.js').then(
            ({ DiskContentCache }) => new DiskContentCache({ dir: this.options.cacheDir, log: this.options.log }),
        );
        return this.cache;
    }
}

/**
 * The answer to `details/inspect`: the inspection, or the failure as core's diagnosis says it (401/403/404 with
 * their remedies, a network failure, a config too large); undefined when the panel went away first.
 */
export async function inspectionAnswer(
    inspector: Pick<TagInspector, 'inspect'>,
    target: { registry: string; ref: CatalogRef; tag: string },
    log: Log,
    signal: AbortSignal,
): Promise<HostMessage | undefined> {
    const { registry, ref, tag } = target;
    try {
        const result = await inspector.inspect(registry, ref, tag, signal);
        return { type: 'host/inspection', tag, ...result };
    } catch (error) {
        if (isCancellationError(error) || signal.aborted) {
            return undefined;
        }
        const d = diagnoseForUi(error);
        log.warn(`inspect ${formatArtifactRef(ref)}:${tag}: ${d.title}`);
        return { type: 'host/inspectionError', tag, problem: { title: d.title, remedy: d.remedy, action: d.action } };
    }
}
