import assert from 'node:assert/strict';
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseCertificatesPem } from '../../../../src/core/modelsign/certificates';
import type { ModelVerification } from '../../../../src/core/modelsign/result';
import { verifyModel, type VerifyModelOptions } from '../../../../src/core/modelsign/verifyModel';
import { SIM_ROOT_CERT_PEM } from '../../../../sim/modelSigning/simCa';
import { FORGED_ROOT_PEM, NVIDIA_FIXTURES, NVIDIA_ROOT_PEM, NVIDIA_SKILLS, scratch, writableCopy } from './modelCopies';

const SIG = 'skill.oms.sig';

/** The checks that failed, as `check:file` strings, sorted. */
function failed(result: ModelVerification): string[] {
    return result.failures.map((f) => `${f.check}:${f.file ?? ''}`).sort();
}

describe('OMS verification of NVIDIA-signed directories (unit)', async () => {
    const nvidiaRoot = parseCertificatesPem(await readFile(NVIDIA_ROOT_PEM, 'utf8'), 'nv-agent-root-cert.pem');
    const work = await scratch('ngc-oms-nvidia-');
    after(() => work.dispose());
    let n = 0;
    /** A fresh writable copy of one skill directory. */
    const copy = (skill: string) =>
        writableCopy(path.join(NVIDIA_FIXTURES, skill), path.join(work.dir, `${n++}`, skill));
    const verify = (dir: string, options: Partial<VerifyModelOptions> = {}) =>
        verifyModel(dir, { signaturePath: path.join(dir, SIG), trustAnchors: nvidiaRoot, ...options });

    for (const skill of NVIDIA_SKILLS) {
        it(`Should verify ${skill} as NVIDIA signed it, against NVIDIA's root`, async () => {
            const dir = path.join(NVIDIA_FIXTURES, skill);
            const result = await verify(dir);
            assert.deepEqual(result.failures, []);
            assert.equal(result.verified, true);
            assert.equal(result.filesVerified, 6);
            assert.equal(result.modelName, skill);
            assert.equal(result.mediaType, 'application/vnd.dev.sigstore.bundle.v0.3+json');
            assert.equal(result.signer?.kind, 'certificate');
            assert.match(
                result.signer?.kind === 'certificate' ? result.signer.subject : '',
                /NVIDIA Agent Skills Signing 001/,
            );
            assert.match(
                result.signer?.kind === 'certificate' ? result.signer.root : '',
                /NVIDIA Agent Capabilities CA$/,
            );
        });
    }

    describe('tampered copies', () => {
        let dir = '';
        before(async () => {
            dir = await copy('cudaq-guide');
        });

        it('Should verify an untouched copy (the copy itself changes nothing)', async () => {
            assert.equal((await verify(await copy('cudaq-guide'))).verified, true);
        });

        it('Should fail fileDigest naming the nested file when one byte of it changed', async () => {
            const d = await copy('cudaq-guide');
            const file = path.join(d, 'evals', 'config.yml');
            const bytes = await readFile(file);
            bytes[10] = (bytes[10] ?? 0) ^ 0x01;
            await writeFile(file, bytes);
            const result = await verify(d);
            assert.equal(result.verified, false);
            assert.deepEqual(failed(result), ['fileDigest:evals/config.yml']);
            assert.equal(result.filesVerified, 5);
        });

        it('Should fail extraFile for an added file, and pass with ignoreUnsignedFiles', async () => {
            const d = await copy('cudaq-guide');
            await writeFile(path.join(d, 'evals', 'added.txt'), 'not signed\n');
            assert.deepEqual(failed(await verify(d)), ['extraFile:evals/added.txt']);
            const lenient = await verify(d, { ignoreUnsignedFiles: true });
            assert.equal(lenient.verified, true);
            assert.deepEqual(lenient.unsignedFiles, ['evals/added.txt']);
        });

        it('Should fail missingFile for a removed file, even with ignoreUnsignedFiles', async () => {
            const d = await copy('cudaq-guide');
            await rm(path.join(d, 'skill-card.md'));
            assert.deepEqual(failed(await verify(d)), ['missingFile:skill-card.md']);
            assert.deepEqual(failed(await verify(d, { ignoreUnsignedFiles: true })), ['missingFile:skill-card.md']);
        });

        it("Should fail on another directory's files when a signature is moved there", async () => {
            const d = await copy('cuopt-install');
            await writeFile(path.join(d, SIG), await readFile(path.join(dir, SIG)));
            const result = await verify(d);
            assert.equal(result.verified, false);
            // Same names, other bytes; cudaq-only files missing; cuopt-only files extra.
            assert.ok(failed(result).includes('missingFile:evals/EVAL.md'), failed(result).join(' '));
            assert.ok(failed(result).includes('extraFile:references/verification_examples.md'));
            assert.ok(failed(result).includes('fileDigest:SKILL.md'));
            assert.ok(result.failures.every((f) => ['fileDigest', 'missingFile', 'extraFile'].includes(f.check)));
        });

        it('Should fail certificateChain when another root is trusted', async () => {
            const result = await verify(dir, { trustAnchors: parseCertificatesPem(SIM_ROOT_CERT_PEM, 'sim root') });
            assert.deepEqual(failed(result), ['certificateChain:']);
            assert.match(
                result.failures[0]?.message ?? '',
                /no path to a trusted root.*NVIDIA Agent Skills Signing 001/,
            );
            assert.equal(result.bytesHashed, 0, 'nothing is hashed once the signature is rejected');
        });

        it("Should fail certificateChain for a forged root bearing NVIDIA's root name (another key)", async () => {
            const forged = parseCertificatesPem(await readFile(FORGED_ROOT_PEM, 'utf8'), 'forged root');
            assert.equal(forged[0]?.subject, nvidiaRoot[0]?.subject, 'the forgery has the same name');
            assert.deepEqual(failed(await verify(dir, { trustAnchors: forged })), ['certificateChain:']);
        });

        it('Should fail certificateChain when no root is given at all', async () => {
            assert.deepEqual(failed(await verify(dir, { trustAnchors: [] })), ['certificateChain:']);
        });

        it('Should fail signature when the signature bytes are corrupted', async () => {
            const d = await copy('cudaq-guide');
            const bundle = JSON.parse(await readFile(path.join(d, SIG), 'utf8'));
            const sig = Buffer.from(bundle.dsseEnvelope.signatures[0].sig, 'base64');
            sig[sig.length - 5] = (sig[sig.length - 5] ?? 0) ^ 0x40;
            bundle.dsseEnvelope.signatures[0].sig = sig.toString('base64');
            await writeFile(path.join(d, SIG), JSON.stringify(bundle));
            assert.deepEqual(failed(await verify(d)), ['signature:']);
        });

        it('Should fail signature when the signed statement is edited (a digest swapped)', async () => {
            const d = await copy('cudaq-guide');
            const bundle = JSON.parse(await readFile(path.join(d, SIG), 'utf8'));
            const statement = Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8');
            bundle.dsseEnvelope.payload = Buffer.from(
                statement.replace(/"digest": "[0-9a-f]/, '"digest": "0'),
            ).toString('base64');
            await writeFile(path.join(d, SIG), JSON.stringify(bundle));
            assert.deepEqual(failed(await verify(d)), ['signature:']);
        });

        it('Should fail bundle for a truncated signature file', async () => {
            const d = await copy('cudaq-guide');
            const text = await readFile(path.join(d, SIG), 'utf8');
            await writeFile(path.join(d, SIG), text.slice(0, Math.floor(text.length / 2)));
            const result = await verify(d);
            assert.deepEqual(failed(result), ['bundle:']);
            assert.match(result.failures[0]?.message ?? '', /not JSON/);
        });

        it('Should fail bundle when the signature file is missing', async () => {
            const d = await copy('cudaq-guide');
            await rm(path.join(d, SIG));
            assert.deepEqual(failed(await verify(d)), ['bundle:']);
        });

        it('Should fail payloadType for an envelope that does not carry in-toto', async () => {
            const d = await copy('cudaq-guide');
            const bundle = JSON.parse(await readFile(path.join(d, SIG), 'utf8'));
            bundle.dsseEnvelope.payloadType = 'application/json';
            await writeFile(path.join(d, SIG), JSON.stringify(bundle));
            const result = await verify(d);
            assert.deepEqual(failed(result), ['payloadType:']);
            assert.equal(result.failures[0]?.actual, 'application/json');
        });

        it('Should fail bundle for an unknown bundle media type', async () => {
            const d = await copy('cudaq-guide');
            const bundle = JSON.parse(await readFile(path.join(d, SIG), 'utf8'));
            bundle.mediaType = 'application/vnd.dev.sigstore.bundle.v9+json';
            await writeFile(path.join(d, SIG), JSON.stringify(bundle));
            assert.deepEqual(failed(await verify(d)), ['bundle:']);
        });

        it('Should ignore .git-like paths at the top, as model_signing does', async () => {
            const d = await copy('cudaq-guide');
            await writeFile(path.join(d, '.gitattributes'), '* text=auto\n');
            await writableCopy(path.join(d, 'evals'), path.join(d, '.git', 'objects'));
            assert.equal((await verify(d)).verified, true);
            await appendFile(path.join(d, 'evals', '.gitignore'), 'nested git files are model files\n');
            assert.deepEqual(failed(await verify(d)), ['extraFile:evals/.gitignore']);
        });
    });
});
