import { z } from 'zod';

/**
 * One line of the `POST /images/create` JSON stream. Docker sends `{status, id, progressDetail:{current,total},
 * progress}`; tiny layers and Podman send no byte counts at all (`progressDetail: {}`); failures arrive as
 * `{error, errorDetail:{message}}` **inside an HTTP 200 stream** (environment.md §5.1), which dockerode's
 * `followProgress` does not report as an error.
 */
export const pullEventSchema = z.object({
    status: z.string().optional(),
    id: z.string().optional(),
    progress: z.string().optional(),
    progressDetail: z
        .object({ current: z.number().nonnegative().optional(), total: z.number().nonnegative().optional() })
        .nullish(),
    error: z.string().optional(),
    errorDetail: z.object({ message: z.string().optional(), code: z.number().optional() }).nullish(),
});
export type PullEvent = z.infer<typeof pullEventSchema>;

/** The aggregated state of a pull, recomputed after every event. */
export interface PullProgress {
    /** Sum of the sizes of the layers whose size is known (all of them when the manifest's sizes were given). */
    totalBytes: number;
    /** Bytes downloaded or already present. Equals totalBytes once every layer is done. */
    doneBytes: number;
    /** False while some layer's size is unknown, so `totalBytes` may still grow. */
    totalKnown: boolean;
    layersDone: number;
    layersTotal: number;
    /** Layers the daemon already had ("Already exists"). */
    layersExisting: number;
    /** The daemon's latest status line that is not about a single layer ("Pulling from …", "Digest: …"). */
    status: string | undefined;
    /** From the daemon's `Digest: sha256:…` line. */
    digest: string | undefined;
}

/** The failure carried by an event, or undefined. `errorDetail.message` is preferred; `error` is its legacy twin. */
export function pullEventFailure(event: PullEvent): string | undefined {
    const message = event.errorDetail?.message ?? event.error;
    return message === undefined ? undefined : message.trim() || 'the daemon reported an error without a message';
}

interface LayerState {
    size: number | undefined;
    current: number;
    downloaded: boolean;
    done: boolean;
    existed: boolean;
}

/** Docker names layers by the first 12 hex digits of their digest (`stringid.TruncateID`). */
export function shortLayerId(digest: string): string {
    return (digest.split(':')[1] ?? digest).slice(0, 12);
}

const LAYER_ID = /^[0-9a-f]{12}$/;
const LAYER_STATUSES = new Set([
    'Pulling fs layer',
    'Waiting',
    'Downloading',
    'Verifying Checksum',
    'Download complete',
    'Extracting',
    'Pull complete',
    'Already exists',
    'Retrying',
]);

/**
 * Turns the daemon's per-layer events into totals (pure; no I/O). Layer sizes from the platform manifest, when
 * given, make the total known before the first byte; without them the total grows as `Downloading` events reveal
 * sizes. A layer counts as done on "Pull complete" or "Already exists"; its bytes count as done once its download
 * completes ("Download complete", "Verifying Checksum", "Extracting"), because `Extracting` progress counts
 * uncompressed bytes, not downloaded ones.
 *
 * Podman 4.3 (measured) differs: per blob it sends only "Pulling fs layer" and "Download complete", never "Pull
 * complete", and it names the config blob like a layer. So, given the manifest's layers, ids outside them are not
 * layers; and {@link finish}, called once the stream ended without an error, counts every layer as done.
 */
export class PullProgressTracker {
    private readonly layers = new Map<string, LayerState>();
    /** True when the manifest's layers were given: then they are all the layers there are. */
    private readonly closed: boolean;
    private status: string | undefined;
    private digest: string | undefined;

    constructor(layerSizes: readonly { digest: string; size?: number | undefined }[] = []) {
        this.closed = layerSizes.length > 0;
        for (const layer of layerSizes) {
            this.layers.set(shortLayerId(layer.digest), {
                size: layer.size,
                current: 0,
                downloaded: false,
                done: false,
                existed: false,
            });
        }
    }

    update(event: PullEvent): PullProgress {
        const status = event.status ?? '';
        const id = event.id;
        const layerStatus = LAYER_STATUSES.has(status) || status.startsWith('Retrying');
        if (id !== undefined && layerStatus && this.closed && !this.layers.has(id)) {
            return this.snapshot(); // a blob outside the manifest: Podman's config blob
        }
        const isLayer = id !== undefined && (LAYER_ID.test(id) || this.layers.has(id)) && layerStatus;
        if (!isLayer) {
            if (status) {
                this.status = id && !status.includes(id) ? `${status} ${id}` : status;
                const digest = /^Digest: (sha256:[0-9a-f]{64})/.exec(status)?.[1];
                if (digest) {
                    this.digest = digest;
                }
            }
            return this.snapshot();
        }
        let layer = this.layers.get(id);
        if (!layer) {
            layer = { size: undefined, current: 0, downloaded: false, done: false, existed: false };
            this.layers.set(id, layer);
        }
        const detail = event.progressDetail;
        switch (status) {
            case 'Downloading':
                if (detail?.total !== undefined && detail.total > 0) {
                    layer.size = layer.size ?? detail.total;
                }
                if (detail?.current !== undefined) {
                    layer.current = Math.max(layer.current, detail.current);
                }
                break;
            case 'Verifying Checksum':
            case 'Download complete':
            case 'Extracting':
                layer.downloaded = true;
                break;
            case 'Pull complete':
                layer.downloaded = true;
                layer.done = true;
                break;
            case 'Already exists':
                layer.downloaded = true;
                layer.done = true;
                layer.existed = true;
                break;
            default:
                if (status.startsWith('Retrying')) {
                    layer.current = 0;
                }
        }
        return this.snapshot();
    }

    /**
     * The pull ended without an error: every layer is in the image now, whether or not the engine said "Pull
     * complete" (Podman never does). A layer whose size never showed up counts with the bytes seen.
     */
    finish(): PullProgress {
        for (const layer of this.layers.values()) {
            layer.size = layer.size ?? layer.current;
            layer.downloaded = true;
            layer.done = true;
        }
        return this.snapshot();
    }

    snapshot(): PullProgress {
        let totalBytes = 0;
        let doneBytes = 0;
        let totalKnown = true;
        let layersDone = 0;
        let layersExisting = 0;
        for (const layer of this.layers.values()) {
            if (layer.size === undefined) {
                totalKnown = false;
            } else {
                totalBytes += layer.size;
            }
            doneBytes += layer.downloaded
                ? (layer.size ?? layer.current)
                : Math.min(layer.current, layer.size ?? layer.current);
            layersDone += layer.done ? 1 : 0;
            layersExisting += layer.existed ? 1 : 0;
        }
        return {
            totalBytes,
            doneBytes,
            totalKnown,
            layersDone,
            layersTotal: this.layers.size,
            layersExisting,
            status: this.status,
            digest: this.digest,
        };
    }
}
