/**
 * helm.ngc.nvidia.com stand-in (ngc-api.md 7.2, 11.11): `/{org}[/{team}]/index.yaml` and
 * `/{org}[/{team}]/charts/{name}-{version}.tgz`. Public namespaces (`nvidia`) are served anonymously; private ones
 * need `Basic $oauthtoken:KEY`. As reported of the real host, presenting a key that is not a member of the namespace
 * gets 403 even where anonymous access would work.
 */
import { createHash } from 'node:crypto';
import type { KeyIdentity } from '../auth/keys.js';
import { basicOAuthKey, membershipOf } from '../auth/keys.js';
import type { ArtifactSeed } from '../catalog/types.js';
import type { SimContext } from '../core/context.js';
import { jsonResponse, textResponse } from '../core/types.js';
import type { SimRequest, SimResponse } from '../core/types.js';
import { chartFileName } from './chart.js';

function helmError(status: number, message: string, headers: Record<string, string> = {}): SimResponse {
    return jsonResponse(status, { error: message }, headers);
}

export function helmHandler(ctx: SimContext): (req: SimRequest) => SimResponse {
    return (req) => {
        if (req.method !== 'GET' && req.method !== 'HEAD') {
            return helmError(405, 'method not allowed');
        }
        const s = req.segments;
        const chartsAt = s.indexOf('charts');
        const isIndex = s[s.length - 1] === 'index.yaml';
        const namespace = isIndex ? s.slice(0, -1) : chartsAt >= 1 ? s.slice(0, chartsAt) : [];
        const [org, team, extra] = namespace;
        if (org === undefined || extra !== undefined || (!isIndex && (chartsAt < 1 || s.length !== chartsAt + 2))) {
            return helmError(404, 'not found');
        }
        if (ctx.catalog.findOrg(org) === undefined) {
            return helmError(404, `namespace ${namespace.join('/')} not found`);
        }
        const denied = authorize(ctx, req, org, team);
        if (denied !== undefined) {
            return denied;
        }
        const charts = ctx.catalog.artifactsIn('chart', org).filter((a) => a.team === team);
        if (isIndex) {
            return textResponse(200, indexYaml(charts), 'application/x-yaml');
        }
        const fileName = s[chartsAt + 1] ?? '';
        for (const chart of charts) {
            for (const v of chart.versions) {
                const file = v.files.find(
                    (f) => f.path === fileName && fileName === chartFileName(chart.name, v.version),
                );
                if (file?.content !== undefined) {
                    return { status: 200, headers: { 'content-type': 'application/gzip' }, body: file.content };
                }
            }
        }
        return helmError(404, `chart ${fileName} not found`);
    };
}

function authorize(ctx: SimContext, req: SimRequest, org: string, team: string | undefined): SimResponse | undefined {
    const basicChallenge = { 'www-authenticate': 'Basic realm="helm.ngc.nvidia.com"' };
    const header = req.headers.authorization;
    const isPublic = org === 'nvidia';
    if (header === undefined) {
        return isPublic ? undefined : helmError(401, 'authentication required', basicChallenge);
    }
    const key = basicOAuthKey(header);
    const identity: KeyIdentity | undefined = key === undefined ? undefined : ctx.identities.get(key);
    if (identity === undefined) {
        return helmError(401, 'invalid credentials', basicChallenge);
    }
    const membership = membershipOf(identity, org);
    if (membership === undefined || (team !== undefined && membership.teams[team] === undefined)) {
        return helmError(403, `access to ${team === undefined ? org : `${org}/${team}`} is forbidden for this key`);
    }
    return undefined;
}

/** The repository index, written by hand (no YAML library): relative chart URLs and sha256 digests. */
export function indexYaml(charts: ArtifactSeed[]): string {
    const lines = ['apiVersion: v1', charts.length === 0 ? 'entries: {}' : 'entries:'];
    for (const chart of charts) {
        lines.push(`  ${chart.name}:`);
        for (const v of chart.versions) {
            const file = v.files.find((f) => f.path === chartFileName(chart.name, v.version));
            const digest = file?.content === undefined ? '' : createHash('sha256').update(file.content).digest('hex');
            lines.push(
                '  - apiVersion: v2',
                `    appVersion: ${JSON.stringify(v.version)}`,
                `    created: ${JSON.stringify(v.createdDate)}`,
                `    description: ${JSON.stringify(chart.shortDescription)}`,
                `    digest: ${digest}`,
                `    name: ${chart.name}`,
                '    type: application',
                '    urls:',
                `    - charts/${chartFileName(chart.name, v.version)}`,
                `    version: ${v.version}`,
            );
        }
    }
    lines.push(`generated: "2025-03-31T00:00:00Z"`, '');
    return lines.join('\n');
}
