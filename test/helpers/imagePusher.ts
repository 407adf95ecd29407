/**
 * Pushes small but real images into an OCI distribution registry over plain HTTP with Basic auth, from Node, the
 * way `docker push` does (monolithic blob upload, then manifests, then the index): a gzipped tar layer and a config
 * per platform, Docker schema 2 or OCI manifests, and an OCI index or Docker manifest list for several platforms.
 * Digests are computed here, independently of the client under test. `payloadBytes` adds a file of random
 * (incompressible) bytes to each layer, for pulls that must be big on disk.
 */
import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export interface PushAuth {
    username: string;
    password: string;
}

export interface PushPlatform {
    os: string;
    architecture: string;
    variant?: string;
}

export interface PushedImage {
    /** What the tag points at: the index/list, or the single manifest. */
    digest: string;
    mediaType: string;
    /** `os/arch[/variant]` → manifest digest. */
    platforms: Map<string, string>;
}

const MEDIA = {
    docker: {
        manifest: 'application/vnd.docker.distribution.manifest.v2+json',
        index: 'application/vnd.docker.distribution.manifest.list.v2+json',
        config: 'application/vnd.docker.container.image.v1+json',
        layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
    },
    oci: {
        manifest: 'application/vnd.oci.image.manifest.v1+json',
        index: 'application/vnd.oci.image.index.v1+json',
        config: 'application/vnd.oci.image.config.v1+json',
        layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
    },
} as const;

export const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** Pushes `repository:tag` for `platforms`; one platform gives a plain manifest, several an index. */
export async function pushImage(
    baseUrl: string,
    repository: string,
    tag: string,
    options: { format: 'oci' | 'docker'; platforms: PushPlatform[]; auth: PushAuth; payloadBytes?: number },
): Promise<PushedImage> {
    const media = MEDIA[options.format];
    const authorization = `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`;
    const manifests: { digest: string; size: number; platform: PushPlatform }[] = [];
    for (const platform of options.platforms) {
        const name = [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
        const files: [string, Buffer][] = [['etc/release', Buffer.from(`${repository}:${tag} ${name}\n`)]];
        if (options.payloadBytes) {
            files.push(['opt/payload.bin', randomBytes(options.payloadBytes)]);
        }
        const layerTar = tar(files);
        const layer = gzipSync(layerTar);
        const config = Buffer.from(
            JSON.stringify({
                ...platform,
                created: '2025-01-01T00:00:00Z',
                config: { Cmd: ['/bin/true'] },
                rootfs: { type: 'layers', diff_ids: [sha256(layerTar)] },
            }),
        );
        await pushBlob(baseUrl, repository, layer, authorization);
        await pushBlob(baseUrl, repository, config, authorization);
        const manifest = Buffer.from(
            JSON.stringify({
                schemaVersion: 2,
                mediaType: media.manifest,
                config: { mediaType: media.config, size: config.length, digest: sha256(config) },
                layers: [{ mediaType: media.layer, size: layer.length, digest: sha256(layer) }],
            }),
        );
        const digest = sha256(manifest);
        await putManifest(
            baseUrl,
            repository,
            options.platforms.length === 1 ? tag : digest,
            manifest,
            media.manifest,
            authorization,
        );
        manifests.push({ digest, size: manifest.length, platform });
    }
    const platforms = new Map(
        manifests.map((m) => [
            [m.platform.os, m.platform.architecture, m.platform.variant].filter(Boolean).join('/'),
            m.digest,
        ]),
    );
    const only = manifests[0];
    if (manifests.length === 1 && only) {
        return { digest: only.digest, mediaType: media.manifest, platforms };
    }
    const index = Buffer.from(
        JSON.stringify({
            schemaVersion: 2,
            mediaType: media.index,
            manifests: manifests.map((m) => ({
                mediaType: media.manifest,
                size: m.size,
                digest: m.digest,
                platform: m.platform,
            })),
        }),
    );
    await putManifest(baseUrl, repository, tag, index, media.index, authorization);
    return { digest: sha256(index), mediaType: media.index, platforms };
}

/** Points another tag at an existing manifest (what `docker tag` + push does). */
export async function retag(
    baseUrl: string,
    repository: string,
    from: string,
    to: string,
    auth: PushAuth,
): Promise<void> {
    const authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    const accept = [MEDIA.oci.index, MEDIA.docker.index, MEDIA.oci.manifest, MEDIA.docker.manifest].join(', ');
    const got = await fetch(`${baseUrl}/v2/${repository}/manifests/${from}`, { headers: { authorization, accept } });
    const bytes = Buffer.from(await got.arrayBuffer());
    await putManifest(baseUrl, repository, to, bytes, got.headers.get('content-type') ?? '', authorization);
}

async function pushBlob(baseUrl: string, repository: string, bytes: Buffer, authorization: string): Promise<void> {
    const start = await fetch(`${baseUrl}/v2/${repository}/blobs/uploads/`, {
        method: 'POST',
        headers: { authorization },
    });
    await start.arrayBuffer();
    const location = start.headers.get('location');
    if (start.status !== 202 || !location) {
        throw new Error(`blob upload start: HTTP ${start.status}`);
    }
    const url = new URL(location, baseUrl);
    url.searchParams.set('digest', sha256(bytes));
    const put = await fetch(url, {
        method: 'PUT',
        headers: { authorization, 'content-type': 'application/octet-stream' },
        body: new Uint8Array(bytes),
    });
    await put.arrayBuffer();
    if (put.status !== 201) {
        throw new Error(`blob upload: HTTP ${put.status}`);
    }
}

async function putManifest(
    baseUrl: string,
    repository: string,
    reference: string,
    bytes: Buffer,
    mediaType: string,
    authorization: string,
): Promise<void> {
    const put = await fetch(`${baseUrl}/v2/${repository}/manifests/${reference}`, {
        method: 'PUT',
        headers: { authorization, 'content-type': mediaType },
        body: new Uint8Array(bytes),
    });
    const text = await put.text();
    if (put.status !== 201) {
        throw new Error(`manifest put ${repository}:${reference}: HTTP ${put.status} ${text}`);
    }
}

/** A ustar archive of regular files. */
function tar(files: [string, Buffer][]): Buffer {
    return Buffer.concat([...files.flatMap(([name, body]) => tarEntry(name, body)), Buffer.alloc(1024)]);
}

function tarEntry(name: string, body: Buffer): Buffer[] {
    const header = Buffer.alloc(512);
    header.write(name, 0);
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
    header.write('00000000000\0', 136);
    header.write('        ', 148);
    header.write('0', 156);
    header.write('ustar\0' + '00', 257);
    const sum = header.reduce((n, b) => n + b, 0);
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    const padding = Buffer.alloc((512 - (body.length % 512)) % 512);
    return [header, body, padding];
}
