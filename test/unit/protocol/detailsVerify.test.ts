import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hostMessageSchema, webviewMessageSchema } from '../../../src/protocol/details';

describe('details protocol: verify (unit)', () => {
    it('Should accept a verify request for a tag and reject one without a tag', () => {
        assert.ok(webviewMessageSchema.safeParse({ type: 'details/verify', tag: '25.03-py3' }).success);
        assert.equal(webviewMessageSchema.safeParse({ type: 'details/verify' }).success, false);
        assert.equal(webviewMessageSchema.safeParse({ type: 'details/verify', tag: 7 }).success, false);
    });

    it('Should accept a verification answer with a known state only', () => {
        const verification = {
            state: 'invalid',
            digest: `sha256:${'0'.repeat(64)}`,
            summary: 'signature does not verify',
            details: ['sha256:1: bad'],
        };
        assert.ok(hostMessageSchema.safeParse({ type: 'host/verification', tag: '1.0', verification }).success);
        assert.equal(
            hostMessageSchema.safeParse({
                type: 'host/verification',
                tag: '1.0',
                verification: { ...verification, state: 'trusted' },
            }).success,
            false,
        );
        assert.equal(
            hostMessageSchema.safeParse({
                type: 'host/verification',
                tag: '1.0',
                verification: { ...verification, details: undefined },
            }).success,
            false,
        );
    });
});
