import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hostMessageSchema, webviewMessageSchema } from '../../../src/protocol/details';

describe('details protocol (unit)', () => {
    it('Should accept the ready handshake and a well-formed digest copy', () => {
        assert.ok(webviewMessageSchema.safeParse({ type: 'details/ready' }).success);
        assert.ok(
            webviewMessageSchema.safeParse({ type: 'details/copyDigest', digest: `sha256:${'0'.repeat(64)}` }).success,
        );
    });

    it('Should reject unknown message types and malformed payloads', () => {
        assert.equal(webviewMessageSchema.safeParse({ type: 'details/eval', code: 'x' }).success, false);
        assert.equal(
            webviewMessageSchema.safeParse({ type: 'details/copyDigest', digest: 'sha256:xyz' }).success,
            false,
        );
        assert.equal(webviewMessageSchema.safeParse({ type: 'details/openLink', url: 'not a url' }).success, false);
        assert.equal(hostMessageSchema.safeParse({ type: 'host/files', version: '1' }).success, false);
    });
});
