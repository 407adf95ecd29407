import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { signModelDirectory } from '../../sim/modelSigning/omsSigner';
import { SIM_ROOT_CERT_PEM } from '../../sim/modelSigning/simCa';
import { runCli } from './cliRunner';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'oms-nvidia');
const ROOT = path.join(FIXTURES, 'nv-agent-root-cert.pem');

describe('CLI verify-model (integration)', async () => {
    const work = await mkdtemp(path.join(os.tmpdir(), 'ngc-cli-verify-model-'));
    after(() => rm(work, { recursive: true, force: true }));

    it('Should exit 0 and name the signer for an NVIDIA-signed directory (signature found as *.sig)', async () => {
        const run = await runCli(
            ['verify-model', path.join(FIXTURES, 'cuopt-install'), '--certificate-chain', ROOT],
            {},
        );
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stdout, /^Verified: .*cuopt-install/m);
        assert.match(run.stdout, /signed by {2}C=US, O=NVIDIA Corporation, CN=NVIDIA Agent Skills Signing 001/);
        assert.match(run.stdout, /files {6}6 verified/);
    });

    it('Should print exactly one JSON document with --json, verified or not', async () => {
        const ok = await runCli(
            ['verify-model', path.join(FIXTURES, 'cudaq-guide'), '--certificate-chain', ROOT, '--json'],
            {},
        );
        assert.equal(ok.code, 0, ok.stderr);
        const doc = JSON.parse(ok.stdout);
        assert.equal(doc.verified, true);
        assert.equal(doc.filesVerified, 6);
        assert.equal(doc.signer.kind, 'certificate');

        const dir = path.join(work, 'json', 'cudaq-guide');
        await cp(path.join(FIXTURES, 'cudaq-guide'), dir, { recursive: true });
        await writeFile(path.join(dir, 'evals', 'config.yml'), 'changed\n');
        const bad = await runCli(['verify-model', dir, '--certificate-chain', ROOT, '--json'], {});
        assert.equal(bad.code, 6);
        const failed = JSON.parse(bad.stdout);
        assert.equal(failed.verified, false);
        assert.deepEqual(
            failed.failures.map((f: { check: string; file: string }) => `${f.check}:${f.file}`),
            ['fileDigest:evals/config.yml'],
        );
        assert.match(bad.stderr, /fileDigest \(1 file\)/);
    });

    it('Should exit 6 naming the checks: an added file (0 with --ignore-unsigned-files), another root', async () => {
        const dir = path.join(work, 'added', 'nvidia-skill-finder');
        await cp(path.join(FIXTURES, 'nvidia-skill-finder'), dir, { recursive: true });
        await writeFile(path.join(dir, 'notes.txt'), 'mine\n');
        const strict = await runCli(['verify-model', dir, '--certificate-chain', ROOT], {});
        assert.equal(strict.code, 6);
        assert.match(strict.stderr, /extraFile: notes\.txt: not covered by the signature/);
        const lenient = await runCli(['verify-model', dir, '--certificate-chain', ROOT, '--ignore-unsigned-files'], {});
        assert.equal(lenient.code, 0, lenient.stderr);
        assert.match(lenient.stdout, /1 unsigned file\(s\) ignored/);

        const simRoot = path.join(work, 'sim-root.pem');
        await writeFile(simRoot, SIM_ROOT_CERT_PEM);
        const other = await runCli(
            ['verify-model', path.join(FIXTURES, 'cudaq-guide'), '--certificate-chain', simRoot],
            {},
        );
        assert.equal(other.code, 6);
        assert.match(other.stderr, /certificateChain: no path to a trusted root/);
    });

    it('Should take the root from NGC_MODEL_SIGNING_ROOT as a path or as PEM text', async () => {
        const dir = path.join(FIXTURES, 'cudaq-guide');
        assert.equal((await runCli(['verify-model', dir], { NGC_MODEL_SIGNING_ROOT: ROOT })).code, 0);
        const pem = await readFile(ROOT, 'utf8');
        assert.equal((await runCli(['verify-model', dir], { NGC_MODEL_SIGNING_ROOT: pem })).code, 0);
    });

    it('Should verify a key-signed model with --public-key, and exit 6 for another key', async () => {
        const dir = path.join(work, 'keyed', 'tiny');
        await cp(path.join(FIXTURES, 'cudaq-guide', 'evals'), dir, { recursive: true });
        const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        await writeFile(path.join(dir, 'model.sig'), await signModelDirectory(dir, { privateKey: pair.privateKey }));
        const keyFile = path.join(work, 'key.pem');
        await writeFile(keyFile, pair.publicKey.export({ type: 'spki', format: 'pem' }));
        const ok = await runCli(['verify-model', dir, '--public-key', keyFile, '--json'], {});
        assert.equal(ok.code, 0, ok.stderr);
        assert.equal(JSON.parse(ok.stdout).signer.kind, 'publicKey');
        const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
            type: 'spki',
            format: 'pem',
        });
        const bad = await runCli(['verify-model', dir], { NGC_MODEL_SIGNING_PUBLIC_KEY: String(other) });
        assert.equal(bad.code, 6);
        assert.match(bad.stderr, /publicKey: the bundle names another public key/);
    });

    it('Should exit 2 for usage errors: no trust given, not a directory, a missing --signature', async () => {
        const dir = path.join(FIXTURES, 'cudaq-guide');
        const noTrust = await runCli(['verify-model', dir], {});
        assert.equal(noTrust.code, 2);
        assert.match(noTrust.stderr, /--certificate-chain PEM.*--public-key PEM/);
        assert.equal(
            (await runCli(['verify-model', path.join(dir, 'SKILL.md'), '--certificate-chain', ROOT], {})).code,
            2,
        );
        const missing = await runCli(
            ['verify-model', dir, '--signature', path.join(work, 'nope.sig'), '--certificate-chain', ROOT],
            {},
        );
        assert.equal(missing.code, 2);
    });

    it('Should exit 6 "not signed" for a directory without a signature', async () => {
        const dir = path.join(work, 'unsigned');
        await cp(path.join(FIXTURES, 'cudaq-guide', 'evals'), dir, { recursive: true });
        const run = await runCli(['verify-model', dir, '--certificate-chain', ROOT], {});
        assert.equal(run.code, 6);
        assert.match(run.stderr, /not signed: no result\.sigstore or \*\.sig/);
    });
});
