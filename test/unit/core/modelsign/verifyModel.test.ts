import assert from 'node:assert/strict';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { CancelledError } from '../../../../src/core/lib/abort';
import { parseCertificatesPem } from '../../../../src/core/modelsign/certificates';
import type { ModelVerification } from '../../../../src/core/modelsign/result';
import { verifyModel, type VerifyModelOptions } from '../../../../src/core/modelsign/verifyModel';
import {
    digestDirectory,
    omsStatement,
    signModelDirectory,
    signOmsBundle,
    simSigningKey,
    type OmsSigningKey,
    type StatementOptions,
} from '../../../../sim/modelSigning/omsSigner';
import {
    SIM_INTERMEDIATE_CERT_PEM,
    SIM_NOT_FOR_SIGNING_CERT_PEM,
    SIM_NOT_FOR_SIGNING_KEY_PEM,
    SIM_ROOT_CERT_PEM,
} from '../../../../sim/modelSigning/simCa';
import { NVIDIA_ROOT_PEM, scratch } from './modelCopies';
import { readFileSync } from 'node:fs';

const simRoot = parseCertificatesPem(SIM_ROOT_CERT_PEM, 'sim root');

function failed(result: ModelVerification): string[] {
    return result.failures.map((f) => `${f.check}:${f.file ?? ''}`).sort();
}

