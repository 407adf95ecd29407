/**
 * The X.509 KeyUsage extension, which Node's `X509Certificate` does not expose (its `keyUsage` property is the
 * *extended* key usage list). A minimal DER walk over the certificate finds extension 2.5.29.15 and reads its bit
 * string; nothing else of ASN.1 is needed. Malformed DER reads as "no KeyUsage" (the caller then fails the check).
 */

interface Tlv {
    tag: number;
    /** Offset of the value. */
    start: number;
    /** Offset just past the value. */
    end: number;
}

function readTlv(der: Buffer, offset: number, limit: number): Tlv | undefined {
    if (offset + 2 > limit) {
        return undefined;
    }
    const tag = der[offset] ?? 0;
    let length = der[offset + 1] ?? 0;
    let start = offset + 2;
    if (length & 0x80) {
        const bytes = length & 0x7f;
        if (bytes === 0 || bytes > 4 || start + bytes > limit) {
            return undefined;
        }
        length = 0;
        for (let i = 0; i < bytes; i++) {
            length = length * 256 + (der[start + i] ?? 0);
        }
        start += bytes;
    }
    const end = start + length;
    return end <= limit ? { tag, start, end } : undefined;
}

function children(der: Buffer, parent: Tlv): Tlv[] {
    const out: Tlv[] = [];
    for (let at = parent.start; at < parent.end;) {
        const child = readTlv(der, at, parent.end);
        if (!child) {
            return out;
        }
        out.push(child);
        at = child.end;
    }
    return out;
}

/** DER of OID 2.5.29.15 (id-ce-keyUsage). */
const KEY_USAGE_OID = Buffer.from([0x55, 0x1d, 0x0f]);

/** The KeyUsage names in bit order (RFC 5280 §4.2.1.3). */
const KEY_USAGE_BITS = [
    'digitalSignature',
    'nonRepudiation',
    'keyEncipherment',
    'dataEncipherment',
    'keyAgreement',
    'keyCertSign',
    'cRLSign',
    'encipherOnly',
    'decipherOnly',
] as const;
export type KeyUsageName = (typeof KEY_USAGE_BITS)[number];

/**
 * The KeyUsage bits set in a DER certificate, or undefined when it has no KeyUsage extension (or it cannot be
 * read). Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { …, [3] EXPLICIT Extensions } … }.
 */
export function readKeyUsage(certificateDer: Buffer): KeyUsageName[] | undefined {
    const cert = readTlv(certificateDer, 0, certificateDer.length);
    const tbs = cert && children(certificateDer, cert)[0];
    const extensionsWrapper = tbs && children(certificateDer, tbs).find((c) => c.tag === 0xa3);
    const extensions = extensionsWrapper && children(certificateDer, extensionsWrapper)[0];
    if (!extensions) {
        return undefined;
    }
    for (const extension of children(certificateDer, extensions)) {
        const parts = children(certificateDer, extension);
        const oid = parts[0];
        if (!oid || oid.tag !== 0x06 || !certificateDer.subarray(oid.start, oid.end).equals(KEY_USAGE_OID)) {
            continue;
        }
        // extnID, [critical BOOLEAN], extnValue OCTET STRING wrapping the BIT STRING.
        const value = parts.find((p, i) => i > 0 && p.tag === 0x04);
        const bits = value && readTlv(certificateDer, value.start, value.end);
        if (!bits || bits.tag !== 0x03 || bits.end - bits.start < 1) {
            return undefined;
        }
        const bytes = certificateDer.subarray(bits.start + 1, bits.end);
        return KEY_USAGE_BITS.filter((_, bit) => ((bytes[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) !== 0);
    }
    return undefined;
}
