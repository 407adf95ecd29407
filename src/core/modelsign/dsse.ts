/**
 * DSSE signatures as OMS makes them: ECDSA (DER) over the pre-authentication encoding of the *exact* payload bytes,
 * never over re-serialised JSON. The hash follows the curve (P-256 → SHA-256, P-384 → SHA-384, P-521 → SHA-512),
 * as model_signing's `get_ec_key_hash` does.
 */
import { verify, type KeyObject } from 'node:crypto';
import { fail } from './bundle';

/** `DSSEv1 <len(type)> <type> <len(payload)> <payload>`, lengths in bytes as ASCII decimal (DSSE v1 protocol). */
export function pae(payloadType: string, payload: Buffer): Buffer {
    const type = Buffer.from(payloadType, 'utf8');
    return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} ${payloadType} ${payload.length} `, 'utf8'), payload]);
}

/**
 * The PAE that model_signing 0.2 signed by mistake (its `pae_compat`): "DSSEV1", and the payload interpolated as
 * Python's `repr(bytes)` (`b'…'` with escapes) instead of the bytes. The reference still accepts it for key-based
 * signatures, so we do too, for those only.
 */
export function paeCompat(payloadType: string, payload: Buffer): Buffer {
    return Buffer.from(`DSSEV1 ${payloadType.length} ${payloadType} ${payload.length} ${pythonBytesRepr(payload)}`);
}

function pythonBytesRepr(bytes: Buffer): string {
    const quote = bytes.includes(0x27) && !bytes.includes(0x22) ? '"' : "'";
    let out = '';
    for (const c of bytes) {
        const ch = String.fromCharCode(c);
        if (ch === quote || ch === '\\') {
            out += `\\${ch}`;
        } else if (c === 0x09) {
            out += '\\t';
        } else if (c === 0x0a) {
            out += '\\n';
        } else if (c === 0x0d) {
            out += '\\r';
        } else if (c < 0x20 || c >= 0x7f) {
            out += `\\x${c.toString(16).padStart(2, '0')}`;
        } else {
            out += ch;
        }
    }
    return `b${quote}${out}${quote}`;
}

const HASH_BY_CURVE: Record<string, string> = {
    prime256v1: 'sha256',
    secp384r1: 'sha384',
    secp521r1: 'sha512',
};

/** The digest OMS pairs with an EC key's curve; fails `check` for other key types and curves. */
export function hashForKey(key: KeyObject, check: 'signature' | 'publicKey'): string {
    const curve = key.asymmetricKeyType === 'ec' ? key.asymmetricKeyDetails?.namedCurve : undefined;
    const hash = curve ? HASH_BY_CURVE[curve] : undefined;
    if (!hash) {
        fail(
            check,
            `the signing key is ${key.asymmetricKeyType ?? 'unknown'}${curve ? ` on ${curve}` : ''}; OMS signatures use ECDSA on P-256, P-384 or P-521`,
        );
    }
    return hash;
}

/** True when `signature` (DER ECDSA) verifies over `message` with `key`. */
export function verifyEcdsa(key: KeyObject, hash: string, message: Buffer, signature: Buffer): boolean {
    try {
        return verify(hash, message, { key, dsaEncoding: 'der' }, signature);
    } catch {
        return false; // malformed DER signature
    }
}
