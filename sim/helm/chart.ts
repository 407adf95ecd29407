/**
 * Helm chart archives: a real gzip'd tar holding `NAME/Chart.yaml` and `NAME/values.yaml`, as `helm pull` expects from
 * helm.ngc.nvidia.com `/{org}[/{team}]/charts/{name}-{ver}.tgz` (ngc-api.md 7.2). The same bytes are the `.tgz` listed
 * in the API's `artifactFiles`.
 */
import { gzip, tar } from '../core/tar.js';

export interface ChartInfo {
    name: string;
    version: string;
    appVersion: string;
    description: string;
}

const cache = new Map<string, Buffer>();

/** The chart archive for `info` (cached; deterministic bytes). */
export function chartArchive(info: ChartInfo): Buffer {
    const key = `${info.name}-${info.version}`;
    let archive = cache.get(key);
    if (archive === undefined) {
        const chartYaml = [
            'apiVersion: v2',
            `name: ${info.name}`,
            `version: ${info.version}`,
            `appVersion: ${JSON.stringify(info.appVersion)}`,
            `description: ${JSON.stringify(info.description)}`,
            'type: application',
            '',
        ].join('\n');
        const valuesYaml = ['replicaCount: 1', 'image:', `  tag: ${JSON.stringify(info.appVersion)}`, ''].join('\n');
        archive = gzip(
            tar([
                { name: `${info.name}/Chart.yaml`, content: Buffer.from(chartYaml) },
                { name: `${info.name}/values.yaml`, content: Buffer.from(valuesYaml) },
            ]),
        );
        cache.set(key, archive);
    }
    return archive;
}

/** The archive file name NGC uses: `NAME-VERSION.tgz`. */
export function chartFileName(name: string, version: string): string {
    return `${name}-${version}.tgz`;
}
