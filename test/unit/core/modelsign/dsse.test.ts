import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, it } from 'node:test';
import { hashForKey, pae, paeCompat, verifyEcdsa } from '../../../../src/core/modelsign/dsse';
import { readKeyUsage } from '../../../../src/core/modelsign/keyUsage';
import { parseCertificatesPem } from '../../../../src/core/modelsign/certificates';
import { SIM_LEAF_CERT_PEM, SIM_NOT_FOR_SIGNING_CERT_PEM, SIM_ROOT_CERT_PEM } from '../../../../sim/modelSigning/simCa';

const TYPE = 'application/vnd.in-toto+json';

describe('DSSE and key usage (unit)', () => {
    it('Should build the DSSE v1 PAE with byte lengths', () => {
        assert.equal(pae(TYPE, Buffer.from('{"é": 1}')).toString(), `DSSEv1 28 ${TYPE} 9 {"é": 1}`);
        assert.equal(pae('', Buffer.alloc(0)).toString(), 'DSSEv1 0  0 ');
    });

    it("Should rebuild model_signing 0.2's buggy PAE (Python bytes repr) byte for byte", () => {
        // Python: f"DSSEV1 28 {t} 13 {b'{\"a\": \'x\'}\n\x00'}" — quotes switch to " when the bytes hold ' and no ".
        const payload = Buffer.from([...Buffer.from(`{"a": 'x'}\n`), 0x00, 0xff]);
        assert.equal(paeCompat(TYPE, payload).toString(), `DSSEV1 28 ${TYPE} 13 b'{"a": \\'x\\'}\\n\\x00\\xff'`);
        assert.equal(paeCompat(TYPE, Buffer.from("it's\t\\")).toString(), `DSSEV1 28 ${TYPE} 6 b"it's\\t\\\\"`);
    });

    it('Should pick the hash by curve and refuse non-EC keys', () => {
        for (const [curve, hash] of [
            ['P-256', 'sha256'],
            ['P-384', 'sha384'],
            ['P-521', 'sha512'],
        ] as const) {
            const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: curve });
            assert.equal(hashForKey(publicKey, 'publicKey'), hash);
            const message = pae(TYPE, Buffer.from('x'));
            const signature = sign(hash, message, { key: privateKey, dsaEncoding: 'der' });
            assert.equal(verifyEcdsa(publicKey, hash, message, signature), true);
            assert.equal(verifyEcdsa(publicKey, hash, pae(TYPE, Buffer.from('y')), signature), false);
            assert.equal(verifyEcdsa(publicKey, hash, message, Buffer.from('not der')), false);
        }
        const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
        assert.throws(() => hashForKey(rsa, 'publicKey'), /ECDSA on P-256, P-384 or P-521/);
    });

    it('Should read KeyUsage bits that Node does not expose', () => {
        const bits = (pem: string) => readKeyUsage((parseCertificatesPem(pem, 't')[0] ?? assert.fail()).raw);
        assert.deepEqual(bits(SIM_LEAF_CERT_PEM), ['digitalSignature']);
        assert.deepEqual(bits(SIM_NOT_FOR_SIGNING_CERT_PEM), ['keyAgreement']);
        assert.deepEqual(bits(SIM_ROOT_CERT_PEM), ['keyCertSign', 'cRLSign']);
        assert.equal(readKeyUsage(Buffer.from([0x30, 0x03, 0x30, 0x01])), undefined);
        assert.equal(readKeyUsage(Buffer.alloc(0)), undefined);
    });
});
