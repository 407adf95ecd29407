import type { PullProgress } from '../../core/docker/pullProgress';
import { formatBytes } from '../../core/lib/format';

/** The notification line for a pull: `120 MiB of 2.1 GiB · 3/9 layers (2 already present)`. */
export function pullProgressMessage(p: PullProgress): string {
    const done = formatBytes(p.doneBytes) ?? '0 B';
    const bytes = p.totalBytes > 0 ? `${done} of ${formatBytes(p.totalBytes) ?? '?'}${p.totalKnown ? '' : '+'}` : done;
    const layers = p.layersTotal > 0 ? ` · ${p.layersDone}/${p.layersTotal} layers` : '';
    const existing = p.layersExisting > 0 ? ` (${p.layersExisting} already present)` : '';
    return `${bytes}${layers}${existing}`;
}

/**
 * VS Code's progress bar only moves forward by increments; this keeps the running percentage of bytes and hands out
 * the difference. A total that grows (sizes learnt late) can lower the percentage: then nothing is added until the
 * bytes catch up, so the bar never overshoots 100.
 */
export class ProgressIncrements {
    private reported = 0;

    next(p: PullProgress): number {
        const percent = p.totalBytes > 0 ? Math.min(100, (p.doneBytes / p.totalBytes) * 100) : 0;
        const increment = Math.max(0, percent - this.reported);
        this.reported = Math.max(this.reported, percent);
        return increment;
    }
}