describe('OMS verification with the simulator CA and bare keys (unit)', async () => {
    const work = await scratch('ngc-oms-sim-');
    after(() => work.dispose());
    let n = 0;

    /** A small model: two top-level files and a nested one. */
    async function model(): Promise<string> {
        const dir = path.join(work.dir, `m${n++}`, 'tiny-model');
        await mkdir(path.join(dir, 'weights'), { recursive: true });
        await writeFile(path.join(dir, 'config.json'), '{"layers": 2}\n');
        await writeFile(path.join(dir, 'README.md'), '# tiny\n');
        await writeFile(path.join(dir, 'weights', 'model.safetensors'), Buffer.alloc(70_000, 7));
        return dir;
    }
    async function signed(key: OmsSigningKey = simSigningKey(), options: StatementOptions = {}): Promise<string> {
        const dir = await model();
        await writeFile(path.join(dir, 'model.sig'), await signModelDirectory(dir, key, 'model.sig', options));
        return dir;
    }
    const verify = (dir: string, options: Partial<VerifyModelOptions> = {}) =>
        verifyModel(dir, { signaturePath: path.join(dir, 'model.sig'), trustAnchors: simRoot, ...options });

    it('Should verify a model signed by the simulator leaf through its intermediate', async () => {
        const result = await verify(await signed());
        assert.deepEqual(result.failures, []);
        assert.equal(result.filesVerified, 3);
        assert.equal(result.bytesHashed, 70_000 + 14 + 7);
        assert.deepEqual(
            result.signer?.kind === 'certificate' ? result.signer.chain.map((c) => c.replace(/.*CN=/, '')) : [],
            [
                'NGC Simulator Model Signing 001',
                'NGC Simulator Model Signing ICA 01',
                'NGC Simulator Model Signing Root CA',
            ],
        );
    });

    it("Should refuse a simulator signature against NVIDIA's root", async () => {
        const nvidia = parseCertificatesPem(readFileSync(NVIDIA_ROOT_PEM, 'utf8'), 'nvidia');
        assert.deepEqual(failed(await verify(await signed(), { trustAnchors: nvidia })), ['certificateChain:']);
    });

    it('Should fail certificateChain when the bundle lacks the intermediate and the caller does not give it', async () => {
        const key = simSigningKey();
        const dir = await signed({ ...key, chainPem: key.chainPem?.slice(0, 1) });
        assert.deepEqual(failed(await verify(dir)), ['certificateChain:']);
        const withIntermediate = [...simRoot, ...parseCertificatesPem(SIM_INTERMEDIATE_CERT_PEM, 'ica')];
        assert.equal((await verify(dir, { trustAnchors: withIntermediate })).verified, true);
    });

    it('Should fail keyUsage for a leaf of the trusted chain that may not sign code', async () => {
        const key: OmsSigningKey = {
            privateKey: createPrivateKey(SIM_NOT_FOR_SIGNING_KEY_PEM),
            chainPem: [SIM_NOT_FOR_SIGNING_CERT_PEM, SIM_INTERMEDIATE_CERT_PEM],
        };
        const result = await verify(await signed(key));
        assert.deepEqual(failed(result), ['keyUsage:']);
        assert.match(result.failures[0]?.actual ?? '', /KeyUsage keyAgreement/);
    });

    it('Should verify a key-signed model with its public key, and check the hint', async () => {
        const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        const dir = await signed({ privateKey: pair.privateKey });
        const result = await verify(dir, { publicKey: pair.publicKey, trustAnchors: [] });
        assert.deepEqual(result.failures, []);
        const expected = createHash('sha256')
            .update(pair.publicKey.export({ type: 'spki', format: 'pem' }))
            .digest('hex');
        assert.deepEqual(result.signer, { kind: 'publicKey', sha256: expected });
        const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
        assert.deepEqual(failed(await verify(dir, { publicKey: other })), ['publicKey:']);
        assert.deepEqual(failed(await verify(dir)), ['publicKey:'], 'no key given for a key-signed bundle');
    });

    it('Should verify a certificate-signed bundle with the leaf public key alone (key mode)', async () => {
        const leafKey = createPublicKey(simSigningKey().privateKey);
        assert.equal((await verify(await signed(), { publicKey: leafKey, trustAnchors: [] })).verified, true);
        const other = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey;
        assert.deepEqual(failed(await verify(await signed(), { publicKey: other })), ['signature:']);
    });

    it('Should report shard serialization and blake2/blake3 digests as unsupported', async () => {
        for (const options of [{ method: 'shards' }, { hashType: 'blake2' }, { algorithm: 'blake3' }]) {
            const result = await verify(await signed(simSigningKey(), options));
            assert.deepEqual(
                result.failures.map((f) => f.check),
                ['unsupported'],
                JSON.stringify(options),
            );
            assert.match(result.failures[0]?.message ?? '', /shards|blake2|blake3/);
        }
    });

    it('Should fail rootDigest when the listed digests do not hash to the subject', async () => {
        const dir = await model();
        const payload = JSON.parse(omsStatement('tiny-model', await digestDirectory(dir)).toString());
        payload.subject[0].digest.sha256 = '00'.repeat(32);
        const bundle = signOmsBundle(Buffer.from(JSON.stringify(payload)), simSigningKey());
        await writeFile(path.join(dir, 'model.sig'), bundle);
        assert.deepEqual(failed(await verify(dir)), ['rootDigest:']);
    });

    it('Should refuse a signed name that leaves the model directory', async () => {
        const dir = await model();
        const resources = [...(await digestDirectory(dir)), { name: '../outside', sha256: 'ab'.repeat(32) }];
        await writeFile(path.join(dir, 'model.sig'), signOmsBundle(omsStatement('m', resources), simSigningKey()));
        assert.deepEqual(failed(await verify(dir)), ['statement:../outside']);
    });

    it('Should accept the older per-file-subject statement (Digests/v0.1)', async () => {
        const dir = await model();
        const subject = (await digestDirectory(dir)).map((r) => ({ name: r.name, digest: { sha256: r.sha256 } }));
        const statement = {
            _type: 'https://in-toto.io/Statement/v1',
            subject,
            predicateType: 'https://model_signing/Digests/v0.1',
            predicate: { unused: true },
        };
        await writeFile(
            path.join(dir, 'model.sig'),
            signOmsBundle(Buffer.from(JSON.stringify(statement)), simSigningKey()),
        );
        const result = await verify(dir);
        assert.deepEqual(result.failures, []);
        assert.equal(result.predicateType, 'https://model_signing/Digests/v0.1');
    });

    it('Should refuse a symlink when the signature does not allow them', async () => {
        const dir = await signed();
        await symlink('config.json', path.join(dir, 'alias.json'));
        assert.deepEqual(failed(await verify(dir)), ['fileType:alias.json']);
        assert.equal((await verify(dir, { ignoreUnsignedFiles: true })).verified, true);
    });

    it('Should list signed files a partial download left out as not checked, and still check present ones', async () => {
        const dir = await signed();
        await rm(path.join(dir, 'README.md'));
        const notDownloaded = (name: string) => name === 'README.md';
        const result = await verify(dir, { notDownloaded });
        assert.deepEqual(result.failures, []);
        assert.deepEqual(result.notChecked, ['README.md']);
        assert.equal(result.filesVerified, 2);
        await writeFile(path.join(dir, 'config.json'), '{}');
        assert.deepEqual(failed(await verify(dir, { notDownloaded })), ['fileDigest:config.json']);
        assert.deepEqual(failed(await verify(dir)), ['fileDigest:config.json', 'missingFile:README.md']);
    });

    it('Should take the signature from outside the directory without ignoring a same-named file inside', async () => {
        const dir = await model();
        const outside = path.join(path.dirname(dir), 'tiny.sig');
        await writeFile(outside, await signModelDirectory(dir, simSigningKey()));
        assert.equal((await verify(dir, { signaturePath: outside })).verified, true);
        await writeFile(path.join(dir, 'model.sig'), 'stray');
        assert.deepEqual(failed(await verify(dir, { signaturePath: outside })), ['extraFile:model.sig']);
    });

    it('Should hash every file on this thread, and on one or many worker threads', async () => {
        const dir = await signed();
        assert.equal((await verify(dir)).filesVerified, 3, 'small: this thread');
        for (const concurrency of [1, 2, 8]) {
            assert.equal((await verify(dir, { concurrency, threadThreshold: 0 })).filesVerified, 3);
        }
        await writeFile(path.join(dir, 'weights', 'model.safetensors'), Buffer.alloc(70_000, 8));
        const bad = await verify(dir, { concurrency: 2, threadThreshold: 0 });
        assert.deepEqual(failed(bad), ['fileDigest:weights/model.safetensors']);
    });

    it('Should report progress per file and stop with CancelledError when aborted', async () => {
        const dir = await signed();
        const seen: string[] = [];
        await verify(dir, { onProgress: (e) => seen.push(`${e.filesDone}/${e.filesTotal}`) });
        assert.deepEqual(seen, ['1/3', '2/3', '3/3']);
        const controller = new AbortController();
        controller.abort();
        await assert.rejects(verify(dir, { signal: controller.signal }), CancelledError);
    });
});
