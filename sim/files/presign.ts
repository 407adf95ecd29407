/**
 * Presigned URLs on the files origin, standing in for xfiles.ngc.nvidia.com (ngc-api.md 5.5): the API's `/files/…`
 * endpoints redirect here, and the query carries S3-ish noise plus an expiry and an HMAC signature. Clients must fetch
 * these URLs without `Authorization`.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type PresignCheck = 'ok' | 'expired' | 'invalid';

export class Presigner {
    private readonly secret = randomBytes(32);

    constructor(
        private readonly now: () => number,
        private readonly ttlSeconds: number,
        private readonly origin: () => string,
    ) {}

    /** A signed URL for `pathname` (must start with `/xfiles/`), valid for the configured lifetime. */
    sign(pathname: string): string {
        const exp = Math.floor(this.now() / 1000) + this.ttlSeconds;
        const query = new URLSearchParams({
            'ssec-algo': 'AES256',
            versionId: 'sim-' + this.mac(pathname, 'v').slice(0, 12),
            exp: String(exp),
        });
        query.set('sig', this.mac(pathname, String(exp)));
        return `${this.origin()}${pathname}?${query.toString()}`;
    }

    /** Checks the signature and expiry of a request to the files origin. */
    check(pathname: string, query: URLSearchParams): PresignCheck {
        const exp = query.get('exp');
        const sig = query.get('sig');
        if (exp === null || sig === null) {
            return 'invalid';
        }
        const expected = Buffer.from(this.mac(pathname, exp));
        const given = Buffer.from(sig);
        if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
            return 'invalid';
        }
        return Number(exp) * 1000 <= this.now() ? 'expired' : 'ok';
    }

    private mac(pathname: string, exp: string): string {
        return createHmac('sha256', this.secret).update(`${pathname}\n${exp}`).digest('base64url');
    }
}

/** Percent-encodes each segment of a `/`-separated path. */
export function encodePath(path: string): string {
    return path
        .split('/')
        .map((s) => encodeURIComponent(s))
        .join('/');
}
