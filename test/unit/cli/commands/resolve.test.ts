import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../../src/cli/main';
import { sendJson, startLocalServer, type LocalServer } from '../../../builders/localServer';

describe('resolve with the environment given to main (unit)', () => {
    let registry: LocalServer;
    let dir: string;
    const basic = `Basic ${Buffer.from('robot:s3cret-pass').toString('base64')}`;

    before(async () => {
        registry = await startLocalServer((req, res) => {
            if (req.headers.authorization !== basic) {
                res.writeHead(401, { 'www-authenticate': 'Basic realm="test"', 'content-type': 'application/json' });
                res.end('{"errors":[{"code":"UNAUTHORIZED"}]}');
                return;
            }
            sendJson(res, 404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] });
        });
        dir = await mkdtemp(path.join(os.tmpdir(), 'ngc-docker-config-'));
        const host = registry.url.replace('http://', '');
        await writeFile(
            path.join(dir, 'config.json'),
            JSON.stringify({ auths: { [host]: { auth: Buffer.from('robot:s3cret-pass').toString('base64') } } }),
        );
    });
    after(async () => {
        await registry.close();
        await rm(dir, { recursive: true, force: true });
    });

    it("Should log in to another registry with the DOCKER_CONFIG of main's environment, not the process's", async () => {
        const stdout = new PassThrough();
        const stderr = new PassThrough();
        const image = `${registry.url.replace('http://', '')}/team/app:1.0`;
        const code = await main(['resolve', image, '--json'], { stdout, stderr }, { DOCKER_CONFIG: dir });
        assert.equal(code, 5, 'the credentials got past the 401 to the 404');
        assert.ok(
            registry.requests.some((r) => r.headers.authorization === basic),
            'the stored login was sent',
        );
    });
});
