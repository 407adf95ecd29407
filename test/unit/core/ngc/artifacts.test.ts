import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HttpError } from '../../../../src/core/http/errors';
import {
    getArtifact,
    getVersion,
    listDownloadUrls,
    listFiles,
    listVersions,
    newestFirst,
    resolveDownloadUrl,
} from '../../../../src/core/ngc/artifacts';
import { aFileObject, anArtifactObject, aPaginationInfo, aVersionObject } from '../../../builders/ngcResponses';
import { at, fakeNgc } from './fakeNgc';

describe('artifacts normalisation over a fake API (unit)', () => {
    let ngc: Awaited<ReturnType<typeof fakeNgc>>;
    before(async () => {
        ngc = await fakeNgc([
            at('/v2/org/nvidia/team/tao/models/peoplenet', { model: anArtifactObject() }),
            at('/v2/resources/nvidia/tao/tao-samples', {
                recipe: anArtifactObject({ name: 'tao-samples', latestVersionIdStr: '1.1' }),
            }),
            at('/v2/org/nvidia/helm-charts/gpu-operator', {
                artifact: anArtifactObject({
                    teamName: undefined,
                    name: 'gpu-operator',
                    latestVersionIdStr: undefined,
                    latestVersionId: 'v25.3.0',
                }),
            }),
            at('/v2/org/nvidia/helm-charts/attr-chart', {
                artifact: anArtifactObject({
                    latestVersionIdStr: undefined,
                    latestVersionId: undefined,
                    attributes: [{ key: 'latestVersionIdStr', value: '0.1.0' }],
                }),
            }),
            at('/v2/org/nvidia/models/empty', { requestStatus: { statusCode: 'SUCCESS' } }),
            (url) =>
                url.pathname === '/v2/org/nvidia/team/tao/models/peoplenet/versions'
                    ? {
                          body: {
                              modelVersions:
                                  url.searchParams.get('page-number') === '1'
                                      ? [aVersionObject({ versionId: '1.0', createdDate: '2023-01-01T00:00:00Z' })]
                                      : [
                                            aVersionObject({ versionId: '2.5.0', createdDate: '2024-06-01T00:00:00Z' }),
                                            aVersionObject({
                                                versionId: '3.0',
                                                status: 'UPLOAD_PENDING',
                                                createdDate: '2025-03-01T00:00:00Z',
                                            }),
                                        ],
                              paginationInfo: aPaginationInfo(
                                  Number(url.searchParams.get('page-number') ?? 0),
                                  2,
                                  2,
                                  3,
                              ),
                          },
                      }
                    : undefined,
            at('/v2/org/nvidia/helm-charts/gpu-operator/versions/v25.3.0', {
                artifactVersion: aVersionObject({ versionId: undefined, id: 'v25.3.0' }),
            }),
            at('/v2/org/nvidia/models/broken/versions/1', { modelVersion: { status: 'UPLOAD_COMPLETE' } }),
            at('/v2/org/acme/resources/r/versions/1/files', {
                recipeFiles: [aFileObject('/dir/a.bin', 10, 'AAAA'), aFileObject('b.txt', 20)],
                paginationInfo: aPaginationInfo(0, 2, 1, 2),
            }),
            at('/v2/org/acme/models/m/versions/1/files', { modelFiles: [{ path: 'x', sizeInBytes: 'lots' }] }),
            (url) =>
                url.pathname === '/v2/org/acme/models/m/1/files'
                    ? url.searchParams.get('path') === 'dir/a.bin'
                        ? { body: { url: 'http://files.test/a?sig=1' } }
                        : url.searchParams.get('path') === 'b.txt'
                          ? { body: { urls: ['http://files.test/b?sig=2'] } }
                          : {
                                body: {
                                    filepath: ['/dir/a.bin', '/b.txt'],
                                    urls: ['http://files.test/a?sig=1', 'http://files.test/b?sig=2'],
                                    sha256_base64: ['AAAA', ''],
                                    paginationInfo: aPaginationInfo(0, 2, 1, 2),
                                },
                            }
                    : undefined,
            at('/v2/org/acme/models/mismatch/1/files', { filepath: ['a', 'b'], urls: ['u'] }),
        ]);
    });
    after(() => ngc.close());

    it('Should fold model, recipe and artifact objects into one shape', async () => {
        const key = 'nvapi-unit-test';
        const model = await getArtifact(ngc.client(key), 'model', { org: 'nvidia', team: 'tao', name: 'peoplenet' });
        assert.equal(model.kind, 'model');
        assert.equal(model.latestVersion, '2.6.1');
        assert.equal(model.team, 'tao');
        assert.equal(model.latestVersionSizeInBytes, 5839530);
        const resource = await getArtifact(ngc.client(), 'resource', {
            org: 'nvidia',
            team: 'tao',
            name: 'tao-samples',
        });
        assert.equal(resource.kind, 'resource');
        assert.equal(resource.latestVersion, '1.1');
        const chart = await getArtifact(ngc.client(key), 'helm-chart', { org: 'nvidia', name: 'gpu-operator' });
        assert.equal(chart.latestVersion, 'v25.3.0');
        assert.equal(chart.team, undefined);
        const viaAttribute = await getArtifact(ngc.client(key), 'helm-chart', { org: 'nvidia', name: 'attr-chart' });
        assert.equal(viaAttribute.latestVersion, '0.1.0');
    });

    it('Should fail clearly when the body has no artifact object', async () => {
        await assert.rejects(
            getArtifact(ngc.client('nvapi-k'), 'model', { org: 'nvidia', name: 'empty' }),
            (e: unknown) => {
                assert.ok(HttpError.is(e, 'format'));
                assert.match(e.message, /no model object/);
                return true;
            },
        );
    });

    it('Should list versions across pages, newest first', async () => {
        const versions = await listVersions(
            ngc.client('nvapi-k'),
            'model',
            { org: 'nvidia', team: 'tao', name: 'peoplenet' },
            { pageSize: 2 },
        );
        assert.deepEqual(
            versions.map((v) => [v.version, v.status]),
            [
                ['3.0', 'UPLOAD_PENDING'],
                ['2.5.0', 'UPLOAD_COMPLETE'],
                ['1.0', 'UPLOAD_COMPLETE'],
            ],
        );
        const asked = ngc.server.requests
            .filter((r) => r.url.includes('/peoplenet/versions'))
            .map((r) => new URL(r.url, 'http://x').searchParams);
        assert.ok(asked.every((q) => q.get('sort-order') === 'SEMVER_DESC'));
    });

    it('Should read a chart version from its string id', async () => {
        const v = await getVersion(
            ngc.client('nvapi-k'),
            'helm-chart',
            { org: 'nvidia', name: 'gpu-operator' },
            'v25.3.0',
        );
        assert.equal(v.version, 'v25.3.0');
        assert.equal(v.totalFileCount, 37);
    });

    it('Should reject a version without any id as a format error naming the field', async () => {
        await assert.rejects(
            getVersion(ngc.client('nvapi-k'), 'model', { org: 'nvidia', name: 'broken' }, '1'),
            (e: unknown) => {
                return HttpError.is(e, 'format') && /versionId/.test(e.message);
            },
        );
    });

    it('Should strip leading slashes from file paths and rename the checksum', async () => {
        const files = await listFiles(ngc.client('nvapi-k'), 'resource', { org: 'acme', name: 'r' }, '1');
        assert.deepEqual(files, [
            { path: 'dir/a.bin', sizeInBytes: 10, sha256Base64: 'AAAA' },
            { path: 'b.txt', sizeInBytes: 20 },
        ]);
    });

    it('Should refuse a file whose size is not a number', async () => {
        await assert.rejects(
            listFiles(ngc.client('nvapi-k'), 'model', { org: 'acme', name: 'm' }, '1'),
            (e: unknown) => {
                return HttpError.is(e, 'format') && /sizeInBytes/.test(e.message);
            },
        );
    });

    it('Should pair filepath, urls and sha256_base64 by index', async () => {
        const urls = await listDownloadUrls(ngc.client('nvapi-k'), 'model', { org: 'acme', name: 'm' }, '1');
        assert.deepEqual(urls, [
            { path: 'dir/a.bin', url: 'http://files.test/a?sig=1', sha256Base64: 'AAAA' },
            { path: 'b.txt', url: 'http://files.test/b?sig=2' },
        ]);
    });

    it('Should refuse arrays of different lengths rather than mis-pair them', async () => {
        await assert.rejects(
            listDownloadUrls(ngc.client('nvapi-k'), 'model', { org: 'acme', name: 'mismatch' }, '1'),
            /2 file paths but 1 URLs/,
        );
    });

    it('Should resolve one URL from either urls[0] or url', async () => {
        const client = ngc.client('nvapi-k');
        assert.equal(
            await resolveDownloadUrl(client, 'model', { org: 'acme', name: 'm' }, '1', '/dir/a.bin'),
            'http://files.test/a?sig=1',
        );
        assert.equal(
            await resolveDownloadUrl(client, 'model', { org: 'acme', name: 'm' }, '1', 'b.txt'),
            'http://files.test/b?sig=2',
        );
    });

    it('Should refuse download URLs for helm charts', async () => {
        await assert.rejects(
            listDownloadUrls(ngc.client('nvapi-k'), 'helm-chart', { org: 'a', name: 'c' }, '1'),
            /helm repository/,
        );
    });
});

describe('newestFirst (unit)', () => {
    it('Should sort dated versions newest first and keep undated ones after, in server order', () => {
        const sorted = newestFirst([
            { version: 'x', status: 'UNKNOWN' },
            { version: 'old', status: 'UPLOAD_COMPLETE', createdDate: '2020-01-01T00:00:00Z' },
            { version: 'y', status: 'UNKNOWN' },
            { version: 'new', status: 'UPLOAD_COMPLETE', createdDate: '2025-01-01T00:00:00Z' },
        ]);
        assert.deepEqual(
            sorted.map((v) => v.version),
            ['new', 'old', 'x', 'y'],
        );
    });
});
