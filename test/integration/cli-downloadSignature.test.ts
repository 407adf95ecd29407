/**
 * (integration) `ngc-explorer download --verify-signature` against the simulator: the version's OMS signature is
 * fetched through the signature endpoint's presigned URL (bare, no Authorization), saved as `result.sigstore`, and
 * checked against the simulator's root; signed → 0, unsigned → 6, files changed after signing → 6 naming the file.
 * The files stay in every case.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SIM_ROOT_CERT_PEM } from '../../sim/modelSigning/simCa';
import { startSimulator, type Simulator } from '../../sim/server';
import { runCli, simEnv } from './cliRunner';
import { assertNoAuthorizationOnFilesHost, seen } from './ngcHelpers';

void describe('(integration) CLI download --verify-signature', () => {
    let sim: Simulator;
    let root: string;
    let n = 0;
    const env = (extra: Record<string, string> = { NGC_MODEL_SIGNING_ROOT: SIM_ROOT_CERT_PEM }, key?: string) => ({
        ...simEnv(sim, key),
        ...extra,
    });
    const download = (ref: string, vars = env(), ...more: string[]) => {
        const dest = path.join(root, `d${n++}`);
        return runCli(['download', ref, '--dest', dest, '--verify-signature', ...more], vars).then((r) => ({
            ...r,
            dest,
        }));
    };

    before(async () => {
        sim = await startSimulator();
        root = await mkdtemp(path.join(os.tmpdir(), 'ngc-cli-dlsig-'));
    });
    after(async () => {
        assertNoAuthorizationOnFilesHost(sim);
        await sim.close();
        await rm(root, { recursive: true, force: true });
    });

    void it('Should download a signed version, fetch its signature and exit 0 verified (guest)', async () => {
        sim.clearRequests();
        const r = await download('nvidia/signed-detector:1.1');
        assert.equal(r.code, 0, r.stderr);
        const dir = path.join(r.dest, 'signed-detector_v1.1');
        assert.match(r.stdout, /Verified: .*signed-detector_v1\.1/);
        assert.match(r.stdout, /signed by {2}O=NGC Simulator, CN=NGC Simulator Model Signing 001/);
        assert.match(r.stdout, /files {6}5 verified/);
        const bundle = JSON.parse(await readFile(path.join(dir, 'result.sigstore'), 'utf8'));
        assert.equal(bundle.mediaType, 'application/vnd.dev.sigstore.bundle.v0.3+json');
        assert.equal(seen(sim, 'api', '/v2/models/nvidia/signed-detector/versions/1.1/signature').length, 1);
        assert.equal(seen(sim, 'files', '/xfiles/models/nvidia/signed-detector/versions/1.1/signature/').length, 1);
    });

    void it('Should report the signature in the --json document (with a key: the org path form)', async () => {
        const r = await download('nvidia/signed-detector:1.1', env(undefined, sim.keys.personal), '--json');
        assert.equal(r.code, 0, r.stderr);
        const doc = JSON.parse(r.stdout);
        assert.equal(doc.signature.signed, true);
        assert.equal(doc.signature.verified, true);
        assert.equal(doc.signature.filesVerified, 5);
        assert.equal(doc.signature.signer.kind, 'certificate');
        assert.ok(seen(sim, 'api', '/v2/org/nvidia/models/signed-detector/versions/1.1/signature').length >= 1);
        assert.ok(!`${r.stdout}${r.stderr}`.includes(sim.keys.personal), 'the key is never printed');
    });

    void it('Should verify a filtered download, listing the signed files it left out as not checked', async () => {
        const r = await download('nvidia/signed-detector:1.1', env(), '--include', 'tokenizer/**');
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /files {6}2 verified .*; 3 signed file\(s\) not downloaded, not checked/);
    });

    void it('Should exit 6 for an unsigned version and keep the files', async () => {
        const r = await download('nvidia/unsigned-detector:1.0');
        assert.equal(r.code, 6, r.stderr);
        assert.match(r.stderr, /nvidia\/unsigned-detector:1\.0 is not signed/);
        assert.ok(existsSync(path.join(r.dest, 'unsigned-detector_v1.0', 'model.safetensors')));
        assert.equal(existsSync(path.join(r.dest, 'unsigned-detector_v1.0', 'result.sigstore')), false);
    });

    void it('Should exit 6 naming the file for a version whose files no longer match its signature', async () => {
        const r = await download('nvidia/signed-detector:1.0', env(), '--json');
        assert.equal(r.code, 6, r.stderr);
        assert.match(r.stderr, /fileDigest: model\.safetensors: the content differs from the signed SHA-256/);
        const doc = JSON.parse(r.stdout);
        assert.equal(doc.summary.files, 5, 'the files themselves verified against the API checksums');
        assert.deepEqual(
            doc.signature.failures.map((f: { check: string; file: string }) => `${f.check}:${f.file}`),
            ['fileDigest:model.safetensors'],
        );
        assert.ok(existsSync(path.join(r.dest, 'signed-detector_v1.0', 'model.safetensors')), 'the files stay');
    });

    void it('Should exit 6 when the trusted root is not the signer (another root configured)', async () => {
        const nvidiaRoot = path.join(__dirname, '..', 'fixtures', 'oms-nvidia', 'nv-agent-root-cert.pem');
        const r = await download('nvidia/signed-detector:1.1', env({ NGC_MODEL_SIGNING_ROOT: nvidiaRoot }));
        assert.equal(r.code, 6);
        assert.match(r.stderr, /certificateChain: no path to a trusted root/);
    });

    void it('Should exit 2 before downloading when no root or key is configured', async () => {
        sim.clearRequests();
        const r = await download('nvidia/signed-detector:1.1', env({}));
        assert.equal(r.code, 2);
        assert.match(r.stderr, /NGC_MODEL_SIGNING_ROOT/);
        assert.equal(seen(sim, 'files').length, 0, 'nothing was downloaded');
    });
});
