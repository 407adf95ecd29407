import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../../src/cli/main';
import { diagnose } from '../../../../src/core/diagnose/diagnose';
import { HttpError } from '../../../../src/core/http/errors';
import { hostileEnv } from '../../../builders/hostileClients';
import { json, jsonFrom, raw } from '../../../builders/hostileReplies';
import { startHostileServer, type HostileServer } from '../../../builders/hostileServer';
import { captureOutput } from '../../../helpers/commandRunner';

const NETWORK_WORDS = /request failed|\bretry\b|network|Cannot reach/i;

describe('local failures and refusals are not network failures (unit, hostile server)', () => {
    let server: HostileServer;
    let dest: string;
    before(async () => {
        server = await startHostileServer();
        dest = await mkdtemp(join(tmpdir(), 'ngc-local-'));
        const chart = '/v2/org/acme/helm-charts/chart';
        server.on(
            'GET',
            `${chart}/versions/1.0`,
            json(200, { artifactVersion: { id: '1.0', status: 'UPLOAD_COMPLETE' } }),
        );
        server.on(
            'GET',
            `${chart}/versions/1.0/files`,
            jsonFrom(200, () => ({ artifactFiles: [] })),
        );
        server.on('GET', chart, json(200, { artifact: { name: 'chart', orgName: 'acme', latestVersionIdStr: '1.0' } }));
        // The helm repository refuses the version outright (not 401/403/404): a refusal, not an outage.
        server.on(
            '*',
            '/acme/charts/chart-1.0.tgz',
            raw((res) => {
                res.writeHead(400, { 'content-type': 'text/plain' });
                res.end();
            }),
        );
        server.on('GET', '/v2/org/acme/repos/app/images', json(409, { requestStatus: { statusCode: 'CONFLICT' } }));
    });
    after(async () => {
        await server.close();
        await rm(dest, { recursive: true, force: true });
    });

    it('Should head a refused helm chart version as a refusal, not "The request failed … retry"', async () => {
        const io = captureOutput();
        const code = await main(
            ['download', 'acme/chart:1.0', '--type', 'helm-chart', '--dest', dest],
            io,
            hostileEnv(server, 'nvapi-local-failures-key'),
        );
        assert.equal(code, 1, io.err);
        assert.match(io.err, /The server refused the request/);
        assert.doesNotMatch(io.err, NETWORK_WORDS);
    });

    it('Should call any unknown 4xx a refusal that retrying will not fix, in the CLI too', async () => {
        for (const status of [400, 405, 409, 422]) {
            const d = diagnose(new HttpError({ kind: 'status', status, url: 'https://api.example/v2/x' }));
            assert.equal(d.cause, 'refused', `HTTP ${status}`);
            assert.notEqual(d.action, 'retry');
            assert.match(d.remedy, /will not help/);
        }
        const io = captureOutput();
        const code = await main(['tags', 'acme/app'], io, hostileEnv(server, 'nvapi-local-failures-key'));
        assert.equal(code, 1);
        assert.match(io.err, /The server refused the request/);
        assert.doesNotMatch(io.err, /The request failed/);
    });

    it('Should explain ENAMETOOLONG from the file system as a local file error', async () => {
        const error = await mkdir(join(dest, 'n'.repeat(300))).catch((e: unknown) => e);
        const d = diagnose(error);
        assert.equal(d.cause, 'localFile');
        assert.match(d.title, /file name is too long/);
        assert.doesNotMatch(`${d.title} ${d.remedy}`, NETWORK_WORDS);
    });

    it('Should never head an untyped local error "The request failed" nor advise a retry', () => {
        const d = diagnose(new Error('unexpected end of file at byte 12 while hashing'));
        assert.equal(d.title, 'The operation failed');
        assert.doesNotMatch(`${d.title} ${d.remedy}`, NETWORK_WORDS);
        assert.match(d.detail ?? '', /unexpected end of file/);
    });
});
