/**
 * (integration) `verify IMAGE` and the cosign verifier against the simulator's nvcr.io: signed images verify with
 * the key from `/v2/catalog/containers/public-key`, `nvidia/cuda` is unsigned, `nvidia/badsig` is signed with another
 * key, and a key given by file overrides the published one.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSimulator, type Simulator } from '../../sim/server';
import type { CliCommand } from '../../src/cli/command';
import { verifyCommand } from '../../src/cli/commands/verify';
import { createDispatcher } from '../../src/core/http/agent';
import { HttpClient } from '../../src/core/http/client';
import { ngcRegistryCredentials } from '../builders/ngcCredentials';
import { RegistryClient } from '../../src/core/registry/client';
import { fetchCosignPublicKey, verifyCosignSignatures } from '../../src/core/registry/cosign';
import { parsePublicKey } from '../../src/core/registry/cosignPayload';
import { runCommand } from '../helpers/commandRunner';

let sim: Simulator;
let dir: string;

before(async () => {
    sim = await startSimulator({ registryTokenTtlSeconds: 600 });
    dir = await mkdtemp(join(tmpdir(), 'ngc-verify-'));
});

after(async () => {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
});

/** Runs a command object the way main does, with the diagnosis' title and remedy on stderr. */
const run = (command: CliCommand, args: string[], vars: Record<string, string>) =>
    runCommand(command, args, { vars, withDiagnosis: true });

const env = (key?: string): Record<string, string> => ({
    NGC_API_URL: sim.urls.api,
    NGC_AUTH_URL: sim.urls.auth,
    NGC_REGISTRY: sim.urls.registry,
    ...(key ? { NGC_API_KEY: key } : {}),
});

describe('verify (integration, simulator)', () => {
    it('Should verify nvidia/pytorch (Docker manifest list) with the published key and exit 0', async () => {
        const r = await run(verifyCommand, ['nvidia/pytorch:25.03-py3'], env());
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^Verified: .*nvidia\/pytorch:25\.03-py3@sha256:[0-9a-f]{64}/);
        const keyFetches = sim.requests.filter(
            (q) => q.host === 'api' && q.url === '/v2/catalog/containers/public-key',
        );
        assert.ok(keyFetches.length >= 1, 'the public key came from the API');
    });

    it('Should verify nvidia/tritonserver (OCI index) and report the signed digest in JSON', async () => {
        const r = await run(verifyCommand, ['nvidia/tritonserver:25.03-py3', '--json'], env());
        assert.equal(r.code, 0, r.stderr);
        checkJson(r.stdout);
    });

    function checkJson(stdout: string): void {
        const doc = JSON.parse(stdout) as {
            verified: boolean;
            digest: string;
            signatureTag: string;
            signatures: { ok: boolean }[];
        };
        assert.equal(doc.verified, true);
        assert.match(doc.digest, /^sha256:[0-9a-f]{64}$/);
        assert.equal(doc.signatureTag, `${doc.digest.replace(':', '-')}.sig`);
        assert.ok(doc.signatures.every((s) => s.ok));
    }

    it('Should exit 6 saying "not signed" for nvidia/cuda', async () => {
        const r = await run(verifyCommand, ['nvidia/cuda:12.9.5-base'], env());
        assert.equal(r.code, 6);
        assert.match(r.stderr, /not signed/);
        assert.equal(r.stdout, '');
    });

    it('Should exit 6 saying "signature does not verify" for nvidia/badsig', async () => {
        const r = await run(verifyCommand, ['nvidia/badsig:1.0'], env());
        assert.equal(r.code, 6);
        assert.match(r.stderr, /signature does not verify/);
    });

    it('Should use the key in --public-key instead of the published one, and fail a signed image with a foreign key', async () => {
        const foreign = generateKeyPairSync('ec', { namedCurve: 'P-256' })
            .publicKey.export({ type: 'spki', format: 'pem' })
            .toString();
        const file = join(dir, 'foreign.pem');
        await writeFile(file, foreign);
        sim.clearRequests();
        const r = await run(verifyCommand, ['nvidia/pytorch:25.03-py3', '--public-key', file], env());
        assert.equal(r.code, 6);
        assert.match(r.stderr, /signature does not verify/);
        assert.equal(
            sim.requests.filter((q) => q.url === '/v2/catalog/containers/public-key').length,
            0,
            'the API key was not fetched',
        );
    });

    it('Should read NGC_COSIGN_PUBLIC_KEY and verify with the simulator key given by file', async () => {
        const file = join(dir, 'sim.pem');
        await writeFile(file, sim.publicKeyPem);
        const r = await run(verifyCommand, ['nvidia/pytorch:25.02-py3'], { ...env(), NGC_COSIGN_PUBLIC_KEY: file });
        assert.equal(r.code, 0, r.stderr);
        assert.ok(r.stdout.includes(file));
    });

    it('Should exit 5 for a tag that does not exist and 3 for a private image with a revoked key', async () => {
        assert.equal((await run(verifyCommand, ['nvidia/pytorch:0.0-nope'], env())).code, 5);
        const revoked = await run(verifyCommand, ['acme/base:2024.1'], env(sim.keys.revoked));
        assert.equal(revoked.code, 3, revoked.stderr);
        assert.ok(!revoked.stderr.includes(sim.keys.revoked), 'the key is not printed');
    });

    it('Should check a private image with the personal key (unsigned: exit 6 in JSON) without leaking the key', async () => {
        const r = await run(verifyCommand, ['acme/base:2024.1', '--json'], env(sim.keys.personal));
        assert.equal(r.code, 6, r.stderr);
        assert.ok(!r.stdout.includes(sim.keys.personal) && !r.stderr.includes(sim.keys.personal));
        const doc = JSON.parse(r.stdout) as { verified: boolean; failure?: string };
        assert.deepEqual([doc.verified, doc.failure], [false, 'unsigned']);
    });
});

describe('verifyCosignSignatures (integration, simulator)', () => {
    it('Should verify each signed tag of nvidia/pytorch against the fetched key, and only its own digest', async () => {
        const dispatcher = createDispatcher();
        try {
            const http = new HttpClient({ dispatcher, retry: { attempts: 1 } });
            const client = new RegistryClient({
                http,
                credentials: ngcRegistryCredentials(sim.urls.registry, undefined),
            });
            const key = await fetchCosignPublicKey(http, sim.urls.api);
            assert.equal(
                key.export({ type: 'spki', format: 'pem' }).toString(),
                parsePublicKey(sim.publicKeyPem, 'sim').export({ type: 'spki', format: 'pem' }).toString(),
            );
            const target = { registry: sim.urls.registry, repository: 'nvidia/pytorch' };
            const a = await client.headManifest(target, '25.03-py3');
            const b = await client.headManifest(target, '25.02-py3');
            assert.notEqual(a.digest, b.digest);
            const ok = await verifyCosignSignatures(client, target, a.digest, key);
            assert.equal(ok.verified, true, ok.reason);
            // A digest with no signature of its own (the arm64 manifest inside the list) is unsigned, not verified.
            const index = await client.getManifest(target, a.digest);
            const child = index.index?.manifests[0]?.digest;
            assert.ok(child);
            const unsigned = await verifyCosignSignatures(client, target, child, key);
            assert.equal(unsigned.failure, 'unsigned');
        } finally {
            await dispatcher.close();
        }
    });
});
