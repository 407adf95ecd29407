/**
 * Certificate-mode trust, as model_signing's `sign_certificate.Verifier` decides it: the bundle carries the chain
 * leaf first; it must lead, through the bundle's other certificates, to one of the caller's trust anchors, with every
 * certificate valid at the leaf's `notBefore` (OpenSSL store time = signing time, so an expired leaf still verifies a
 * signature made while it was valid); the leaf must be allowed to sign (KeyUsage digitalSignature, or EKU
 * codeSigning). NVIDIA's bundles include their own root as the last certificate; it is never trusted for being there,
 * only a caller-given anchor is.
 */
import { X509Certificate } from 'node:crypto';
import { fail } from './bundle';
import { readKeyUsage } from './keyUsage';

const CODE_SIGNING_EKU = '1.3.6.1.5.5.7.3.3';
const MAX_DEPTH = 8;
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Every certificate in PEM text (a root file, or a bundle of roots and intermediates, as `--certificate-chain`
 * takes). Fails `certificateChain` when there is none or one does not parse.
 */
export function parseCertificatesPem(text: string, source: string): X509Certificate[] {
    const blocks = text.match(PEM_CERTIFICATE) ?? [];
    if (blocks.length === 0) {
        fail('certificateChain', `${source} holds no PEM certificate ("BEGIN CERTIFICATE")`);
    }
    return blocks.map((pem, i) => {
        try {
            return new X509Certificate(pem);
        } catch (error) {
            return fail('certificateChain', `certificate ${i + 1} of ${source} does not parse: ${String(error)}`);
        }
    });
}

/** `CN=… , O=…` on one line, for messages. */
export function certificateName(cert: X509Certificate): string {
    return cert.subject.split('\n').join(', ');
}

function validAt(cert: X509Certificate, time: number): boolean {
    return Date.parse(cert.validFrom) <= time && time <= Date.parse(cert.validTo);
}

function issues(issuer: X509Certificate, child: X509Certificate): boolean {
    return child.checkIssued(issuer) && child.verify(issuer.publicKey);
}

export interface TrustedChain {
    /** Leaf first, ending with the trust anchor. */
    path: X509Certificate[];
    /** The time the chain was evaluated at (the leaf's notBefore), ISO. */
    signedAt: string;
}

/**
 * Builds and checks the path from `chain[0]` to one of `anchors`. Fails `certificateChain` (with the names on the
 * path that was tried) or `keyUsage`.
 */
export function verifyCertificateChain(
    chain: readonly X509Certificate[],
    anchors: readonly X509Certificate[],
): TrustedChain {
    const leaf = chain[0];
    if (!leaf) {
        return fail('certificateChain', 'the bundle has no certificate');
    }
    const time = Date.parse(leaf.validFrom);
    const isAnchor = (c: X509Certificate) => anchors.some((a) => a.fingerprint256 === c.fingerprint256);
    const path = [leaf];
    for (let current = leaf; ;) {
        if (!validAt(current, time)) {
            fail('certificateChain', `${certificateName(current)} is not valid at the signing time`, {
                expected: leaf.validFrom,
                actual: `${current.validFrom} – ${current.validTo}`,
            });
        }
        if (isAnchor(current)) {
            break;
        }
        const anchor = anchors.find((a) => issues(a, current) && validAt(a, time));
        if (anchor) {
            path.push(anchor);
            break;
        }
        const next = chain.find((c) => !path.includes(c) && c.ca && issues(c, current));
        if (!next || path.length > MAX_DEPTH) {
            const tried = path.map(certificateName).join(' ← ');
            fail('certificateChain', `no path to a trusted root certificate from ${tried}`, {
                expected: `a chain to ${anchors.map(certificateName).join(' | ')}`,
                actual: `a chain that ends at ${certificateName(path[path.length - 1] ?? leaf)}`,
            });
        }
        path.push(next);
        current = next;
    }
    for (const issuer of path.slice(1)) {
        if (!issuer.ca) {
            fail('certificateChain', `${certificateName(issuer)} issued a certificate but is not a CA`);
        }
    }
    const usage = readKeyUsage(leaf.raw);
    const eku = leaf.keyUsage ?? [];
    if (!usage?.includes('digitalSignature') && !eku.includes(CODE_SIGNING_EKU)) {
        fail(
            'keyUsage',
            `${certificateName(leaf)} may not sign (neither KeyUsage digitalSignature nor EKU codeSigning)`,
            {
                actual: `KeyUsage ${usage?.join(',') || 'absent'}; EKU ${eku.join(',') || 'absent'}`,
            },
        );
    }
    return { path, signedAt: new Date(time).toISOString() };
}
