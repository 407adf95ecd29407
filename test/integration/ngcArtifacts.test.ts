import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Simulator } from '../../sim/server';
import { HttpError } from '../../src/core/http/errors';
import {
    getArtifact,
    getVersion,
    listDownloadUrls,
    listFiles,
    listVersions,
    resolveDownloadUrl,
} from '../../src/core/ngc/artifacts';
import { fetchPage } from '../../src/core/ngc/paging';
import { listReposPage, listTags } from '../../src/core/ngc/repos';
import { seen, useSimulator, type SimClients } from './ngcHelpers';

const peoplenet = { org: 'nvidia', team: 'tao', name: 'peoplenet' };

describe('NGC artifacts, paging and malformed answers against the simulator (integration)', () => {
    let sim: Simulator;
    let c: SimClients;
    useSimulator({}, (started, clients) => {
        sim = started;
        c = clients;
    });

    describe('models, resources and helm charts', () => {
        it('Should read a model on the authenticated and guest paths', async () => {
            const authed = await getArtifact(c.make(sim.keys.personal), 'model', peoplenet);
            const guest = await getArtifact(c.make(), 'model', peoplenet);
            assert.equal(authed.latestVersion, '2.6.1');
            assert.deepEqual({ ...guest }, { ...authed });
            assert.equal(seen(sim, 'api', '/v2/org/nvidia/team/tao/models/peoplenet?').length, 1);
            assert.equal(seen(sim, 'api', '/v2/models/nvidia/tao/peoplenet?').length, 1);
        });

        it('Should list model versions newest first with their status', async () => {
            const versions = await listVersions(c.make(sim.keys.personal), 'model', peoplenet);
            assert.deepEqual(
                versions.map((v) => [v.version, v.status]),
                [
                    ['3.0', 'UPLOAD_PENDING'],
                    ['2.6.1', 'UPLOAD_COMPLETE'],
                    ['2.5.0', 'UPLOAD_COMPLETE'],
                ],
            );
        });

        it('Should read one version with size and file count', async () => {
            const v = await getVersion(c.make(), 'model', peoplenet, '2.6.1');
            assert.equal(v.status, 'UPLOAD_COMPLETE');
            assert.equal(v.totalFileCount, 37);
            assert.ok((v.totalSizeInBytes ?? 0) > 0);
        });

        it('Should list all 37 files across pages, some without sha256', async () => {
            const files = await listFiles(c.make(sim.keys.personal), 'model', peoplenet, '2.6.1', { pageSize: 10 });
            assert.equal(files.length, 37);
            assert.equal(new Set(files.map((f) => f.path)).size, 37);
            assert.equal(files.filter((f) => f.sha256Base64 === undefined).length, 3);
            assert.ok(files.every((f) => !f.path.startsWith('/') && f.sizeInBytes >= 0));
            assert.equal(seen(sim, 'api', '/v2/org/nvidia/team/tao/models/peoplenet/versions/2.6.1/files').length, 4);
            const v = await getVersion(c.make(), 'model', peoplenet, '2.6.1');
            assert.equal(
                files.reduce((s, f) => s + f.sizeInBytes, 0),
                v.totalSizeInBytes,
            );
        });

        it('Should list presigned URLs on the files origin, paired with paths and checksums', async () => {
            const client = c.make(sim.keys.personal);
            const files = await listFiles(client, 'model', peoplenet, '2.6.1');
            const urls = await listDownloadUrls(client, 'model', peoplenet, '2.6.1', { pageSize: 10 });
            assert.equal(urls.length, 37);
            for (const u of urls) {
                assert.ok(u.url.startsWith(sim.urls.files), u.url);
                assert.equal(u.sha256Base64, files.find((f) => f.path === u.path)?.sha256Base64);
            }
            assert.ok(seen(sim, 'api', '/v2/org/nvidia/team/tao/models/peoplenet/2.6.1/files').length >= 4);
        });

        it('Should use the guest download-URL path without a key', async () => {
            const urls = await listDownloadUrls(c.make(), 'model', peoplenet, '2.6.1');
            assert.equal(urls.length, 37);
            assert.ok(seen(sim, 'api', '/v2/models/org/nvidia/team/tao/peoplenet/2.6.1/files').length >= 1);
        });

        it('Should resolve one file to a presigned URL that the files host serves', async () => {
            const client = c.make(sim.keys.personal);
            const [file] = await listFiles(client, 'model', peoplenet, '2.6.1');
            const url = await resolveDownloadUrl(client, 'model', peoplenet, '2.6.1', file?.path ?? '');
            const response = await c.http.send({ url });
            let length = 0;
            for await (const chunk of response.body) {
                length += (chunk as Buffer).length;
            }
            assert.equal(response.status, 200);
            assert.equal(length, file?.sizeInBytes);
        });

        it('Should read resources through their recipe keys', async () => {
            const ref = { org: 'nvidia', team: 'tao', name: 'tao-samples' };
            const client = c.make(sim.keys.personal);
            const artifact = await getArtifact(client, 'resource', ref);
            assert.equal(artifact.kind, 'resource');
            assert.equal(artifact.latestVersion, '1.1');
            assert.deepEqual(
                (await listVersions(client, 'resource', ref)).map((v) => v.version),
                ['1.1', '1.0'],
            );
            assert.equal((await listFiles(client, 'resource', ref, '1.1')).length, 5);
            assert.equal((await listDownloadUrls(c.make(), 'resource', ref, '1.1')).length, 5);
        });

        it('Should read helm charts through their artifact keys', async () => {
            const ref = { org: 'nvidia', name: 'gpu-operator' };
            const artifact = await getArtifact(c.make(), 'helm-chart', ref);
            assert.equal(artifact.latestVersion, 'v25.3.0');
            const versions = await listVersions(c.make(sim.keys.personal), 'helm-chart', ref);
            assert.deepEqual(
                versions.map((v) => v.version),
                ['v25.3.0', 'v24.9.2'],
            );
            assert.equal((await getVersion(c.make(), 'helm-chart', ref, 'v24.9.2')).version, 'v24.9.2');
            assert.deepEqual(
                (await listFiles(c.make(), 'helm-chart', ref, 'v25.3.0')).map((f) => f.path),
                ['gpu-operator-v25.3.0.tgz', 'README.md', 'values.schema.json', 'crds/clusterpolicy.yaml'],
            );
        });

        it('Should read private team artifacts with a member key', async () => {
            const client = c.make(sim.keys.personal);
            assert.equal(
                (await getArtifact(client, 'model', { org: 'acme', team: 'vision', name: 'resnet-custom' }))
                    .latestVersion,
                '1.0',
            );
            assert.equal(
                (await getArtifact(client, 'helm-chart', { org: 'acme', team: 'vision', name: 'detector-chart' }))
                    .latestVersion,
                '0.1.0',
            );
            assert.ok(
                (
                    await listFiles(
                        client,
                        'resource',
                        { org: 'acme', team: 'vision', name: 'eval-scripts' },
                        (
                            await listVersions(client, 'resource', {
                                org: 'acme',
                                team: 'vision',
                                name: 'eval-scripts',
                            })
                        )[0]?.version ?? '',
                    )
                ).length > 0,
            );
        });
    });

    describe('pagination edges', () => {
        it('Should return an empty last page past the end, totals intact', async () => {
            const page = await listReposPage(c.make(sim.keys.personal), { org: 'nvidia' }, 50, { pageSize: 5 });
            assert.deepEqual(page.items, []);
            assert.equal(page.hasMore, false);
            assert.ok((page.totalResults ?? 0) > 0);
        });

        it('Should make exactly one request for a list of exactly one item', async () => {
            const ref = { org: 'acme', team: 'vision', name: 'resnet-custom' };
            const versions = await listVersions(c.make(sim.keys.personal), 'model', ref, { pageSize: 1 });
            assert.equal(versions.length, 1);
            assert.equal(seen(sim, 'api', '/v2/org/acme/team/vision/models/resnet-custom/versions').length, 1);
        });

        it('Should make exactly one request for a list that fills exactly one page', async () => {
            const ref = { org: 'nvidia', team: 'tao', name: 'tao-samples' };
            const files = await listFiles(c.make(sim.keys.personal), 'resource', ref, '1.1', { pageSize: 5 });
            assert.equal(files.length, 5);
            assert.equal(
                seen(sim, 'api', '/v2/org/nvidia/team/tao/resources/tao-samples/versions/1.1/files').length,
                1,
            );
        });

        it('Should report more pages from the first one for "Load more"', async () => {
            const client = c.make();
            const loader = async (page: number, size: number) => {
                const tags = await listTags(client, { org: 'nvidia', name: 'cuda' }, { pageSize: size });
                return {
                    items: tags.slice(page * size, page * size + size),
                    paginationInfo: { totalPages: Math.ceil(tags.length / size) },
                };
            };
            const first = await fetchPage(loader, 0, 25);
            assert.equal(first.hasMore, true);
            assert.equal((await fetchPage(loader, 2, 25)).hasMore, false);
        });
    });

    describe('malformed answers', () => {
        it('Should turn an HTML page into a clear format error', async () => {
            sim.faults.add({ host: 'api', path: '/v2/org/nvidia/team/tao/models/peoplenet', fault: { kind: 'html' } });
            await assert.rejects(getArtifact(c.make(sim.keys.personal), 'model', peoplenet), (e: unknown) => {
                assert.ok(HttpError.is(e, 'format'));
                assert.match(e.message, /HTML page/);
                return true;
            });
        });

        it('Should name the field when a version list has the wrong types', async () => {
            sim.faults.add({
                host: 'api',
                path: '/v2/org/nvidia/team/tao/models/peoplenet/versions',
                fault: {
                    kind: 'json',
                    body: { modelVersions: [{ versionId: '1', totalSizeInBytes: 'x', status: 7 }] },
                },
            });
            await assert.rejects(listVersions(c.make(sim.keys.personal), 'model', peoplenet), (e: unknown) => {
                assert.ok(HttpError.is(e, 'format'));
                assert.match(e.message, /modelVersions\.0\.status/);
                return true;
            });
        });

        it('Should refuse file entries without a path', async () => {
            sim.faults.add({
                host: 'api',
                path: '/v2/org/nvidia/team/tao/models/peoplenet/versions/2.6.1/files',
                fault: { kind: 'json', body: { modelFiles: [{ sizeInBytes: 3 }] } },
            });
            await assert.rejects(listFiles(c.make(sim.keys.personal), 'model', peoplenet, '2.6.1'), (e: unknown) => {
                return HttpError.is(e, 'format') && /modelFiles\.0\.path/.test(e.message);
            });
        });

        it('Should refuse a download-URL page with missing arrays', async () => {
            sim.faults.add({
                host: 'api',
                path: '/v2/org/nvidia/team/tao/models/peoplenet/2.6.1/files',
                fault: { kind: 'json', body: { filepath: ['a'] } },
            });
            await assert.rejects(
                listDownloadUrls(c.make(sim.keys.personal), 'model', peoplenet, '2.6.1'),
                (e: unknown) => {
                    return HttpError.is(e, 'format') && /urls/.test(e.message);
                },
            );
        });

        it('Should refuse a tag list that is not an object', async () => {
            sim.faults.add({
                host: 'api',
                path: '/v2/org/nvidia/repos/pytorch/images',
                fault: { kind: 'json', body: [1, 2, 3] },
            });
            await assert.rejects(
                listTags(c.make(sim.keys.personal), { org: 'nvidia', name: 'pytorch' }),
                (e: unknown) => HttpError.is(e, 'format'),
            );
        });

        it('Should tolerate unknown and missing optional fields', async () => {
            sim.faults.add({
                host: 'api',
                path: '/v2/org/nvidia/repos/pytorch/images',
                fault: {
                    kind: 'json',
                    body: { images: [{ tag: 'x', surprise: { deep: true } }], paginationInfo: null },
                },
            });
            const tags = await listTags(c.make(sim.keys.personal), { org: 'nvidia', name: 'pytorch' });
            assert.deepEqual(tags, [{ tag: 'x', signed: false, platforms: [] }]);
        });
    });
});
