import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Simulator } from '../../../sim/server';

/**
 * Independent readings of the simulator, with plain fetch, to check what the extension showed or wrote (the
 * extension's own clients are not used to check themselves).
 */
const ACCEPT = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** A REST document of the simulated NGC API, anonymous or with `key` as the Bearer. */
export async function restJson<T>(sim: Simulator, path: string, key?: string): Promise<T> {
    const response = await fetch(`${sim.urls.api}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
    if (!response.ok) {
        throw new Error(`GET ${path}: ${response.status}`);
    }
    return (await response.json()) as T;
}

/**
 * Every item of a paged REST list under `key` (`images`, `modelFiles`, …): the simulator caps page sizes like NGC,
 * so one request is not the whole list. Follows `paginationInfo.totalPages`.
 */
export async function restList<T>(sim: Simulator, path: string, key: string, apiKey?: string): Promise<T[]> {
    const all: T[] = [];
    for (let page = 0, pages = 1; page < pages; page++) {
        const body = await restJson<Record<string, unknown>>(
            sim,
            `${path}${path.includes('?') ? '&' : '?'}page-number=${page}`,
            apiKey,
        );
        all.push(...((body[key] as T[] | undefined) ?? []));
        pages = (body['paginationInfo'] as { totalPages?: number } | undefined)?.totalPages ?? 1;
    }
    return all;
}

/** An anonymous pull token of the simulated registry for `repo`. */
export async function registryToken(sim: Simulator, repo: string): Promise<string> {
    const response = await fetch(`http://${sim.urls.registry}/proxy_auth?scope=repository:${repo}:pull`);
    const { token } = (await response.json()) as { token: string };
    return token;
}

/** The sha256 of the manifest (or index) bytes the registry serves for `repo:tag`, with an anonymous token. */
export async function registryDigest(sim: Simulator, repo: string, tag: string): Promise<string> {
    const token = await registryToken(sim, repo);
    const response = await fetch(`http://${sim.urls.registry}/v2/${repo}/manifests/${tag}`, {
        headers: { authorization: `Bearer ${token}`, accept: ACCEPT },
    });
    if (!response.ok) {
        throw new Error(`manifest ${repo}:${tag}: ${response.status}`);
    }
    return `sha256:${createHash('sha256')
        .update(Buffer.from(await response.arrayBuffer()))
        .digest('hex')}`;
}

/** The `Env` of the image config of `repo:tag` for `architecture`, read from the registry with an anonymous token. */
export async function imageConfigEnv(
    sim: Simulator,
    repo: string,
    tag: string,
    architecture: string,
): Promise<Record<string, string>> {
    const token = await registryToken(sim, repo);
    const get = async (path: string, accept?: string): Promise<unknown> => {
        const response = await fetch(`http://${sim.urls.registry}/v2/${repo}/${path}`, {
            headers: { authorization: `Bearer ${token}`, ...(accept ? { accept } : {}) },
        });
        assert.ok(response.ok, `${path}: ${response.status}`);
        return response.json();
    };
    const index = (await get(`manifests/${tag}`, 'application/vnd.docker.distribution.manifest.list.v2+json')) as {
        manifests: { digest: string; platform: { architecture: string } }[];
    };
    const entry = index.manifests.find((m) => m.platform.architecture === architecture);
    assert.ok(entry, `${repo}:${tag} has ${architecture}`);
    const manifest = (await get(
        `manifests/${entry.digest}`,
        'application/vnd.docker.distribution.manifest.v2+json',
    )) as { config: { digest: string } };
    const config = (await get(`blobs/${manifest.config.digest}`)) as { config: { Env: string[] } };
    return Object.fromEntries(
        config.config.Env.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
}

/** Serves `repo`'s REST image list with one tag renamed to `tagName` (a fault rule on the API host). */
export async function injectTagName(sim: Simulator, org: string, repo: string, tagName: string): Promise<void> {
    const path = `/v2/repos/${org}/${repo}/images`;
    const body = await restJson<{ images: { tag: string }[] }>(sim, path);
    const first = body.images[0];
    if (!first) {
        throw new Error(`${org}/${repo} has no images`);
    }
    first.tag = tagName;
    sim.faults.add({
        host: 'api',
        path: new RegExp(`/repos/${repo}/images$`),
        fault: { kind: 'json', body: JSON.stringify(body), status: 200 },
    });
}

/**
 * Checks each file of the model version listed at `filesPath` (REST, read with `key`) against the one in `folder`:
 * its size and sha256 as the listing gives them. Returns how many files the listing has.
 */
export async function checkDownloadedFiles(
    sim: Simulator,
    filesPath: string,
    key: string,
    folder: string,
): Promise<number> {
    const listing = await restJson<{ modelFiles: { path: string; sizeInBytes: number; sha256_base64: string }[] }>(
        sim,
        filesPath,
        key,
    );
    for (const file of listing.modelFiles) {
        const bytes = await readFile(join(folder, file.path));
        assert.equal(bytes.length, file.sizeInBytes, `${file.path} size`);
        assert.equal(createHash('sha256').update(bytes).digest('base64'), file.sha256_base64, `${file.path} sha256`);
    }
    return listing.modelFiles.length;
}

/** The user settings that point the extension at `sim`'s origins (an e2e or bench profile reads no NGC_* variable). */
export function simEndpointSettings(sim: Pick<Simulator, 'urls'>): Record<string, string> {
    return {
        'ngc.apiUrl': sim.urls.api,
        'ngc.authUrl': sim.urls.auth,
        'ngc.registry': sim.urls.registry,
        'ngc.helmUrl': sim.urls.helm,
    };
}

/** Calls `listener` with the URL of every API request the simulator records from now on, as it arrives. */
export function onApiRequest(sim: Pick<Simulator, 'requests'>, listener: (url: string) => void): void {
    const push = sim.requests.push.bind(sim.requests);
    sim.requests.push = (...items) => {
        for (const item of items) {
            if (item.host === 'api') {
                listener(item.url);
            }
        }
        return push(...items);
    };
}
