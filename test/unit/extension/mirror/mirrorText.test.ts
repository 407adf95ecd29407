import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MirrorTargetError } from '../../../../src/core/registry/copy/errors';
import { emptyStats } from '../../../../src/core/registry/copy/events';
import type { MirrorResult } from '../../../../src/core/registry/copy/mirror';
import { HttpError } from '../../../../src/core/http/errors';
import { cancelNotice } from '../../../../src/extension/platform/cancelText';
import {
    credentialFailure,
    MirrorProgress,
    pinnedFromLine,
    resultMessage,
} from '../../../../src/extension/mirror/mirrorText';

const D1 = `sha256:${'a'.repeat(64)}`;
const D2 = `sha256:${'b'.repeat(64)}`;

function result(overrides: Partial<MirrorResult>): MirrorResult {
    return {
        reference: `127.0.0.1:5000/m/nvidia/pytorch:25.03-py3@${D1}`,
        digest: D1,
        sourceDigest: D1,
        subset: false,
        platforms: ['linux/amd64', 'linux/arm64'],
        artifactTags: [],
        referrers: 0,
        manifests: 3,
        blobs: 6,
        dryRun: false,
        warnings: [],
        stats: emptyStats(),
        ...overrides,
    };
}

describe('mirror text (unit)', () => {
    it('Should show only what is known: reading, then checking, then bytes and blobs, then manifests', () => {
        const p = new MirrorProgress();
        assert.equal(p.text(), 'reading the image…');
        p.update({ type: 'planned', manifests: 3, blobs: 6, bytes: 3 * 1024 * 1024, artifacts: 1, sourceDigest: D1 });
        assert.equal(p.text(), 'checking the target… · 0/6 blobs · 3.0 MiB in all');
        p.update({ type: 'bytes', digest: D1, sent: 1024, totalSent: 1536 * 1024 });
        p.update({ type: 'blob', digest: D1, size: 10, outcome: 'uploaded', resumes: 0 });
        assert.equal(p.text(), 'sent 1.5 MiB · 1/6 blobs · 3.0 MiB in all');
        p.update({ type: 'manifest', digest: D1, present: false });
        assert.equal(p.text(), 'writing manifests and tags…');
    });

    it('Should say the digest held, what was sent and what was already there', () => {
        const stats = { ...emptyStats(), blobsUploaded: 4, bytesSent: 2 * 1024 * 1024, blobsExisting: 2 };
        const text = resultMessage('nvidia/pytorch:25.03-py3', result({ stats, artifactTags: ['sha256-a.sig'] }));
        assert.equal(
            text,
            'Mirrored nvidia/pytorch:25.03-py3 to 127.0.0.1:5000/m/nvidia/pytorch:25.03-py3 — digest aaaaaaaaaaaa intact; ' +
                '4 blobs sent (2.0 MiB) · 2 already there · 1 signature tag.',
        );
    });

    it('Should name both digests when a platform subset made a new index', () => {
        const text = resultMessage('x:1', result({ subset: true, digest: D2, platforms: ['linux/arm64'] }));
        assert.match(text, /a new index bbbbbbbbbbbb for linux\/arm64 \(the source's is aaaaaaaaaaaa\)/);
        assert.equal(pinnedFromLine(`h.io/x:1@${D2}`), `FROM h.io/x:1@${D2}`);
    });

    it('Should word credential refusals for the editor, naming the host and no CLI file or docker login', () => {
        for (const reason of ['noCredential', 'credentialRejected'] as const) {
            const error = new MirrorTargetError(
                reason,
                'h.io:5000',
                'CLI words: NGC_REGISTRY_CREDENTIALS docker login',
                401,
            );
            const failure = credentialFailure(error);
            assert.ok(failure, reason);
            assert.match(failure.remedy, /h\.io:5000/);
            assert.doesNotMatch(
                `${failure.title} ${failure.remedy}`,
                /NGC_REGISTRY_CREDENTIALS|docker login|ngc-explorer/,
            );
            assert.equal(failure.button, 'Add Registry Credential…');
            assert.match(failure.title, /credential/);
        }
        assert.equal(credentialFailure(new MirrorTargetError('quota', 'h.io', 'full')), undefined);
        assert.equal(
            credentialFailure(new HttpError({ kind: 'status', url: 'http://h.io/v2/', status: 401 })),
            undefined,
        );
    });

    it('Should acknowledge a cancelled mirror: no tag written, nothing resent, Run Again', () => {
        const notice = cancelNotice('mirror', 'nvidia/pytorch:25.03-py3 → h.io/m/nvidia/pytorch');
        assert.match(notice.message, /Mirror cancelled \(nvidia\/pytorch:25\.03-py3 → h\.io\/m\/nvidia\/pytorch\)/);
        assert.match(notice.message, /no tag was written/);
        assert.deepEqual(notice.actions, ['Run Again']);
        assert.match(notice.logLine, /nvidia\/pytorch:25\.03-py3/);
    });
});
