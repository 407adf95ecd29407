/**
 * Tag series: which tags of a repository are releases of the same thing. NGC tags put a version first and what the
 * image is after it: `25.03-py3` (monthly framework release, Python 3), `25.03-py3-igpu` (the same for integrated
 * GPUs: another series), `24.12-tf2-py3`, `12.6.3-cudnn-devel-ubuntu22.04` (CUDA base images: the OS release is part
 * of the suffix), `2.5.0-pyt`, `r36.4.0` (L4T/JetPack: a letter before the version). A series is an optional `r`/`v`
 * prefix, a dotted version with a fixed number of parts (its shape), and the exact suffix; moving a tag never
 * changes any of those, and only moves to a release that is newer by version and by date (a re-pushed old tag is
 * newer by date only; a back-port may be newer by version only, and neither is "the next release").
 */

export interface SeriesTag {
    tag: string;
    prefix: string;
    version: number[];
    suffix: string;
    /** Tags with equal keys are in the same series. */
    key: string;
}

const SERIES = /^([rRvV]?)(\d{1,9}(?:\.\d{1,9}){0,4})((?:[-_+][A-Za-z0-9_.+-]*)?)$/;

/** Parses a tag into its series, or undefined for tags that are not versions (`latest`, `devel`, `sha-abc`). */
export function parseSeriesTag(tag: string): SeriesTag | undefined {
    const match = SERIES.exec(tag);
    if (!match) {
        return undefined;
    }
    const prefix = (match[1] ?? '').toLowerCase();
    const version = (match[2] ?? '').split('.').map(Number);
    const suffix = match[3] ?? '';
    return { tag, prefix, version, suffix, key: `${prefix}|${version.length}|${suffix}` };
}

/** Compares dotted versions numerically, part by part (`25.10` > `25.9`, `12.10.0` > `12.9.5`). */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
        const d = (a[i] ?? 0) - (b[i] ?? 0);
        if (d !== 0) {
            return d;
        }
    }
    return 0;
}

/** A tag with the date it was last pushed (NGC's `updatedDate`), when known. */
export interface DatedTag {
    tag: string;
    date?: string;
}

function timeOf(date: string | undefined): number | undefined {
    if (date === undefined) {
        return undefined;
    }
    const t = Date.parse(date);
    return Number.isNaN(t) ? undefined : t;
}

/**
 * The tags of `current`'s series that are newer than it by version and strictly newer by date, newest version
 * first (ties: newest date first). A tag without a known date is never "newer by date", and neither is anything
 * when `current`'s own date is unknown: moving needs proof.
 */
export function newerInSeries(current: DatedTag, tags: readonly DatedTag[]): DatedTag[] {
    const base = parseSeriesTag(current.tag);
    const baseTime = timeOf(current.date);
    if (base === undefined || baseTime === undefined) {
        return [];
    }
    const newer: { tag: DatedTag; series: SeriesTag; time: number }[] = [];
    for (const tag of tags) {
        const series = parseSeriesTag(tag.tag);
        const time = timeOf(tag.date);
        if (
            series !== undefined &&
            series.key === base.key &&
            time !== undefined &&
            time > baseTime &&
            compareVersions(series.version, base.version) > 0
        ) {
            newer.push({ tag, series, time });
        }
    }
    return newer
        .sort((a, b) => compareVersions(b.series.version, a.series.version) || b.time - a.time)
        .map((n) => n.tag);
}

/** The tag `current` should move to (the first of {@link newerInSeries}), or undefined when it stays. */
export function newestInSeries(current: DatedTag, tags: readonly DatedTag[]): DatedTag | undefined {
    return newerInSeries(current, tags)[0];
}
